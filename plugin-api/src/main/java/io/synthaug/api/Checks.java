package io.synthaug.api;

import java.util.Collection;

/** Range checks for parameter records; each throws {@link ParamException} naming the field. */
public final class Checks {

  private Checks() {
  }

  /** {@code value} or, when it is null, {@code fallback}. */
  public static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** Checks {@code min <= value <= max}. */
  public static double range(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ParamException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Checks {@code min <= value <= max}. */
  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParamException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Checks that a probability lies in {@code [0, 1]}. */
  public static double probability(String field, double value) {
    return range(field, value, 0.0, 1.0);
  }

  /** Checks that {@code value} is finite and above zero. */
  public static double positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParamException(field, "must be a positive number, got " + value);
    }
    return value;
  }

  /** Checks that a collection is not empty. */
  public static <C extends Collection<?>> C notEmpty(String field, C value) {
    if (value == null || value.isEmpty()) {
      throw new ParamException(field, "must not be empty");
    }
    return value;
  }
}
