package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the span-splitting affine warp against a plain per-pixel bilinear sampler in double
 * precision, over maps that put the inner, border and outside spans everywhere in a row.
 */
class WarpTest {

  /** Float sample positions are good to about 1e-5 pixel on these sizes; values are in [0, 1]. */
  private static final double TOLERANCE = 1e-4;

  @Test
  void matchesPlainBilinearSamplingForRandomRotationsShiftsAndScales() {
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 300; trial++) {
      // A few large images, where float positions have the least precision to spare.
      int limit = trial < 20 ? 300 : 40;
      int h = 1 + random.nextInt(limit);
      int w = 1 + random.nextInt(limit);
      Image src = noise(h, w, random.nextBoolean() ? 1 : 3, random);
      double angle = random.nextDouble(-Math.PI, Math.PI);
      double scale = random.nextDouble(0.3, 2.5);
      double ax = Math.cos(angle) * scale;
      double bx = -Math.sin(angle) * scale;
      double ay = Math.sin(angle) * scale;
      double by = Math.cos(angle) * scale;
      double cx = random.nextDouble(-1.5 * w, 1.5 * w);
      double cy = random.nextDouble(-1.5 * h, 1.5 * h);
      assertMatchesReference(src, ax, bx, cx, ay, by, cy);
    }
  }

  @Test
  void matchesReferenceForShiftsAHairFromWholePixels() {
    // Offsets one float step from a whole number put samples right on the span boundaries.
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int h = 1 + random.nextInt(20);
      int w = 1 + random.nextInt(20);
      Image src = noise(h, w, random.nextBoolean() ? 1 : 3, random);
      float cx = nearWhole(random, w);
      float cy = nearWhole(random, h);
      double slope = random.nextBoolean() ? 0 : random.nextDouble(-0.2, 0.2);
      assertMatchesReference(src, 1, slope, cx, slope, 1, cy);
    }
  }

  private static float nearWhole(SplittableRandom random, int size) {
    float whole = random.nextInt(-size - 1, size + 2);
    int step = random.nextInt(3);
    return step == 0 ? Math.nextDown(whole) : step == 1 ? Math.nextUp(whole) : whole;
  }

  @Test
  void matchesReferenceForAxisAlignedAndDegenerateMaps() {
    SplittableRandom random = new SplittableRandom(7);
    Image src = noise(9, 13, 3, random);
    // Pure fractional shifts, a mirror, a map constant along rows and a near-zero slope.
    assertMatchesReference(src, 1, 0, 0.25, 0, 1, -0.75);
    assertMatchesReference(src, -1, 0, 12.5, 0, 1, 0);
    assertMatchesReference(src, 0, 1, 0.5, 0, 0.5, 3.25);
    assertMatchesReference(src, 1e-12, 1, -0.5, 1e-12, 1, 0.5);
    // Wholly outside: every value is the zero fill.
    assertMatchesReference(src, 1, 0, 100, 0, 1, 0);
    assertMatchesReference(src, 1, 0, -13, 0, 1, -9);
  }

  @Test
  void samplesAHairInsideTheLastRowOrColumnReadNothingBeyondIt() {
    Image src = noise(4, 4, 3, new SplittableRandom(3));
    // The largest float below 4: adding 1f to it rounds up to 5, one row past the image.
    double justInside = Math.nextDown(4f);
    assertMatchesReference(src, 1, 0, 0, 0, 1, justInside);
    assertMatchesReference(src, 1, 0, justInside, 0, 1, 0);
  }

  @Test
  void fusesMultiplyAddUnlessTheSystemPropertyTurnsItOff() {
    // The build runs this class twice, the second time with the property false (see the pom),
    // so both arithmetic paths pass every test here on any machine.
    if ("false".equals(System.getProperty(Warp.FUSED_PROPERTY))) {
      assertFalse(Warp.FUSED, "fused with " + Warp.FUSED_PROPERTY + "=false");
    }
  }

  @Test
  void wholePixelMapsMoveValuesExactly() {
    Image src = ramp(5, 8, 3);
    assertSameImage(Translation.shift(src, 2, -1), Warp.affine(src, 1, 0, -2, 0, 1, 1));
    assertSameImage(Flips.horizontal(src), Warp.affine(src, -1, 0, 7, 0, 1, 0));
  }

  @Test
  void paddedSmallImagePathMatchesTheSpanPathForRotationsAndShifts() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int h = 1 + random.nextInt(64);
      int w = 1 + random.nextInt(Warp.SMALL_PIXELS / h);
      Image src = noise(h, w, random.nextBoolean() ? 1 : 3, random);
      double angle = trial % 10 == 0 ? Math.PI / 2 * random.nextInt(4) : random.nextDouble(-Math.PI, Math.PI);
      double cos = Math.abs(Math.cos(angle)) < 1e-12 ? 0 : Math.cos(angle);
      double sin = Math.abs(Math.sin(angle)) < 1e-12 ? 0 : Math.sin(angle);
      double cx = random.nextDouble(-1.5 * w, 1.5 * w);
      double cy = random.nextDouble(-1.5 * h, 1.5 * h);
      Image small = Warp.affineSmall(src, cos, -sin, cx, sin, cos, cy);
      Image spans = Warp.affineSpans(src, cos, -sin, cx, sin, cos, cy);
      // float positions near 1.5 times the side round differently in the two frames (1e-5 pixel)
      assertEveryPixel((x, y, c) -> spans.get(y, x, c), small, TOLERANCE);
      assertEveryPixel((x, y, c) -> reference(src, cos * x - sin * y + cx, sin * x + cos * y + cy, c), small,
          TOLERANCE);
    }
    Image ramp = ramp(28, 28, 1);
    // quarter turns and whole shifts stay exact permutations
    assertSameImage(Warp.affineSpans(ramp, 0, -1, 27, 1, 0, 0), Warp.affineSmall(ramp, 0, -1, 27, 1, 0, 0));
    assertSameImage(Translation.shift(ramp, 3, -2), Warp.affineSmall(ramp, 1, 0, -3, 0, 1, 2));
  }

  @Test
  void turnsAboutTheCentreBlendWholeRowsAndMatchTheSpanPathAtEveryAngle() {
    // The padded margin is sized for any angle about the centre: unless the image is too thin
    // for one (margin 2), those maps take the loop without spans, whose samples (corners at 45
    // degrees reach furthest) must all stay inside the buffer and agree with the span path and
    // the reference.
    SplittableRandom random = new SplittableRandom(3);
    int[][] shapes = {{28, 28}, {64, 64}, {17, 23}, {23, 17}, {2, 3}, {9, 40}, {40, 9}, {1, 1}, {1, 60},
        {60, 1}};
    for (int[] shape : shapes) {
      int h = shape[0];
      int w = shape[1];
      Image src = noise(h, w, random.nextBoolean() ? 1 : 3, random);
      for (double degrees = -180; degrees <= 180; degrees += 7.5) {
        for (double turn : new double[] {degrees, degrees + 0.01, Math.nextUp(degrees)}) {
          double rad = Math.toRadians(turn);
          double cos = Math.cos(rad);
          double sin = Math.sin(rad);
          double cx = (w - 1) / 2.0 * (1 - cos) + sin * (h - 1) / 2.0;
          double cy = (h - 1) / 2.0 * (1 - cos) - sin * (w - 1) / 2.0;
          if (Warp.margin(h, w) > 2) {
            assertTrue(Warp.fitsPadded(h, w, Warp.margin(h, w), cos, -sin, cx, sin, cos, cy),
                h + "x" + w + " turned " + turn + " deg, margin " + Warp.margin(h, w));
          }
          Image small = Warp.affineSmall(src, cos, -sin, cx, sin, cos, cy);
          Image spans = Warp.affineSpans(src, cos, -sin, cx, sin, cos, cy);
          assertEveryPixel((x, y, c) -> spans.get(y, x, c), small, TOLERANCE);
          assertEveryPixel((x, y, c) -> reference(src, cos * x - sin * y + cx, sin * x + cos * y + cy, c), small,
              TOLERANCE);
        }
      }
    }
    // 28x28 needs 6 pixels for a 45 degree turn (half the diagonal less half the side), plus 2
    assertEquals(8, Warp.margin(28, 28));
    assertEquals(2, Warp.margin(1, 60));
  }

  @Test
  void reusedPaddedBufferKeepsItsZeroMarginAcrossImagesAndShapes() {
    // affineSmall keeps one padded source per thread: a bright image must leave nothing behind
    // for the next one, of the same shape or after a change of shape and back.
    SplittableRandom random = new SplittableRandom(5);
    Image bright = constant(28, 28, 1, 1f);
    Image[] sequence = {bright, noise(28, 28, 1, random), noise(17, 23, 3, random), bright,
        noise(17, 23, 3, random), noise(28, 28, 1, random), constant(28, 28, 1, 0f)};
    for (Image src : sequence) {
      for (double degrees : new double[] {-15, 7.5, 40, 90}) {
        double rad = Math.toRadians(degrees);
        double cos = Math.abs(Math.cos(rad)) < 1e-12 ? 0 : Math.cos(rad);
        double sin = Math.sin(rad);
        double cx = (src.width() - 1) / 2.0 * (1 - cos) + sin * (src.height() - 1) / 2.0;
        double cy = (src.height() - 1) / 2.0 * (1 - cos) - sin * (src.width() - 1) / 2.0;
        Image small = Warp.affineSmall(src, cos, -sin, cx, sin, cos, cy);
        Image spans = Warp.affineSpans(src, cos, -sin, cx, sin, cos, cy);
        assertEveryPixel((x, y, c) -> spans.get(y, x, c), small, TOLERANCE);
      }
    }
  }

  @Test
  void shiftsMatchTheReferenceAndTheGeneralWarpEverywhere() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 400; trial++) {
      int h = 1 + random.nextInt(trial < 10 ? 260 : 30);
      int w = 1 + random.nextInt(trial < 10 ? 260 : 30);
      Image src = noise(h, w, random.nextBoolean() ? 1 : 3, random);
      // Shifts up to past the image on both sides, fractional, tiny and a hair from whole pixels.
      double dx = trial % 4 == 0 ? Math.rint(random.nextDouble(-w - 2, w + 2)) + 1e-7
          : random.nextDouble(-w - 2, w + 2);
      double dy = trial % 5 == 0 ? random.nextDouble(-1e-3, 1e-3) : random.nextDouble(-h - 2, h + 2);
      Image got = Warp.translate(src, dx, dy);
      assertEveryPixel((x, y, c) -> reference(src, x - dx, y - dy, c), got, 1e-5);
      Image general = Warp.affine(src, 1, 0, -dx, 0, 1, -dy);
      assertEveryPixel((x, y, c) -> general.get(y, x, c), got, TOLERANCE);
    }
  }

  private static void assertMatchesReference(Image src, double ax, double bx, double cx, double ay, double by,
      double cy) {
    Image got = Warp.affine(src, ax, bx, cx, ay, by, cy);
    assertEveryPixel((x, y, c) -> reference(src, ax * x + bx * y + cx, ay * x + by * y + cy, c), got, TOLERANCE);
  }

  /** Bilinear sample at {@code (sx, sy)} reading 0 outside, straight from the definition. */
  private static double reference(Image src, double sx, double sy, int c) {
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    double fx = sx - x0;
    double fy = sy - y0;
    return (1 - fx) * (1 - fy) * value(src, x0, y0, c) + fx * (1 - fy) * value(src, x0 + 1, y0, c)
        + (1 - fx) * fy * value(src, x0, y0 + 1, c) + fx * fy * value(src, x0 + 1, y0 + 1, c);
  }

  private static double value(Image src, int x, int y, int c) {
    boolean inside = x >= 0 && y >= 0 && x < src.width() && y < src.height();
    return inside ? src.get(y, x, c) : 0.0;
  }

  private static Image constant(int h, int w, int ch, float value) {
    float[] px = new float[h * w * ch];
    java.util.Arrays.fill(px, value);
    return new Image(h, w, ch, px);
  }

  private static Image noise(int h, int w, int ch, SplittableRandom random) {
    float[] px = new float[h * w * ch];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) random.nextDouble();
    }
    return new Image(h, w, ch, px);
  }
}
