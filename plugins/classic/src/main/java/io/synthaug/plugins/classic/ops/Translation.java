package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/** Shifts of the image content, filling what enters from outside with 0. */
public final class Translation {

  private Translation() {
  }

  /**
   * Moves the content by whole pixels: pixel {@code (x, y)} moves to {@code (x + dx, y + dy)},
   * so positive {@code dx} shifts right and positive {@code dy} down. Exact (no resampling).
   */
  public static Image shift(Image image, int dx, int dy) {
    int h = image.height();
    int w = image.width();
    int ch = image.channels();
    float[] in = image.pixels();
    float[] out = new float[in.length];
    // Long arithmetic: a shift beyond the image must give a black image, not an overflow.
    int dstX0 = (int) Math.max(0L, Math.min(w, (long) dx));
    int dstX1 = (int) Math.max(0L, Math.min(w, (long) w + dx));
    int length = (dstX1 - dstX0) * ch;
    if (length > 0) {
      int srcX0 = dstX0 - dx;
      for (int y = 0; y < h; y++) {
        long sy = (long) y - dy;
        if (sy >= 0 && sy < h) {
          System.arraycopy(in, ((int) sy * w + srcX0) * ch, out, (y * w + dstX0) * ch, length);
        }
      }
    }
    return new Image(h, w, ch, out);
  }

  /**
   * Moves the content by {@code (dx, dy)} pixels, which may be fractional: whole shifts are
   * exact, others are interpolated bilinearly. Positive {@code dx} shifts right, positive
   * {@code dy} down.
   *
   * @throws IllegalArgumentException if a shift is not finite
   */
  public static Image shift(Image image, double dx, double dy) {
    if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
      throw new IllegalArgumentException("translation must be finite, got (" + dx + ", " + dy + ")");
    }
    if (Pixels.isWhole(dx) && Pixels.isWhole(dy)) {
      return shift(image, (int) dx, (int) dy);
    }
    return Warp.translate(image, dx, dy);
  }
}
