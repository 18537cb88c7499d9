package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.StageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GanDataTest {

  private static Sample sample(Image im, int label) {
    return new Sample(im, label, Origin.real("f" + label));
  }

  @Test
  void convertsHwcInZeroOneToNchwInMinusOneOne() {
    // 2x2 RGB: pixel (y, x) channel c holds (y * 2 + x) / 4 + c / 10
    float[] px = new float[12];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * 2 + x) * 3 + c] = (y * 2 + x) / 4f + c / 10f;
        }
      }
    }
    Dataset ds = new Dataset(List.of("a", "b"), List.of(sample(new Image(2, 2, 3, px), 1)));
    GanData data = GanData.fromDataset(ds);
    assertEquals(1, data.count());
    assertEquals(3, data.channels());
    assertEquals(2, data.size());
    assertEquals(2, data.classes());
    assertEquals(1, data.label(0));
    float[] out = new float[12];
    data.copyImage(0, out, 0);
    float[] expected = new float[12];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 4; p++) {
        expected[c * 4 + p] = (p / 4f + c / 10f) * 2f - 1f;
      }
    }
    assertArrayEquals(expected, out, 1e-6f);
  }

  @Test
  void rejectsMixedOrNonSquareImages() {
    Dataset mixed = new Dataset(List.of("a"), List.of(sample(Image.blank(28, 28, 1), 0),
        sample(Image.blank(28, 28, 3), 0)));
    StageException e = assertThrows(StageException.class, () -> GanData.fromDataset(mixed));
    assertEquals("GAN training needs images of one shape, but image 1 is 28x28x3 and image 0 is 28x28x1; "
        + "resize the images first", e.getMessage());
    Dataset wide = new Dataset(List.of("a"), List.of(sample(Image.blank(28, 32, 1), 0)));
    e = assertThrows(StageException.class, () -> GanData.fromDataset(wide));
    assertEquals("GAN training needs square images, but image 0 is 28x32x1; resize the images first",
        e.getMessage());
    Dataset empty = new Dataset(List.of("a"), List.of());
    assertEquals("the dataset has no images to train a GAN on",
        assertThrows(StageException.class, () -> GanData.fromDataset(empty)).getMessage());
  }

  @Test
  void validatesArraysAndLabels() {
    assertEquals("image array has 3 values, expected 4 for 1 images of 1x2x2",
        assertThrows(IllegalArgumentException.class, () -> new GanData(new float[3], new int[1], 1, 2, 2))
            .getMessage());
    assertEquals("label 2 of image 0 is outside 0..1",
        assertThrows(IllegalArgumentException.class, () -> new GanData(new float[4], new int[] {2}, 1, 2, 2))
            .getMessage());
  }

  @Test
  void fingerprintSeesEveryValueAndLabel() {
    GanData a = new GanData(new float[] {0, 0.5f, -1, 1}, new int[] {0}, 1, 2, 2);
    assertEquals(a.fingerprint(), new GanData(new float[] {0, 0.5f, -1, 1}, new int[] {0}, 1, 2, 2).fingerprint());
    assertNotEquals(a.fingerprint(), new GanData(new float[] {0, 0.5f, -1, 1}, new int[] {1}, 1, 2, 2).fingerprint());
    assertNotEquals(a.fingerprint(), new GanData(new float[] {0, 0.5f, -1, 0.99f}, new int[] {0}, 1, 2, 2)
        .fingerprint());
  }
}
