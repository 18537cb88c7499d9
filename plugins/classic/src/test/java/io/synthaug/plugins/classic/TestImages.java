package io.synthaug.plugins.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.synthaug.api.Image;

/** Hand-made images and pixel assertions shared by the tests. */
public final class TestImages {

  private TestImages() {
  }

  /** A grayscale image from rows of values. */
  public static Image gray(double[][] rows) {
    int h = rows.length;
    int w = rows[0].length;
    float[] px = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (float) rows[y][x];
      }
    }
    return new Image(h, w, 1, px);
  }

  /**
   * An image whose every value differs: value {@code i} (HWC order) is {@code (i + 1) / (n + 1)},
   * strictly inside {@code (0, 1)}, so any moved, lost or mixed value shows.
   */
  public static Image ramp(int h, int w, int ch) {
    int n = h * w * ch;
    float[] px = new float[n];
    for (int i = 0; i < n; i++) {
      px[i] = (float) (i + 1) / (n + 1);
    }
    return new Image(h, w, ch, px);
  }

  /** An image with every value {@code v}. */
  public static Image constant(int h, int w, int ch, double v) {
    float[] px = new float[h * w * ch];
    java.util.Arrays.fill(px, (float) v);
    return new Image(h, w, ch, px);
  }

  /** The value of {@code image} at {@code (x, y, c)}, or 0 outside it (the ops' fill). */
  public static float at(Image image, int x, int y, int c) {
    if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
      return 0f;
    }
    return image.get(y, x, c);
  }

  /** A pixel rule for {@link #assertEveryPixel}. */
  @FunctionalInterface
  public interface Expected {
    /** The expected value at column {@code x}, row {@code y}, channel {@code c}. */
    double at(int x, int y, int c);
  }

  /** Checks every value of {@code actual} against {@code expected} within {@code tolerance}. */
  public static void assertEveryPixel(Expected expected, Image actual, double tolerance) {
    for (int y = 0; y < actual.height(); y++) {
      for (int x = 0; x < actual.width(); x++) {
        for (int c = 0; c < actual.channels(); c++) {
          double want = expected.at(x, y, c);
          float got = actual.get(y, x, c);
          if (!(Math.abs(got - want) <= tolerance)) {
            fail("pixel x=" + x + " y=" + y + " c=" + c + ": expected " + want + " but got " + got);
          }
        }
      }
    }
  }

  /** Checks that {@code actual} has the shape of {@code expected} and the very same values. */
  public static void assertSameImage(Image expected, Image actual) {
    assertEquals(expected.shape(), actual.shape());
    assertEveryPixel((x, y, c) -> expected.get(y, x, c), actual, 0.0);
  }
}
