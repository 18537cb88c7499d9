package io.synthaug.examples.elastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import io.synthaug.api.ParamException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElasticDistortionTest {

  @Test
  void zeroFieldIsIdentity() {
    Image img = new Image(2, 3, 1, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
    Image out = ElasticDistortion.apply(img, new float[6], new float[6]);
    assertEquals(img, out);
  }

  @Test
  void wholePixelShiftMovesContent() {
    Image img = new Image(1, 4, 1, new float[] {0f, 1f, 0f, 0f});
    float[] dx = {1f, 1f, 1f, 1f};
    Image out = ElasticDistortion.apply(img, dx, new float[4]);
    // each output pixel reads its right neighbour, so the bright pixel moves one to the left
    assertArrayEquals(new float[] {1f, 0f, 0f, 0f}, out.pixels());
  }

  @Test
  void fieldIsSmoothSeededAndScaled() {
    float[][] a = ElasticDistortion.field(28, 28, 34, 4, new SplittableRandom(7));
    float[][] b = ElasticDistortion.field(28, 28, 34, 4, new SplittableRandom(7));
    float[][] c = ElasticDistortion.field(28, 28, 34, 4, new SplittableRandom(8));
    assertArrayEquals(a[0], b[0]);
    assertFalse(java.util.Arrays.equals(a[0], c[0]));
    double maxStep = 0;
    double maxAbs = 0;
    for (int y = 0; y < 28; y++) {
      for (int x = 1; x < 28; x++) {
        maxStep = Math.max(maxStep, Math.abs(a[0][y * 28 + x] - a[0][y * 28 + x - 1]));
      }
    }
    for (float v : a[0]) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertTrue(maxAbs > 0.1, "the field moves pixels");
    assertTrue(maxStep < maxAbs, "neighbouring displacements are close: the field is smooth");
  }

  @Test
  void paramsValidate() {
    ElasticParams d = new ElasticParams(null, null, null, null);
    assertEquals(34.0, d.alpha());
    assertEquals(1, d.copies());
    ParamException e = assertThrows(ParamException.class, () -> new ElasticParams(null, 0.1, null, null));
    assertEquals("sigma", e.field());
  }
}
