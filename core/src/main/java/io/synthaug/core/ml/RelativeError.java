package io.synthaug.core.ml;

/** How far float32 results are from a higher-precision reference, as one number. */
public final class RelativeError {

  private RelativeError() {
  }

  /**
   * The largest difference of {@code actual} from {@code expected}, relative to the largest
   * magnitude in {@code expected} (absolute where that is zero); NaN when {@code actual} holds a
   * NaN or an infinity, so that a caller's {@code error <= limit} fails on it.
   *
   * @throws IllegalArgumentException when the lengths differ
   */
  public static double of(double[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(actual.length + " values against a reference of " + expected.length);
    }
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      if (!Float.isFinite(actual[i])) {
        return Double.NaN;
      }
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    return scale == 0 ? worst : worst / scale;
  }
}
