package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.constant;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class CutoutTest {

  private final Image ones = constant(4, 5, 1, 1.0);

  private static boolean inside(int x, int y, int x0, int y0, int size) {
    return x >= x0 && x < x0 + size && y >= y0 && y < y0 + size;
  }

  @Test
  void zeroesExactlyTheSquare() {
    assertEveryPixel((x, y, c) -> inside(x, y, 1, 1, 2) ? 0 : 1, Cutout.apply(ones, 1, 1, 2), 0.0);
  }

  @Test
  void clipsAtEveryBorder() {
    assertEveryPixel((x, y, c) -> x <= 1 && y <= 1 ? 0 : 1, Cutout.apply(ones, -1, -1, 3), 0.0);
    assertEveryPixel((x, y, c) -> x == 4 && y == 3 ? 0 : 1, Cutout.apply(ones, 4, 3, 3), 0.0);
    assertEveryPixel((x, y, c) -> x >= 3 ? 0 : 1, Cutout.apply(ones, 3, -2, 9), 0.0);
  }

  @Test
  void squaresOutsideOrEmptyChangeNothing() {
    assertSameImage(ones, Cutout.apply(ones, 5, 0, 3));
    assertSameImage(ones, Cutout.apply(ones, -3, 1, 3));
    assertSameImage(ones, Cutout.apply(ones, 1, 1, 0));
    assertSameImage(ones, Cutout.apply(ones, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void rgbLosesAllChannelsAndOtherPixelsKeepTheirValues() {
    Image rgb = ramp(5, 6, 3);
    Image out = Cutout.apply(rgb, new int[] {0, 4}, new int[] {3, 0}, 2);
    assertEveryPixel((x, y, c) -> inside(x, y, 0, 3, 2) || inside(x, y, 4, 0, 2) ? 0 : rgb.get(y, x, c), out, 0.0);
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cutout.apply(ones, 0, 0, -1));
    assertEquals("cutout size must be >= 0, got -1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Cutout.apply(ones, new int[2], new int[1], 1));
  }
}
