package io.synthaug.core.experiment;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of an experiment: the mean and sample standard deviation of an arm's accuracies
 * over seeds, the paired comparison of two arms measured on the same seeds, and the Holm
 * adjustment of several comparisons' p values.
 *
 * <p>Pairing matters: with one seed the pipeline, the validation split, the initial weights and
 * the batch order are the same for every arm, so seed-to-seed noise shared by both arms cancels
 * in the difference. A comparison reports, on the differences {@code d_i = a_i - b_i}:
 * <ul>
 *   <li>their mean with a 95 % confidence interval {@code mean ± q * sd / sqrt(n)}, {@code q}
 *       the 0.975 quantile of Student's t with {@code n - 1} degrees of freedom;</li>
 *   <li>the paired (one-sample) t test: {@code t = mean / (sd / sqrt(n))} and the two-sided p value
 *       {@code 2 * F(-|t|)}, {@code F} being the t distribution's CDF (Apache Commons Math);</li>
 *   <li>the exact sign-flip (permutation) test: under "no difference" each {@code d_i} is as
 *       likely to have come out as {@code -d_i}, so the p value is the share of the {@code 2^n}
 *       sign patterns whose mean is at least as far from 0 as the observed one. It assumes no
 *       normal distribution, and its smallest possible value, {@code 2^(1 - n)}, tells how many
 *       seeds a result needs before it can say anything.</li>
 * </ul>
 * When every difference is the same value the t statistic, its p value and the t interval are
 * undefined (NaN here, null in {@code results.json}, "n/a" in tables): the sample shows no spread,
 * which is not certainty. The sign-flip p value is still defined.
 */
public final class PairedStats {

  /** Differences closer than this are the same difference told apart by rounding alone. */
  private static final double SAME = 1e-12;
  /**
   * Sums of differences closer than this count as equally far from 0 in the sign-flip test;
   * far below the resolution of any test set (a sum of at most 20 differences of accuracies).
   */
  private static final double SAME_SUM = 1e-9;

  /** The confidence level of the interval around a mean difference. */
  public static final double CONFIDENCE = 0.95;

  /**
   * The most pairs whose {@code 2^n} sign patterns {@link #signFlipP} enumerates (about a million
   * patterns); with more, the sign-flip p value is not computed (NaN) and the t test stands alone.
   */
  public static final int SIGN_FLIP_MAX_PAIRS = 20;

  private PairedStats() {
  }

  /**
   * Mean and spread of values.
   *
   * @param n the number of values
   * @param mean their mean
   * @param sd the sample standard deviation (divisor {@code n - 1}); NaN for one value
   */
  public record Summary(int n, double mean, double sd) {
  }

  /**
   * One arm against another over the same seeds. Every value that does not exist for the data
   * at hand is NaN, never an infinity or a made-up 0 or 1.
   *
   * @param n the number of pairs
   * @param meanDiff mean of {@code a_i - b_i}
   * @param sdDiff sample standard deviation of the differences (0 when all are the same)
   * @param ciLow lower end of the 95 % t confidence interval of the mean difference; NaN when
   *     every difference is the same
   * @param ciHigh upper end of that interval; NaN when every difference is the same
   * @param t the paired t statistic; NaN when every difference is the same
   * @param p the t test's two-sided p value for "no difference"; NaN when every difference is
   *     the same
   * @param signFlipP the exact sign-flip test's two-sided p value; NaN for more than
   *     {@link #SIGN_FLIP_MAX_PAIRS} pairs
   * @param wins pairs where {@code a} is higher
   * @param losses pairs where {@code a} is lower
   * @param ties pairs with the same value
   */
  public record Paired(int n, double meanDiff, double sdDiff, double ciLow, double ciHigh, double t, double p,
      double signFlipP, int wins, int losses, int ties) {

    /** Whether the t statistic, its p value and its interval exist (the differences vary). */
    public boolean tDefined() {
      return !Double.isNaN(t);
    }
  }

  /** The mean and sample standard deviation of {@code values}. */
  public static Summary summarize(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarize");
    }
    double mean = mean(values);
    return new Summary(values.length, mean, sd(values, mean));
  }

  /**
   * The paired comparison of {@code a} against {@code b}, element {@code i} of each measured on
   * the same seed.
   *
   * @throws IllegalArgumentException when the lengths differ or there are fewer than 2 pairs
   */
  public static Paired paired(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired values need equal lengths, got " + a.length + " and " + b.length);
    }
    int n = a.length;
    if (n < 2) {
      throw new IllegalArgumentException("a paired comparison needs at least 2 pairs, got " + n);
    }
    double[] d = new double[n];
    int wins = 0;
    int losses = 0;
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
      if (a[i] > b[i]) {
        wins++;
      } else if (a[i] < b[i]) {
        losses++;
      }
    }
    double mean = mean(d);
    double sd = sd(d, mean);
    double ciLow = Double.NaN;
    double ciHigh = Double.NaN;
    double t = Double.NaN;
    double p = Double.NaN;
    if (allSame(d)) {
      // No spread: the t statistic would divide by 0. The sample says nothing about the noise, so
      // t, its p and its interval do not exist; the sign-flip test still gives an honest p.
      sd = 0;
      mean = Math.abs(mean) <= SAME ? 0 : mean;
    } else {
      double se = sd / Math.sqrt(n);
      t = mean / se;
      // The distribution is only evaluated, never sampled, so it needs no random generator.
      TDistribution dist = new TDistribution(null, n - 1);
      p = Math.min(1, 2 * dist.cumulativeProbability(-Math.abs(t)));
      double half = dist.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2) * se;
      ciLow = mean - half;
      ciHigh = mean + half;
    }
    return new Paired(n, mean, sd, ciLow, ciHigh, t, p, signFlipP(d), wins, losses, n - wins - losses);
  }

  /**
   * The exact two-sided sign-flip p value of {@code d}: the share of the {@code 2^n} patterns
   * {@code (±d_1, ..., ±d_n)} whose sum is at least as far from 0 as the sum of {@code d}
   * (within {@link #SAME_SUM}, so that rounding does not decide). {@code n} equal non-zero
   * differences give {@code 2^(1 - n)}, differences that are all 0 give 1.
   *
   * @return the p value, or NaN for more than {@link #SIGN_FLIP_MAX_PAIRS} differences
   * @throws IllegalArgumentException when {@code d} is empty
   */
  public static double signFlipP(double[] d) {
    int n = d.length;
    if (n == 0) {
      throw new IllegalArgumentException("no differences to test");
    }
    if (n > SIGN_FLIP_MAX_PAIRS) {
      return Double.NaN;
    }
    double observed = Math.abs(sum(d));
    long patterns = 1L << n;
    long asFar = 0;
    for (long mask = 0; mask < patterns; mask++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += (mask & (1L << i)) != 0 ? -d[i] : d[i];
      }
      if (Math.abs(s) >= observed - SAME_SUM) {
        asFar++;
      }
    }
    return (double) asFar / patterns;
  }

  /**
   * The smallest p value the sign-flip test can give with {@code n} pairs, {@code 2^(1 - n)}:
   * every seed's difference the same sign and size. When it is not below the significance level,
   * no result of {@code n} seeds can be told from chance by that test.
   */
  public static double smallestSignFlipP(int n) {
    return Math.pow(2, 1 - n);
  }

  /**
   * Holm's step-down adjustment of {@code p} for {@code p.length} comparisons made together:
   * with the p values sorted ascending, the {@code k}-th (from 0) is multiplied by
   * {@code m - k}, capped at 1, and made no smaller than any adjusted value before it. It keeps
   * the chance of any false "it differs" among all comparisons at the chosen level. A NaN (an
   * undefined p) ranks as 1, the most cautious place, counts as a comparison, and stays NaN.
   *
   * @return the adjusted p values, in the order of {@code p}
   */
  public static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    // stable: equal p values keep their input order, so the result never depends on the sort
    Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(p[i]) ? 1.0 : p[i]));
    double[] adjusted = new double[m];
    double running = 0;
    for (int k = 0; k < m; k++) {
      int i = order[k];
      double raw = Double.isNaN(p[i]) ? 1.0 : p[i];
      running = Math.max(running, Math.min(1, (m - k) * raw));
      adjusted[i] = Double.isNaN(p[i]) ? Double.NaN : running;
    }
    return adjusted;
  }

  /**
   * Whether every difference is the same value. Accuracies are fractions of a test set, so the
   * same difference on different bases ({@code 6807/7000 - 6800/7000} and
   * {@code 6817/7000 - 6810/7000}) can differ in the last bits; far below any test set's
   * resolution, such differences count as equal.
   */
  private static boolean allSame(double[] d) {
    for (double x : d) {
      if (!(Math.abs(x - d[0]) <= SAME)) {
        return false;
      }
    }
    return true;
  }

  private static double sum(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum;
  }

  private static double mean(double[] v) {
    return sum(v) / v.length;
  }

  private static double sd(double[] v, double mean) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }
}
