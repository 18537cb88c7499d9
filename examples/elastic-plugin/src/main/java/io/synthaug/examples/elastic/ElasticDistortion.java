package io.synthaug.examples.elastic;

import io.synthaug.api.Image;
import java.util.random.RandomGenerator;

/** The pixel work of elastic distortion, apart from the stage. */
public final class ElasticDistortion {

  private ElasticDistortion() {
  }

  /**
   * A smooth random displacement field: uniform noise in [-1, 1] per pixel, blurred with a
   * gaussian of {@code sigma}, scaled by {@code alpha}.
   *
   * @return {dx, dy}, each height*width values
   */
  public static float[][] field(int height, int width, double alpha, double sigma, RandomGenerator random) {
    float[] dx = new float[height * width];
    float[] dy = new float[height * width];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = (float) (random.nextDouble() * 2 - 1);
      dy[i] = (float) (random.nextDouble() * 2 - 1);
    }
    float[] kernel = gaussian(sigma);
    blur(dx, height, width, kernel);
    blur(dy, height, width, kernel);
    for (int i = 0; i < dx.length; i++) {
      dx[i] *= (float) alpha;
      dy[i] *= (float) alpha;
    }
    return new float[][] {dx, dy};
  }

  /** Moves every pixel by the field, sampling the source bilinearly; outside reads as 0. */
  public static Image apply(Image img, float[] dx, float[] dy) {
    int h = img.height();
    int w = img.width();
    int c = img.channels();
    float[] src = img.pixels();
    float[] dst = new float[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double sx = x + dx[i];
        double sy = y + dy[i];
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int ch = 0; ch < c; ch++) {
          double v = (1 - fy) * ((1 - fx) * at(src, h, w, c, y0, x0, ch) + fx * at(src, h, w, c, y0, x0 + 1, ch))
              + fy * ((1 - fx) * at(src, h, w, c, y0 + 1, x0, ch) + fx * at(src, h, w, c, y0 + 1, x0 + 1, ch));
          dst[i * c + ch] = (float) Math.min(1.0, Math.max(0.0, v));
        }
      }
    }
    return new Image(h, w, c, dst);
  }

  private static float at(float[] src, int h, int w, int c, int y, int x, int ch) {
    return y < 0 || y >= h || x < 0 || x >= w ? 0f : src[(y * w + x) * c + ch];
  }

  private static float[] gaussian(double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      double v = Math.exp(-(i * i) / (2 * sigma * sigma));
      k[i + r] = (float) v;
      sum += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  /** Separable blur with zero padding, in place. */
  private static void blur(float[] a, int h, int w, float[] k) {
    int r = k.length / 2;
    float[] tmp = new float[a.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float s = 0;
        for (int j = -r; j <= r; j++) {
          int xx = x + j;
          if (xx >= 0 && xx < w) {
            s += k[j + r] * a[y * w + xx];
          }
        }
        tmp[y * w + x] = s;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float s = 0;
        for (int j = -r; j <= r; j++) {
          int yy = y + j;
          if (yy >= 0 && yy < h) {
            s += k[j + r] * tmp[yy * w + x];
          }
        }
        a[y * w + x] = s;
      }
    }
  }
}
