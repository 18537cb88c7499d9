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
    double fx0 = Math.floor(sx);
    double fy0 = Math.floor(sy);
    if (fx0 < -1 || fy0 < -1 || fx0 >= w || fy0 >= h) {
      return; // all four neighbours lie outside: the output keeps its 0
    }
    int x0 = (int) fx0;
    int y0 = (int) fy0;
    float fx = (float) (sx - fx0);
    float fy = (float) (sy - fy0);
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
      // their indices at any inside pixel so the loop below needs no branches.
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
    for (int c = 0; c < ch; c++) {
      float v = w00 * in[i00 + c] + w01 * in[i01 + c] + w10 * in[i10 + c] + w11 * in[i11 + c];
      // Float weights may sum to a hair above 1.
      out[di + c] = v > 1f ? 1f : v;
    }
  }
}
