package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/** Rotation about the image centre. */
public final class Rotation {

  /** Below this, a sine or cosine is rounding noise of a multiple of 90 degrees. */
  private static final double SNAP = 1e-12;

  private Rotation() {
  }

  /**
   * Rotates the image by {@code degrees} counter-clockwise as seen on screen (negative turns
   * clockwise) about its centre {@code ((width - 1) / 2, (height - 1) / 2)}, with bilinear
   * interpolation; corners that come from outside the image are 0. The size stays the same, so
   * a non-square image loses what turns outside it.
   *
   * @throws IllegalArgumentException if {@code degrees} is not finite
   */
  public static Image rotate(Image image, double degrees) {
    if (!Double.isFinite(degrees)) {
      throw new IllegalArgumentException("rotation angle must be finite, got " + degrees);
    }
    double radians = Math.toRadians(degrees);
    double cos = snap(Math.cos(radians));
    double sin = snap(Math.sin(radians));
    double cx = (image.width() - 1) / 2.0;
    double cy = (image.height() - 1) / 2.0;
    // Inverse map: an output pixel reads the source at the output offset turned back by the angle.
    return Warp.affine(image,
        cos, -sin, cx - cos * cx + sin * cy,
        sin, cos, cy - sin * cx - cos * cy);
  }

  // Exact zeros and ones for quarter turns make them pure pixel permutations, with no blur.
  private static double snap(double v) {
    if (Math.abs(v) < SNAP) {
      return 0.0;
    }
    if (Math.abs(Math.abs(v) - 1.0) < SNAP) {
      return Math.signum(v);
    }
    return v;
  }
}
