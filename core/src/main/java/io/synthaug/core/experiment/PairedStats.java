package io.synthaug.core.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of an experiment: the mean and sample standard deviation of an arm's accuracies
 * over seeds, and the paired comparison of two arms measured on the same seeds.
 *
 * <p>Pairing matters: with one seed the pipeline, the validation split, the initial weights and
 * the batch order are the same for every arm, so seed-to-seed noise shared by both arms cancels
 * in the difference. The test is the paired (one-sample) Student's t test on the differences
 * {@code d_i = a_i - b_i}: {@code t = mean(d) / (sd(d) / sqrt(n))} with {@code n - 1} degrees of
 * freedom, and the two-sided p value {@code 2 * (1 - F(|t|))}, {@code F} being the t
 * distribution's CDF (Apache Commons Math).
 */
public final class PairedStats {

  /** Differences closer than this are the same difference told apart by rounding alone. */
  private static final double SAME = 1e-12;

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
   * One arm against another over the same seeds.
   *
   * @param n the number of pairs
   * @param meanDiff mean of {@code a_i - b_i}
   * @param sdDiff sample standard deviation of the differences
   * @param t the paired t statistic; 0 when every difference is 0, infinite when every
   *     difference is the same non-zero value
   * @param p the two-sided p value for "no difference" (1 when every difference is 0, 0 when
   *     all are the same non-zero value)
   * @param wins pairs where {@code a} is higher
   * @param losses pairs where {@code a} is lower
   * @param ties pairs with the same value
   */
  public record Paired(int n, double meanDiff, double sdDiff, double t, double p, int wins, int losses, int ties) {
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
    double t;
    double p;
    if (allSame(d)) {
      // No spread: the t statistic degenerates; say plainly what the data show.
      sd = 0;
      boolean zero = Math.abs(mean) <= SAME;
      mean = zero ? 0 : mean;
      t = zero ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
      p = zero ? 1 : 0;
    } else {
      t = mean / (sd / Math.sqrt(n));
      // The distribution is only evaluated, never sampled, so it needs no random generator.
      TDistribution dist = new TDistribution(null, n - 1);
      p = Math.min(1, 2 * dist.cumulativeProbability(-Math.abs(t)));
    }
    return new Paired(n, mean, sd, t, p, wins, losses, n - wins - losses);
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

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
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
