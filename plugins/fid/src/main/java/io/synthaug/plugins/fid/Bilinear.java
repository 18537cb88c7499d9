package io.synthaug.plugins.fid;

import io.synthaug.api.Image;

/**
 * Bilinear resizing on pixel centres: output pixel {@code (y, x)} samples the input at
 * {@code ((y + 0.5) * inH / outH - 0.5, (x + 0.5) * inW / outW - 0.5)}, clamped to the image,
 * which is what OpenCV's {@code INTER_LINEAR} and PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} compute, the resize FID code usually feeds Inception with. No
 * anti-aliasing when shrinking, for the same reason.
 */
final class Bilinear {

  private Bilinear() {
  }

  /** {@code image} resized to {@code height x width}, same channels; the same image when the size already fits. */
  static Image resize(Image image, int height, int width) {
    if (image.height() == height && image.width() == width) {
      return image;
    }
    int c = image.channels();
    int[] y0 = new int[height];
    int[] y1 = new int[height];
    float[] fy = new float[height];
    taps(image.height(), height, y0, y1, fy);
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    float[] fx = new float[width];
    taps(image.width(), width, x0, x1, fx);
    float[] src = image.pixels();
    float[] out = new float[height * width * c];
    int inW = image.width();
    for (int y = 0; y < height; y++) {
      int top = y0[y] * inW;
      int bottom = y1[y] * inW;
      float wy = fy[y];
      for (int x = 0; x < width; x++) {
        float wx = fx[x];
        for (int ch = 0; ch < c; ch++) {
          float a = src[(top + x0[x]) * c + ch];
          float b = src[(top + x1[x]) * c + ch];
          float d = src[(bottom + x0[x]) * c + ch];
          float e = src[(bottom + x1[x]) * c + ch];
          float upper = a + (b - a) * wx;
          float lower = d + (e - d) * wx;
          out[(y * width + x) * c + ch] = upper + (lower - upper) * wy;
        }
      }
    }
    return new Image(height, width, c, out);
  }

  /** For each output row (or column), the two input rows it blends and the weight of the second. */
  private static void taps(int in, int out, int[] lo, int[] hi, float[] weight) {
    double step = (double) in / out;
    for (int i = 0; i < out; i++) {
      double s = Math.max(0, Math.min(in - 1, (i + 0.5) * step - 0.5));
      int floor = (int) Math.floor(s);
      lo[i] = floor;
      hi[i] = Math.min(floor + 1, in - 1);
      weight[i] = (float) (s - floor);
    }
  }
}
