package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.at;
import static io.synthaug.plugins.classic.TestImages.gray;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class RotationTest {

  @Test
  void zeroDegreesIsIdentity() {
    Image grayImage = ramp(5, 7, 1);
    Image rgb = ramp(6, 4, 3);
    assertSameImage(grayImage, Rotation.rotate(grayImage, 0));
    assertSameImage(rgb, Rotation.rotate(rgb, 0));
  }

  @Test
  void quarterTurnMakesHorizontalBarVertical() {
    double[][] rows = new double[5][5];
    rows[2] = new double[] {1, 1, 1, 1, 1};
    Image rotated = Rotation.rotate(gray(rows), 90);
    assertEveryPixel((x, y, c) -> x == 2 ? 1 : 0, rotated, 0.0);
  }

  @Test
  void positiveAngleTurnsCounterClockwiseOnScreen() {
    double[][] rows = new double[5][5];
    rows[2][4] = 1; // right of the centre
    Image rotated = Rotation.rotate(gray(rows), 90);
    // A quarter turn counter-clockwise carries the right-hand pixel to the top.
    assertEveryPixel((x, y, c) -> x == 2 && y == 0 ? 1 : 0, rotated, 0.0);
    assertEveryPixel((x, y, c) -> x == 2 && y == 4 ? 1 : 0, Rotation.rotate(gray(rows), -90), 0.0);
  }

  @Test
  void quarterTurnOfNonSquareRgbImageMovesWholePixels() {
    Image rgb = ramp(4, 6, 3);
    // Centre (2.5, 1.5): output (x, y) reads the input at (4 - y, x - 1); outside reads 0.
    assertEveryPixel((x, y, c) -> at(rgb, 4 - y, x - 1, c), Rotation.rotate(rgb, 90), 0.0);
  }

  @Test
  void halfTurnEqualsBothFlipsOnNonSquareImage() {
    Image rgb = ramp(4, 7, 3);
    assertSameImage(Flips.vertical(Flips.horizontal(rgb)), Rotation.rotate(rgb, 180));
    assertSameImage(Rotation.rotate(rgb, -90), Rotation.rotate(rgb, 270));
  }

  @Test
  void fortyFiveDegreesInterpolatesBilinearlyWithZeroOutside() {
    Image img = gray(new double[][] {
        {0.1, 0.2, 0.3},
        {0.4, 0.5, 0.6},
        {0.7, 0.8, 0.9}});
    Image rotated = Rotation.rotate(img, 45);
    double f = Math.sqrt(0.5);
    // The centre does not move.
    assertEquals(0.5, rotated.get(1, 1, 0), 1e-6);
    // Output (2, 1) reads the source at (1 + f, 1 + f), between the four lower-right pixels.
    double lowerRight = (1 - f) * (1 - f) * 0.5 + f * (1 - f) * (0.6 + 0.8) + f * f * 0.9;
    assertEquals(lowerRight, rotated.get(1, 2, 0), 1e-6);
    // Output (0, 0) reads (1, 1 - 2f): a fraction 2f - 1 of the way from row -1 (zero) to row 0.
    double topEdge = (1 - (2 * f - 1)) * 0.2;
    assertEquals(topEdge, rotated.get(0, 0, 0), 1e-6);
    // Output (1, 0) reads (1 + f, 1 - f): rows 0 and 1, columns 1 and 2.
    double upperRight = (1 - f) * f * 0.2 + f * f * 0.3 + (1 - f) * (1 - f) * 0.5 + f * (1 - f) * 0.6;
    assertEquals(upperRight, rotated.get(0, 1, 0), 1e-6);
  }

  @Test
  void smallRotationBlursButKeepsValuesInRange() {
    Image rgb = ramp(9, 11, 3);
    Image rotated = Rotation.rotate(rgb, 17.3);
    for (float v : rotated.pixels()) {
      assertTrue(v >= 0f && v <= 1f, "value " + v);
    }
    assertTrue(!rotated.equals(rgb));
  }

  @Test
  void rejectsNonFiniteAngle() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rotation.rotate(ramp(3, 3, 1), Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
