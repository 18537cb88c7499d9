package io.synthaug.core.metrics;

/**
 * An FID score with what is needed to judge it.
 *
 * @param value the Fréchet distance between the two fitted Gaussians (0 for identical
 *     statistics; rounding can leave it a few ulps below 0)
 * @param nA images in set A
 * @param nB images in set B
 * @param dim features per image
 * @param reliable whether both sets have at least {@link Fid#MIN_IMAGES_PER_FEATURE} images per
 *     feature (see {@link Fid} for the rule)
 * @param note for people: why the score is or is not reliable, and how many images would make it so
 */
public record FidResult(double value, int nA, int nB, int dim, boolean reliable, String note) {
}
