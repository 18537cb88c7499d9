package io.synthaug.bench.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import io.synthaug.plugins.classic.ops.Flips;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyFloorSuiteTest {

  /** The floor's reversal must be the flip's work, or its row would time something else. */
  @Test
  void reverseRowsWritesWhatTheFlipReturns() {
    SplittableRandom random = new SplittableRandom(3);
    for (int[] shape : new int[][] {{28, 28, 1}, {5, 7, 3}, {4, 1, 1}, {3, 6, 3}}) {
      float[] pixels = new float[shape[0] * shape[1] * shape[2]];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextDouble();
      }
      Image image = new Image(shape[0], shape[1], shape[2], pixels);
      float[] out = new float[pixels.length];
      CopyFloorSuite.reverseRows(pixels, out, shape[0], shape[1], shape[2]);
      assertArrayEquals(Flips.horizontal(image).pixels(), out, 0f, () -> image.shape());
    }
  }

  /** The vectorized reversal too, for widths of one vector, a vector and a bit, and 28. */
  @Test
  void vectorReversalWritesWhatTheFlipReturns() {
    assertTrue(VectorReversal.available(), "surefire starts the JVM with --add-modules jdk.incubator.vector");
    int lanes = VectorReversal.lanes();
    SplittableRandom random = new SplittableRandom(4);
    for (int w : new int[] {lanes, lanes + 1, 2 * lanes - 1, 28, 3 * lanes + 5}) {
      if (w < lanes) {
        continue;
      }
      float[] pixels = new float[3 * w];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextDouble();
      }
      Image image = new Image(3, w, 1, pixels);
      float[] out = new float[pixels.length];
      VectorReversal.reverseRows(pixels, out, 3, w);
      assertArrayEquals(Flips.horizontal(image).pixels(), out, 0f, "width " + w);
    }
  }
}
