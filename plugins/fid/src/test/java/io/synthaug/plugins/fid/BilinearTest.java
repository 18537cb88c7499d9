package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

/** Bilinear resizing on pixel centres, checked against values worked out by hand. */
class BilinearTest {

  @Test
  void twoByTwoToFourByFourBlendsOnPixelCentres() {
    // Output x samples input x' = (x + 0.5) / 2 - 0.5: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    Image in = new Image(2, 2, 1, new float[] {0f, 1f, 0.5f, 0.25f});
    Image out = Bilinear.resize(in, 4, 4);
    assertArrayEquals(new float[] {
        0f, 0.25f, 0.75f, 1f,
        0.125f, 0.296875f, 0.640625f, 0.8125f,
        0.375f, 0.390625f, 0.421875f, 0.4375f,
        0.5f, 0.4375f, 0.3125f, 0.25f}, out.pixels(), 0f);
  }

  @Test
  void shrinkingByTwoAveragesEachPairOfNeighbours() {
    // Output x samples input x' = 2x + 0.5: halfway between columns 2x and 2x + 1.
    Image in = new Image(1, 4, 1, new float[] {0f, 1f, 2f, 4f});
    assertArrayEquals(new float[] {0.5f, 3f}, Bilinear.resize(in, 1, 2).pixels(), 0f);
  }

  @Test
  void channelsAreResizedEachOnTheirOwn() {
    Image in = new Image(1, 2, 3, new float[] {0f, 1f, 0.5f, 1f, 0f, 0.5f});
    Image out = Bilinear.resize(in, 1, 4);
    assertArrayEquals(new float[] {
        0f, 1f, 0.5f,
        0.25f, 0.75f, 0.5f,
        0.75f, 0.25f, 0.5f,
        1f, 0f, 0.5f}, out.pixels(), 0f);
  }

  @Test
  void anImageOfTheRightSizeIsReturnedAsIs() {
    Image in = Image.blank(3, 5, 1);
    assertSame(in, Bilinear.resize(in, 3, 5));
  }
}
