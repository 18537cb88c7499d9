/**
 * The Synthaug engine: loads plugins, binds pipeline specs, runs stages and writes outputs.
 */
package io.synthaug.core;
