package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.at;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class TranslationTest {

  @Test
  void wholePixelShiftMovesContentExactlyWithZeroFill() {
    Image grayImage = ramp(4, 5, 1);
    assertEveryPixel((x, y, c) -> at(grayImage, x - 2, y + 1, c), Translation.shift(grayImage, 2, -1), 0.0);
    Image rgb = ramp(5, 3, 3);
    assertEveryPixel((x, y, c) -> at(rgb, x + 1, y - 3, c), Translation.shift(rgb, -1, 3), 0.0);
  }

  @Test
  void zeroShiftIsIdentityAndHugeShiftIsBlack() {
    Image rgb = ramp(4, 6, 3);
    assertSameImage(rgb, Translation.shift(rgb, 0, 0));
    assertSameImage(Image.blank(4, 6, 3), Translation.shift(rgb, 6, 0));
    assertSameImage(Image.blank(4, 6, 3), Translation.shift(rgb, 0, -4));
    assertSameImage(Image.blank(4, 6, 3), Translation.shift(rgb, Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void wholeValuedDoublesShiftExactly() {
    Image rgb = ramp(4, 6, 3);
    assertSameImage(Translation.shift(rgb, 2, -1), Translation.shift(rgb, 2.0, -1.0));
  }

  @Test
  void halfPixelShiftAveragesNeighboursAndFadesInFromZero() {
    Image grayImage = ramp(3, 4, 1);
    Image shifted = Translation.shift(grayImage, 0.5, 0.0);
    assertEveryPixel((x, y, c) -> 0.5 * at(grayImage, x, y, c) + 0.5 * at(grayImage, x - 1, y, c), shifted, 1e-6);
    Image down = Translation.shift(grayImage, 0.0, 0.25);
    assertEveryPixel((x, y, c) -> 0.75 * at(grayImage, x, y, c) + 0.25 * at(grayImage, x, y - 1, c), down, 1e-6);
  }

  @Test
  void rejectsNonFiniteShift() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Translation.shift(ramp(3, 3, 1), Double.POSITIVE_INFINITY, 0));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
  }
}
