package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.gray;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class BrightnessContrastTest {

  private static Image rgbPair() {
    return new Image(1, 2, 3, new float[] {0.2f, 0.5f, 0.9f, 0.4f, 0.5f, 0.7f});
  }

  @Test
  void brightnessAddsAndClamps() {
    Image img = gray(new double[][] {{0.1, 0.5, 0.95}});
    double[] up = {0.2, 0.6, 1.0};
    double[] down = {0.0, 0.3, 0.75};
    assertEveryPixel((x, y, c) -> up[x], BrightnessContrast.brightness(img, 0.1), 1e-6);
    assertEveryPixel((x, y, c) -> down[x], BrightnessContrast.brightness(img, -0.2), 1e-6);
  }

  @Test
  void contrastScalesAroundTheMean() {
    Image img = gray(new double[][] {{0.2, 0.4, 0.6}});
    double[] doubled = {0.0, 0.4, 0.8};
    assertEveryPixel((x, y, c) -> doubled[x], BrightnessContrast.contrast(img, 2.0), 1e-6);
    assertEveryPixel((x, y, c) -> 0.4, BrightnessContrast.contrast(img, 0.0), 1e-6);
    assertEveryPixel((x, y, c) -> img.get(y, x, c), BrightnessContrast.contrast(img, 1.0), 1e-6);
  }

  @Test
  void rgbUsesEachChannelsOwnMean() {
    Image rgb = rgbPair();
    assertArrayEquals(new float[] {0.3f, 0.5f, 0.8f}, BrightnessContrast.channelMeans(rgb), 1e-6f);
    // (v - mean) * 2 + mean, the blue 1.1 clamped to 1.
    double[][] doubled = {{0.1, 0.5, 1.0}, {0.5, 0.5, 0.6}};
    assertEveryPixel((x, y, c) -> doubled[x][c], BrightnessContrast.contrast(rgb, 2.0), 1e-6);
  }

  @Test
  void adjustAppliesContrastThenBrightness() {
    double[][] expected = {{0.2, 0.6, 1.0}, {0.6, 0.6, 0.7}};
    assertEveryPixel((x, y, c) -> expected[x][c], BrightnessContrast.adjust(rgbPair(), 0.1, 2.0), 1e-6);
  }

  @Test
  void strongChangesStayInRange() {
    Image out = BrightnessContrast.adjust(ramp(8, 8, 3), 0.3, 3.0);
    for (float v : out.pixels()) {
      if (v < 0f || v > 1f) {
        throw new AssertionError("value out of range: " + v);
      }
    }
  }
}
