package io.synthaug.core.metrics;

/**
 * A KID score: the unbiased MMD^2 estimate averaged over random subsets, with its spread.
 *
 * @param mean the average of the subset estimates: the score to report
 * @param std the standard deviation (denominator {@code subsets - 1}) of the subset estimates:
 *     the uncertainty of one estimate from {@code subsetSize} images a set, the figure
 *     commonly reported beside KID; 0 when only one subset was drawn
 * @param stdError {@code std / sqrt(subsets)}: how far {@code mean} may sit from the average over
 *     all possible subsets of these features. It does not cover the variation from drawing other
 *     images, so it understates the uncertainty when {@code subsetSize} is a large share of the
 *     sets (see {@link Kid})
 * @param subsets the number of subsets the mean is over (1 when every subset would be the whole
 *     of both sets)
 * @param subsetSize images drawn from each set per subset
 * @param nA images in set A
 * @param nB images in set B
 */
public record KidResult(double mean, double std, double stdError, int subsets, int subsetSize, int nA, int nB) {
}
