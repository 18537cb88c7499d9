/** Drawing labeled synthetic images from a trained generator, with provenance per image. */
package io.synthaug.core.sample;
