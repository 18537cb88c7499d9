package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertEveryPixel;
import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.constant;
import static io.synthaug.plugins.classic.TestImages.gray;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class ResizedCropTest {

  @Test
  void fullImageCropIsIdentity() {
    Image grayImage = ramp(5, 7, 1);
    Image rgb = ramp(6, 4, 3);
    assertSameImage(grayImage, ResizedCrop.apply(grayImage, 0, 0, 7, 5));
    assertSameImage(rgb, ResizedCrop.apply(rgb, 0, 0, 4, 6));
  }

  @Test
  void constantImageStaysConstant() {
    Image rgb = constant(6, 9, 3, 0.37);
    assertSameImage(rgb, ResizedCrop.apply(rgb, 2, 1, 3, 4));
    Image grayImage = constant(5, 5, 1, 1.0);
    assertSameImage(grayImage, ResizedCrop.apply(grayImage, 4, 0, 1, 2));
  }

  @Test
  void upsamplingInterpolatesInsideTheCropAndRepeatsItsEdges() {
    // Value grows with x only: 0.1 per column.
    Image img = gray(new double[][] {
        {0.0, 0.1, 0.2, 0.3},
        {0.0, 0.1, 0.2, 0.3},
        {0.0, 0.1, 0.2, 0.3},
        {0.0, 0.1, 0.2, 0.3}});
    Image out = ResizedCrop.apply(img, 1, 1, 2, 2);
    // Output column i samples crop column 1 + (i + 0.5) / 2 - 0.5, held inside [1, 2].
    double[] expected = {0.1, 0.125, 0.175, 0.2};
    assertEveryPixel((x, y, c) -> expected[x], out, 1e-6);
  }

  @Test
  void downsamplingByTwoAveragesPairsAlongEachAxis() {
    Image rgb = ramp(4, 6, 3);
    Image out = ResizedCrop.apply(rgb, 0, 0, 6, 4, 2, 3);
    assertEquals("2x3x3", out.shape());
    assertEveryPixel((x, y, c) -> (rgb.get(2 * y, 2 * x, c) + rgb.get(2 * y, 2 * x + 1, c)
        + rgb.get(2 * y + 1, 2 * x, c) + rgb.get(2 * y + 1, 2 * x + 1, c)) / 4, out, 1e-6);
  }

  @Test
  void rejectsRectanglesOutsideTheImage() {
    Image img = ramp(4, 5, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ResizedCrop.apply(img, 3, 0, 3, 2));
    assertEquals("crop 3x2 at (3, 0) is not inside the 5x4 image", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResizedCrop.apply(img, 0, 0, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> ResizedCrop.apply(img, -1, 0, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> ResizedCrop.apply(img, 0, 0, 2, 2, 0, 3));
  }
}
