package io.synthaug.bench;

import java.util.Locale;

/**
 * What a row's median ratio must reach.
 *
 * @param minRatio the smallest passing median ratio
 * @param source where the target comes from, e.g. {@code issue: 2x on 28x28}
 */
public record Target(double minRatio, String source) {

  /** Whether {@code median} meets the target. */
  public boolean passes(double median) {
    return median >= minRatio;
  }

  /** {@code >= 2.0x}. */
  public String format() {
    return String.format(Locale.ROOT, ">= %.1fx", minRatio);
  }
}
