/**
 * A third-party Synthaug plugin: elastic distortion of images (Simard, Steinkraus and Platt,
 * 2003), built against the plugin API alone.
 */
package io.synthaug.examples.elastic;
