package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.gray;
import static io.synthaug.plugins.classic.TestImages.ramp;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlipsTest {

  private final Image pattern = gray(new double[][] {
      {0.1, 0.2, 0.3},
      {0.4, 0.5, 0.6}});

  @Test
  void horizontalMirrorsEachRow() {
    assertSameImage(gray(new double[][] {{0.3, 0.2, 0.1}, {0.6, 0.5, 0.4}}), Flips.horizontal(pattern));
  }

  @Test
  void verticalSwapsRows() {
    assertSameImage(gray(new double[][] {{0.4, 0.5, 0.6}, {0.1, 0.2, 0.3}}), Flips.vertical(pattern));
  }

  @Test
  void rgbPixelsMoveWholeWithChannelsInOrder() {
    Image rgb = ramp(3, 5, 3);
    assertEveryPixel((x, y, c) -> rgb.get(y, 4 - x, c), Flips.horizontal(rgb), 0.0);
    assertEveryPixel((x, y, c) -> rgb.get(2 - y, x, c), Flips.vertical(rgb), 0.0);
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 1", "2, 1, 1", "3, 2, 1", "5, 4, 1", "28, 28, 1", "29, 3, 1", "1, 1, 3", "6, 5, 3", "7, 4, 3"})
  void horizontalMirrorsEveryWidthEvenOrOdd(int width, int height, int channels) {
    Image image = ramp(height, width, channels);
    assertEveryPixel((x, y, c) -> image.get(y, width - 1 - x, c), Flips.horizontal(image), 0.0);
  }

  @Test
  void twiceIsIdentityAndInputIsUntouched() {
    Image rgb = ramp(4, 7, 3);
    Image before = rgb.copy();
    assertSameImage(rgb, Flips.horizontal(Flips.horizontal(rgb)));
    assertSameImage(rgb, Flips.vertical(Flips.vertical(rgb)));
    assertSameImage(before, rgb);
  }
}
