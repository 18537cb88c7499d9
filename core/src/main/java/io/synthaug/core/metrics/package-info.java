/**
 * Distribution distances between two sets of image features: Fréchet Inception Distance
 * ({@link io.synthaug.core.metrics.Fid}), Kernel Inception Distance
 * ({@link io.synthaug.core.metrics.Kid}), and the protocol a score must be stored with
 * ({@link io.synthaug.core.metrics.ScoreProtocol}).
 *
 * <p>Features are {@code float[][]}: one row per image, one column per feature, as a feature
 * extractor (a CNN's penultimate layer) produces them. Everything is accumulated in double
 * precision. Non-finite features are rejected with the set, row and column named, so a broken
 * extractor never turns into a NaN score. Both metrics depend on the extractor, the input size
 * and resize method and (FID strongly) on the number of images, so a score is only comparable
 * with another computed under the same {@link io.synthaug.core.metrics.ScoreProtocol}.
 */
package io.synthaug.core.metrics;
