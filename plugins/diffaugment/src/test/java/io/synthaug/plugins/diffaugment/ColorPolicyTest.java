package io.synthaug.plugins.diffaugment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorPolicyTest extends CpuManagerTest {

  private static final float EPS = 1e-6f;
  /**
   * A grayscale image of two values v1 and v2 in equal parts has mean (v1 + v2) / 2, so
   * brightness then contrast give {@code (x - mean) * c + mean + b}: checked with b and c
   * replayed, and the draws stay inside their ranges.
   */
  @Test
  void grayscaleIsBrightnessThenContrast() {
    int n = 6;
    int h = 8;
    int w = 8;
    float[] in = new float[n * h * w];
    for (int p = 0; p < in.length; p++) {
      in[p] = (p % w) < w / 2 ? -0.6f : 0.2f;
    }
    float mean = (-0.6f + 0.2f) / 2;
    double minB = 1;
    double maxB = -1;
    double minC = 2;
    double maxC = 0;
    for (long seed = 0; seed < 50; seed++) {
      float[] out = new ColorPolicy().apply(Nd.batch(manager, in, n, 1, h, w), Nd.flags(n, true),
          new SplittableRandom(seed)).toFloatArray();
      SplittableRandom replay = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        float b = (float) replay.nextDouble(-0.5, 0.5);
        float c = (float) replay.nextDouble(0.5, 1.5);
        minB = Math.min(minB, b);
        maxB = Math.max(maxB, b);
        minC = Math.min(minC, c);
        maxC = Math.max(maxC, c);
        for (int p = 0; p < h * w; p++) {
          float x = in[i * h * w + p];
          assertEquals((x - mean) * c + mean + b, out[i * h * w + p], EPS, "image " + i + " pixel " + p);
        }
      }
    }
    assertTrue(minB >= -0.5 && maxB <= 0.5 && minB < -0.4 && maxB > 0.4, minB + ".." + maxB);
    assertTrue(minC >= 0.5 && maxC <= 1.5 && minC < 0.6 && maxC > 1.4, minC + ".." + maxC);
  }

  /**
   * An RGB image with one colour (r, g, b) everywhere: brightness adds b to each channel,
   * saturation scales each channel's distance to the grey m = mean(r, g, b) + b by s, and
   * contrast around the whole image's mean (m again) scales it by c. So the output is
   * {@code m + (x + b - m) * s * c}.
   */
  @Test
  void rgbAddsSaturationAroundTheGrey() {
    int n = 4;
    int h = 5;
    int w = 7;
    float[] colour = {0.6f, -0.2f, 0.1f};
    float[] in = new float[n * 3 * h * w];
    for (int p = 0; p < in.length; p++) {
      in[p] = colour[(p / (h * w)) % 3];
    }
    for (long seed = 0; seed < 30; seed++) {
      float[] out = new ColorPolicy().apply(Nd.batch(manager, in, n, 3, h, w), Nd.flags(n, true),
          new SplittableRandom(seed)).toFloatArray();
      SplittableRandom replay = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        float b = (float) replay.nextDouble(-0.5, 0.5);
        float s = (float) replay.nextDouble(0, 2);
        float c = (float) replay.nextDouble(0.5, 1.5);
        float m = (colour[0] + colour[1] + colour[2]) / 3 + b;
        for (int ch = 0; ch < 3; ch++) {
          float expected = m + (colour[ch] + b - m) * s * c;
          for (int p = 0; p < h * w; p++) {
            assertEquals(expected, out[((i * 3) + ch) * h * w + p], EPS, "seed " + seed + " image " + i + " channel " + ch);
          }
        }
      }
    }
  }

  /** A grey RGB image has no saturation to change: only brightness shows. */
  @Test
  void greyRgbOnlyChangesBrightness() {
    int n = 3;
    float[] out = new ColorPolicy().apply(Nd.batch(manager, Nd.constant(n * 3 * 4 * 4, 0.3f), n, 3, 4, 4),
        Nd.flags(n, true), new SplittableRandom(9)).toFloatArray();
    SplittableRandom replay = new SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      float b = (float) replay.nextDouble(-0.5, 0.5);
      replay.nextDouble(0, 2);
      replay.nextDouble(0.5, 1.5);
      for (int p = 0; p < 3 * 16; p++) {
        assertEquals(0.3f + b, out[i * 48 + p], EPS);
      }
    }
  }
}
