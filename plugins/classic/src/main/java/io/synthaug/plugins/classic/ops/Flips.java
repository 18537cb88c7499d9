package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/** Mirror images left-right and top-bottom. */
public final class Flips {

  private Flips() {
  }

  /** Mirrors left-right: pixel {@code (x, y)} moves to {@code (width - 1 - x, y)}. */
  public static Image horizontal(Image image) {
    int h = image.height();
    int w = image.width();
    int ch = image.channels();
    // Copy, then swap pixels within each row of the copy. A new array would be zeroed first,
    // a pass of writes to memory not yet in cache; a clone skips the zeroing, and the swaps
    // then work on rows the copy just brought into cache. Measured 1.3x faster on 256x256 RGB.
    float[] out = image.pixels().clone();
    if (ch == 1) {
      mirrorGrayRows(out, h, w);
    } else {
      mirrorRgbRows(out, h, w);
    }
    return new Image(h, w, ch, out);
  }

  /** Reverses each row of a one-channel image in place. */
  private static void mirrorGrayRows(float[] out, int h, int w) {
    int half = w / 2;
    for (int y = 0; y < h; y++) {
      int left = y * w;
      int right = left + w - 1;
      // A counted loop (its bound fixed before it starts) with both positions affine in k: the
      // JIT drops the bounds checks and unrolls it, where the two moving ends of a left < right
      // loop kept both. 1.35M -> 1.55M images a second on 28x28 (throwaway loop). The same
      // form for three channels measured 5 % slower than the loop in mirrorRgbRows.
      for (int k = 0; k < half; k++) {
        float t = out[left + k];
        out[left + k] = out[right - k];
        out[right - k] = t;
      }
    }
  }

  /** Reverses the pixels of each row of a three-channel image in place, channels kept in order. */
  private static void mirrorRgbRows(float[] out, int h, int w) {
    int rowLength = w * 3;
    for (int y = 0; y < h; y++) {
      int left = y * rowLength;
      int right = left + rowLength - 3;
      // three unrolled swaps measured faster than a channel loop
      for (; left < right; left += 3, right -= 3) {
        float r = out[left];
        float g = out[left + 1];
        float b = out[left + 2];
        out[left] = out[right];
        out[left + 1] = out[right + 1];
        out[left + 2] = out[right + 2];
        out[right] = r;
        out[right + 1] = g;
        out[right + 2] = b;
      }
    }
  }

  /** Mirrors top-bottom: pixel {@code (x, y)} moves to {@code (x, height - 1 - y)}. */
  public static Image vertical(Image image) {
    int h = image.height();
    int rowLength = image.width() * image.channels();
    float[] in = image.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, (h - 1 - y) * rowLength, out, y * rowLength, rowLength);
    }
    return new Image(h, image.width(), image.channels(), out);
  }
}
