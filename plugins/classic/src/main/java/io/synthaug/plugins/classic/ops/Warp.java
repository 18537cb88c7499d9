package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/**
 * Affine resampling with bilinear interpolation and zero fill, the common core of rotation and
 * fractional translation.
 */
final class Warp {

  private Warp() {
  }

  /**
   * Each output pixel {@code (x, y)} takes the bilinear sample of {@code src} at
   * {@code (ax * x + bx * y + cx, ay * x + by * y + cy)}, reading 0 outside {@code src}.
   */
  static Image affine(Image src, double ax, double bx, double cx, double ay, double by, double cy) {
    int h = src.height();
    int w = src.width();
    int ch = src.channels();
    float[] in = src.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      // Computing each position directly (not by running sums) keeps whole-pixel maps exact.
      double rowX = bx * y + cx;
      double rowY = by * y + cy;
      int di = y * w * ch;
      for (int x = 0; x < w; x++, di += ch) {
        sample(in, h, w, ch, ax * x + rowX, ay * x + rowY, out, di);
      }
    }
    return new Image(h, w, ch, out);
  }

  /** Writes the bilinear sample at {@code (sx, sy)} of all channels to {@code out[di..]}. */
  private static void sample(float[] in, int h, int w, int ch, double sx, double sy, float[] out, int di) {
    if (!(sx >= -1 && sy >= -1 && sx < w && sy < h)) {
      return; // all four neighbours lie outside (or NaN): the output keeps its 0
    }
    // Above -1, truncating sx + 1 floors it, cheaper than Math.floor.
    int x0 = (int) (sx + 1.0) - 1;
    int y0 = (int) (sy + 1.0) - 1;
    float fx = (float) (sx - x0);
    float fy = (float) (sy - y0);
    float w00 = (1f - fx) * (1f - fy);
    float w01 = fx * (1f - fy);
    float w10 = (1f - fx) * fy;
    float w11 = fx * fy;
    int xa = x0;
    int xb = x0 + 1;
    int ya = y0;
    int yb = y0 + 1;
    if (x0 < 0 || y0 < 0 || xb >= w || yb >= h) {
      // Near the border: drop the weights of outside neighbours (they read as 0) and point
      // their indices at an inside pixel, so the blend below needs no bounds checks of its own.
      if (x0 < 0) {
        w00 = 0f;
        w10 = 0f;
        xa = 0;
      }
      if (xb >= w) {
        w01 = 0f;
        w11 = 0f;
        xb = w - 1;
      }
      if (y0 < 0) {
        w00 = 0f;
        w01 = 0f;
        ya = 0;
      }
      if (yb >= h) {
        w10 = 0f;
        w11 = 0f;
        yb = h - 1;
      }
    }
    int i00 = (ya * w + xa) * ch;
    int i01 = (ya * w + xb) * ch;
    int i10 = (yb * w + xa) * ch;
    int i11 = (yb * w + xb) * ch;
    out[di] = blend(in, i00, i01, i10, i11, w00, w01, w10, w11);
    if (ch == 3) {
      // Image allows 1 or 3 channels; unrolled like the other ops' RGB paths, which a channel loop slowed.
      out[di + 1] = blend(in, i00 + 1, i01 + 1, i10 + 1, i11 + 1, w00, w01, w10, w11);
      out[di + 2] = blend(in, i00 + 2, i01 + 2, i10 + 2, i11 + 2, w00, w01, w10, w11);
    }
  }

  private static float blend(float[] in, int i00, int i01, int i10, int i11,
      float w00, float w01, float w10, float w11) {
    float v = w00 * in[i00] + w01 * in[i01] + w10 * in[i10] + w11 * in[i11];
    // Float weights may sum to a hair above 1.
    return v > 1f ? 1f : v;
  }
}
