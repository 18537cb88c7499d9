package io.synthaug.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Median and range of repeated measurements.
 *
 * @param median the middle value (mean of the two middle ones for an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Stats(double median, double min, double max) {

  /**
   * The statistics of {@code values}.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static Stats of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarize");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    return new Stats(median, sorted[0], sorted[n - 1]);
  }

  /** {@code median [min-max]} with a format fitted to the magnitude, e.g. {@code 1.23 [1.10-1.31]}. */
  public String format() {
    return number(median) + " [" + number(min) + "-" + number(max) + "]";
  }

  /** A rate or a ratio with about three significant digits, never in exponent notation. */
  public static String number(double v) {
    double a = Math.abs(v);
    String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, v);
  }
}
