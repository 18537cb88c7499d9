package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;
import java.util.Arrays;

/** Zeroes square patches (cutout, random erasing). */
public final class Cutout {

  private Cutout() {
  }

  /**
   * Zeroes the {@code size x size} square whose top-left pixel is {@code (x, y)}, in all
   * channels. The square may reach past the borders (or lie wholly outside); only its part
   * inside the image is zeroed.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static Image apply(Image image, int x, int y, int size) {
    return apply(image, new int[] {x}, new int[] {y}, size);
  }

  /**
   * Zeroes several {@code size x size} squares, square {@code i} with top-left pixel
   * {@code (xs[i], ys[i])}, clipped at the borders as in {@link #apply(Image, int, int, int)}.
   *
   * @throws IllegalArgumentException if {@code size} is negative or the arrays differ in length
   */
  public static Image apply(Image image, int[] xs, int[] ys, int size) {
    if (size < 0) {
      throw new IllegalArgumentException("cutout size must be >= 0, got " + size);
    }
    if (xs.length != ys.length) {
      throw new IllegalArgumentException("cutout has " + xs.length + " x positions but " + ys.length + " y positions");
    }
    int h = image.height();
    int w = image.width();
    int ch = image.channels();
    float[] out = image.pixels().clone();
    for (int i = 0; i < xs.length; i++) {
      // Long arithmetic so squares far outside the image clip instead of overflowing.
      int x0 = (int) Math.max(0L, Math.min(w, (long) xs[i]));
      int x1 = (int) Math.max(0L, Math.min(w, (long) xs[i] + size));
      int y0 = (int) Math.max(0L, Math.min(h, (long) ys[i]));
      int y1 = (int) Math.max(0L, Math.min(h, (long) ys[i] + size));
      if (x1 > x0) {
        for (int y = y0; y < y1; y++) {
          Arrays.fill(out, (y * w + x0) * ch, (y * w + x1) * ch, 0f);
        }
      }
    }
    return new Image(h, w, ch, out);
  }
}
