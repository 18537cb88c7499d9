package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.ParamException;
import java.util.random.RandomGenerator;

/** Drawing and validation helpers shared by the op parameter records. */
final class Draws {

  private Draws() {
  }

  /**
   * A uniform value in {@code [lo, hi)}, or {@code lo} when both are equal; always takes exactly
   * one value from {@code random} so the stream stays aligned whatever the range.
   */
  static double uniform(RandomGenerator random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** The probability {@code p}, defaulting to {@code fallback}, checked to lie in {@code [0, 1]}. */
  static double probability(Double p, double fallback) {
    return Checks.probability("p", Checks.orDefault(p, fallback));
  }

  /** Checks that a fraction lies in {@code (0, 1]}. */
  static double fraction(String field, double value) {
    if (!(value > 0.0 && value <= 1.0)) {
      throw new ParamException(field, "must be above 0 and at most 1, got " + value);
    }
    return value;
  }

  /** Checks {@code min <= max} for a pair of range bounds. */
  static void ordered(String minField, double min, String maxField, double max) {
    if (max < min) {
      throw new ParamException(maxField, "must be >= " + minField + " (" + min + "), got " + max);
    }
  }
}
