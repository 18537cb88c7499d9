package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/** Crops a rectangle and resizes it with bilinear interpolation. */
public final class ResizedCrop {

  private ResizedCrop() {
  }

  /**
   * Crops the rectangle with top-left pixel {@code (x, y)} and size {@code width x height}, and
   * resizes it back to the image's own size.
   *
   * @throws IllegalArgumentException if the rectangle is empty or not inside the image
   */
  public static Image apply(Image image, int x, int y, int width, int height) {
    return apply(image, x, y, width, height, image.height(), image.width());
  }

  /**
   * Crops the rectangle with top-left pixel {@code (x, y)} and size {@code width x height}, and
   * resizes it to {@code outHeight x outWidth}.
   *
   * <p>Pixel centres are aligned (output pixel {@code i} reads the crop at
   * {@code (i + 0.5) * cropSize / outSize - 0.5}) and samples beyond the crop's edge repeat its
   * edge pixels, never pixels outside the crop, so a full-image crop is the identity and a
   * constant image stays constant.
   *
   * @throws IllegalArgumentException if the rectangle is empty or not inside the image, or the
   *     output size is not positive
   */
  public static Image apply(Image image, int x, int y, int width, int height, int outHeight, int outWidth) {
    if (width < 1 || height < 1 || x < 0 || y < 0
        || x > image.width() - width || y > image.height() - height) {
      throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + x + ", " + y
          + ") is not inside the " + image.width() + "x" + image.height() + " image");
    }
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + outHeight + "x" + outWidth);
    }
    int ch = image.channels();
    int rowLength = image.width() * ch;
    // Separable tables: each output column and row resolves its two source neighbours and weight once.
    int[] col0 = new int[outWidth];
    int[] col1 = new int[outWidth];
    float[] colF = new float[outWidth];
    axis(x, width, outWidth, col0, col1, colF, ch);
    int[] row0 = new int[outHeight];
    int[] row1 = new int[outHeight];
    float[] rowF = new float[outHeight];
    axis(y, height, outHeight, row0, row1, rowF, rowLength);

    float[] in = image.pixels();
    float[] out = new float[outHeight * outWidth * ch];
    int di = 0;
    for (int oy = 0; oy < outHeight; oy++) {
      int top = row0[oy];
      int bottom = row1[oy];
      float fy = rowF[oy];
      for (int ox = 0; ox < outWidth; ox++) {
        int left = col0[ox];
        int right = col1[ox];
        float fx = colF[ox];
        for (int c = 0; c < ch; c++, di++) {
          float a = in[top + left + c];
          float b = in[top + right + c];
          float upper = a + (b - a) * fx;
          float d = in[bottom + left + c];
          float e = in[bottom + right + c];
          float lower = d + (e - d) * fx;
          float v = upper + (lower - upper) * fy;
          out[di] = v > 1f ? 1f : v;
        }
      }
    }
    return new Image(outHeight, outWidth, ch, out);
  }

  /**
   * Fills the lower and upper source offsets (index * {@code stride}) and the weight of the upper
   * one for each of {@code outSize} samples along one axis of a crop {@code [start, start + size)}.
   */
  private static void axis(int start, int size, int outSize, int[] lo, int[] hi, float[] frac, int stride) {
    double scale = (double) size / outSize;
    int last = start + size - 1;
    for (int i = 0; i < outSize; i++) {
      double s = start + (i + 0.5) * scale - 0.5;
      s = Math.max(start, Math.min(last, s));
      int s0 = (int) Math.floor(s);
      int s1 = Math.min(s0 + 1, last);
      lo[i] = s0 * stride;
      hi[i] = s1 * stride;
      frac[i] = (float) (s - s0);
    }
  }
}
