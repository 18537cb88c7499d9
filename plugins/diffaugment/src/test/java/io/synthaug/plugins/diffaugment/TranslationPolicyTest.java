package io.synthaug.plugins.diffaugment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslationPolicyTest extends CpuManagerTest {

  @Test
  void maxShiftIsAnEighthRounded() {
    assertEquals(4, TranslationPolicy.maxShift(28));
    assertEquals(4, TranslationPolicy.maxShift(32));
    assertEquals(1, TranslationPolicy.maxShift(8));
    assertEquals(8, TranslationPolicy.maxShift(64));
    assertEquals(2, TranslationPolicy.maxShift(12));
  }

  /**
   * One bright pixel per image on the background; the output has it exactly where the drawn
   * shift puts it (replayed from a copy of the stream in the documented order) and nothing else.
   */
  @ParameterizedTest
  @CsvSource({"1, 28, 28", "3, 28, 28", "1, 32, 32", "3, 20, 12"})
  void aBrightPixelMovesByTheDrawnShift(int c, int h, int w) {
    int n = 5;
    TranslationPolicy policy = new TranslationPolicy();
    for (long seed = 0; seed < 20; seed++) {
      float[] in = Nd.constant(n * c * h * w, -1f);
      int[][] at = new int[n][];
      for (int i = 0; i < n; i++) {
        at[i] = new int[] {h / 2 + i % 3 - 1, w / 2 - i % 2};
        for (int ch = 0; ch < c; ch++) {
          in[Nd.index(c, h, w, i, ch, at[i][0], at[i][1])] = 1f;
        }
      }
      float[] out = policy.apply(Nd.batch(manager, in, n, c, h, w), Nd.flags(n, true),
          new SplittableRandom(seed)).toFloatArray();

      SplittableRandom replay = new SplittableRandom(seed);
      float[] expected = Nd.constant(in.length, -1f);
      for (int i = 0; i < n; i++) {
        int dx = replay.nextInt(-TranslationPolicy.maxShift(w), TranslationPolicy.maxShift(w) + 1);
        int dy = replay.nextInt(-TranslationPolicy.maxShift(h), TranslationPolicy.maxShift(h) + 1);
        for (int ch = 0; ch < c; ch++) {
          expected[Nd.index(c, h, w, i, ch, at[i][0] + dy, at[i][1] + dx)] = 1f;
        }
      }
      assertArrayEquals(expected, out, "seed " + seed);
    }
  }

  /** Over many draws, the pixel's displacement covers exactly [-4, 4] on both axes of 28x28. */
  @Test
  void shiftsCoverThePaperRangeAndNoMore() {
    int h = 28;
    int w = 28;
    int n = 64;
    float[] in = Nd.constant(n * h * w, -1f);
    for (int i = 0; i < n; i++) {
      in[Nd.index(1, h, w, i, 0, 14, 14)] = 1f;
    }
    NDArray images = Nd.batch(manager, in, n, 1, h, w);
    boolean[][] seen = new boolean[9][9];
    for (long seed = 0; seed < 20; seed++) {
      float[] out = new TranslationPolicy().apply(images, Nd.flags(n, true), new SplittableRandom(seed))
          .toFloatArray();
      for (int i = 0; i < n; i++) {
        int found = 0;
        for (int p = 0; p < h * w; p++) {
          if (out[i * h * w + p] == 1f) {
            int dy = p / w - 14;
            int dx = p % w - 14;
            assertTrue(Math.abs(dx) <= 4 && Math.abs(dy) <= 4, "shift (" + dx + ", " + dy + ")");
            seen[dy + 4][dx + 4] = true;
            found++;
          }
        }
        assertEquals(1, found, "the pixel stays inside and is not duplicated");
      }
    }
    for (boolean[] row : seen) {
      for (boolean s : row) {
        assertTrue(s, "every shift in [-4, 4]^2 occurs over 1280 draws");
      }
    }
  }

  /** Uncovered rows and columns get the fill: a band |dy| rows high and |dx| columns wide. */
  @ParameterizedTest
  @CsvSource({"-1", "0", "0.25"})
  void uncoveredPixelsGetTheFill(float fill) {
    int h = 16;
    int w = 24;
    int n = 4;
    float inside = 0.5f;
    for (long seed = 0; seed < 10; seed++) {
      float[] out = new TranslationPolicy(fill).apply(Nd.batch(manager, Nd.constant(n * h * w, inside), n, 1, h, w),
          Nd.flags(n, true), new SplittableRandom(seed)).toFloatArray();
      SplittableRandom replay = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        int dx = replay.nextInt(-3, 4);
        int dy = replay.nextInt(-2, 3);
        for (int r = 0; r < h; r++) {
          for (int col = 0; col < w; col++) {
            boolean covered = r - dy >= 0 && r - dy < h && col - dx >= 0 && col - dx < w;
            assertEquals(covered ? inside : fill, out[Nd.index(1, h, w, i, 0, r, col)],
                "image " + i + " pixel (" + r + ", " + col + ") shift (" + dx + ", " + dy + ")");
          }
        }
      }
    }
  }
}
