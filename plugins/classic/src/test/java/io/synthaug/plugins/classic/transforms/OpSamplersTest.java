package io.synthaug.plugins.classic.transforms;

import static io.synthaug.plugins.classic.TestImages.constant;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The drawn values of each sampler stay in their documented ranges and spread over them. */
class OpSamplersTest {

  private static final int DRAWS = 2000;

  @Test
  void rotationAnglesSpanPlusMinusDegrees() {
    RotateParams params = new RotateParams(1.0, 20.0);
    SplittableRandom random = new SplittableRandom(1);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < DRAWS; i++) {
      double a = ((RotateParams.Drawn) params.draw(ramp(4, 4, 1), random)).degrees();
      min = Math.min(min, a);
      max = Math.max(max, a);
    }
    assertTrue(min >= -20 && min < -19, "min " + min);
    assertTrue(max <= 20 && max > 19, "max " + max);
  }

  @Test
  void wholePixelShiftsAreIntegersWithinTheFraction() {
    TranslateParams params = new TranslateParams(1.0, 0.25, true);
    Image image = ramp(12, 20, 3);
    SplittableRandom random = new SplittableRandom(2);
    boolean[] seenX = new boolean[11];
    for (int i = 0; i < DRAWS; i++) {
      TranslateParams.Drawn t = (TranslateParams.Drawn) params.draw(image, random);
      assertEquals(Math.rint(t.dx()), t.dx());
      assertEquals(Math.rint(t.dy()), t.dy());
      assertTrue(Math.abs(t.dx()) <= 5 && Math.abs(t.dy()) <= 3, t.toString());
      seenX[(int) t.dx() + 5] = true;
    }
    for (int dx = -5; dx <= 5; dx++) {
      assertTrue(seenX[dx + 5], "never shifted by " + dx);
    }
  }

  @Test
  void fractionalShiftsAreNotRounded() {
    TranslateParams params = new TranslateParams(1.0, 0.25, false);
    TranslateParams.Drawn t = (TranslateParams.Drawn) params.draw(ramp(12, 20, 1), new SplittableRandom(3));
    assertTrue(t.dx() != Math.rint(t.dx()) && Math.abs(t.dx()) <= 5, t.toString());
  }

  @Test
  void cropsLieInsideWithAreaAndRatioInRange() {
    ResizedCropParams params = new ResizedCropParams(1.0, 0.5, 0.9, 0.75, 4.0 / 3.0);
    Image image = ramp(40, 60, 3);
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < DRAWS; i++) {
      ResizedCropParams.Drawn c = (ResizedCropParams.Drawn) params.draw(image, random);
      assertTrue(c.x() >= 0 && c.y() >= 0 && c.x() + c.width() <= 60 && c.y() + c.height() <= 40, c.toString());
      double scale = (double) c.width() * c.height() / (40 * 60);
      // Rounding each side to whole pixels moves the area and ratio by a little.
      assertTrue(scale > 0.5 - 0.05 && scale < 0.9 + 0.05, c + " covers " + scale);
      double ratio = (double) c.width() / c.height();
      assertTrue(ratio > 0.75 - 0.06 && ratio < 4.0 / 3.0 + 0.06, c + " has ratio " + ratio);
    }
  }

  @Test
  void cropThatCannotFitFallsBackToTheCentredWholeImageAtTheNearestRatio() {
    ResizedCropParams params = new ResizedCropParams(1.0, 1.0, 1.0, 5.0, 10.0);
    ResizedCropParams.Drawn c = (ResizedCropParams.Drawn) params.draw(ramp(28, 28, 1), new SplittableRandom(5));
    // Width 28 at ratio 5 gives height round(5.6) = 6, centred vertically.
    assertEquals(new ResizedCropParams.Drawn(0, 11, 28, 6), c);
  }

  @Test
  void cutoutSquaresAreCentredOnPixelsOfTheImage() {
    CutoutParams params = new CutoutParams(1.0, 0.25, 3);
    Image image = ramp(20, 30, 1);
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < DRAWS; i++) {
      CutoutParams.Drawn c = (CutoutParams.Drawn) params.draw(image, random);
      assertEquals(5, c.size());
      assertEquals(3, c.xs().length);
      for (int k = 0; k < 3; k++) {
        int cx = c.xs()[k] + 2;
        int cy = c.ys()[k] + 2;
        assertTrue(cx >= 0 && cx < 30 && cy >= 0 && cy < 20, c.toString());
      }
    }
  }

  @Test
  void brightnessAndContrastDrawWithinTheirRanges() {
    BrightnessContrastParams params = new BrightnessContrastParams(1.0, 0.2, 0.4);
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < DRAWS; i++) {
      BrightnessContrastParams.Drawn d = (BrightnessContrastParams.Drawn) params.draw(ramp(2, 2, 1), random);
      assertTrue(Math.abs(d.delta()) <= 0.2, d.toString());
      assertTrue(d.factor() >= 0.6 && d.factor() <= 1.4, d.toString());
    }
  }

  @Test
  void noiseHasZeroMeanAndTheRequestedStd() {
    Image grey = constant(256, 256, 1, 0.5);
    Image out = new NoiseParams(1.0, 0.05).draw(grey, new SplittableRandom(9)).apply(grey);
    double sum = 0;
    double sumSq = 0;
    for (float v : out.pixels()) {
      double d = v - 0.5;
      sum += d;
      sumSq += d * d;
    }
    int n = out.pixels().length;
    double mean = sum / n;
    double std = Math.sqrt(sumSq / n - mean * mean);
    // With 65,536 values the mean's standard error is 0.0002 and the std's about 0.00014.
    assertEquals(0.0, mean, 0.001);
    assertEquals(0.05, std, 0.001);
  }

  @Test
  void strongNoiseIsClampedToTheUnitRange() {
    Image rgb = constant(64, 64, 3, 0.5);
    Image out = new NoiseParams(1.0, 0.5).draw(rgb, new SplittableRandom(10)).apply(rgb);
    int zeros = 0;
    int ones = 0;
    for (float v : out.pixels()) {
      assertTrue(v >= 0f && v <= 1f, "value " + v);
      zeros += v == 0f ? 1 : 0;
      ones += v == 1f ? 1 : 0;
    }
    // Noise beyond one std either way (15.9 % each side) saturates.
    double n = out.pixels().length;
    assertEquals(0.159, zeros / n, 0.01);
    assertEquals(0.159, ones / n, 0.01);
  }
}
