package io.synthaug.plugins.classic.ops;

/** Small numeric helpers shared by the operations. */
final class Pixels {

  private Pixels() {
  }

  /** {@code v} limited to {@code [0, 1]}. */
  static float clamp01(float v) {
    return v < 0f ? 0f : (v > 1f ? 1f : v);
  }

  /** Whether {@code v} is a whole number, so a shift by it can move rows without resampling. */
  static boolean isWhole(double v) {
    return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE;
  }
}
