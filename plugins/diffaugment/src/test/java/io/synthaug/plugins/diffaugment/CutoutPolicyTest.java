package io.synthaug.plugins.diffaugment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CutoutPolicyTest extends CpuManagerTest {

  @Test
  void patchIsHalfTheSideRounded() {
    assertEquals(14, CutoutPolicy.patchSize(28));
    assertEquals(16, CutoutPolicy.patchSize(32));
    assertEquals(4, CutoutPolicy.patchSize(8));
    assertEquals(5, CutoutPolicy.patchSize(9));
  }

  /**
   * On a constant image the filled pixels form one rectangle, the same in every channel: the
   * patch around the replayed centre, clipped at the borders. Everything else is untouched.
   */
  @ParameterizedTest
  @CsvSource({"1, 28, 28, -1", "3, 32, 32, -1", "3, 28, 28, 0", "1, 15, 9, -1"})
  void masksExactlyTheClippedPatchAroundTheDrawnCentre(int c, int h, int w, float fill) {
    int n = 5;
    float value = 0.5f;
    int ph = CutoutPolicy.patchSize(h);
    int pw = CutoutPolicy.patchSize(w);
    int clipped = 0;
    int whole = 0;
    for (long seed = 0; seed < 40; seed++) {
      float[] out = new CutoutPolicy(fill).apply(Nd.batch(manager, Nd.constant(n * c * h * w, value), n, c, h, w),
          Nd.flags(n, true), new SplittableRandom(seed)).toFloatArray();
      SplittableRandom replay = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        int cy = replay.nextInt(h);
        int cx = replay.nextInt(w);
        int top = Math.max(0, cy - ph / 2);
        int bottom = Math.min(h, cy - ph / 2 + ph);
        int left = Math.max(0, cx - pw / 2);
        int right = Math.min(w, cx - pw / 2 + pw);
        int filled = 0;
        int minR = h;
        int maxR = -1;
        int minC = w;
        int maxC = -1;
        for (int ch = 0; ch < c; ch++) {
          for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
              float v = out[Nd.index(c, h, w, i, ch, r, col)];
              boolean inPatch = r >= top && r < bottom && col >= left && col < right;
              assertEquals(inPatch ? fill : value, v, "image " + i + " channel " + ch + " pixel (" + r + ", " + col + ")");
              if (v == fill) {
                filled++;
                minR = Math.min(minR, r);
                maxR = Math.max(maxR, r);
                minC = Math.min(minC, col);
                maxC = Math.max(maxC, col);
              }
            }
          }
        }
        // Independent of the replay: the filled set is a full rectangle, at most ph x pw, and
        // exactly ph x pw whenever it touches no border.
        int rows = maxR - minR + 1;
        int cols = maxC - minC + 1;
        assertEquals(c * rows * cols, filled, "one solid rectangle in every channel");
        assertTrue(rows <= ph && cols <= pw, rows + "x" + cols);
        boolean touches = minR == 0 || maxR == h - 1 || minC == 0 || maxC == w - 1;
        if (!touches) {
          assertEquals(ph, rows);
          assertEquals(pw, cols);
          whole++;
        } else if (rows < ph || cols < pw) {
          clipped++;
        }
      }
    }
    assertTrue(whole > 0 && clipped > 0, "both whole and clipped patches occur: " + whole + ", " + clipped);
  }

  /** Centres are uniform over the image: over many draws every pixel gets masked sometime. */
  @Test
  void everyPixelCanBeMasked() {
    int h = 28;
    int n = 64;
    boolean[] masked = new boolean[h * h];
    for (long seed = 0; seed < 10; seed++) {
      float[] out = new CutoutPolicy().apply(Nd.batch(manager, Nd.constant(n * h * h, 1f), n, 1, h, h),
          Nd.flags(n, true), new SplittableRandom(seed)).toFloatArray();
      for (int p = 0; p < out.length; p++) {
        masked[p % (h * h)] |= out[p] == -1f;
      }
    }
    for (int p = 0; p < masked.length; p++) {
      assertTrue(masked[p], "pixel " + p + " never masked in 640 draws");
    }
  }
}
