package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The optimizer's arithmetic, and its state living (and dying) with the caller's manager. */
class AdamWUpdaterTest {

  @Test
  void firstStepsFollowTheAdamWFormula() {
    try (NDManager base = NDManager.newBaseManager(ai.djl.Device.cpu(), ImageBatches.ENGINE)) {
      NDArray w = base.create(new float[] {1f, -2f}, new Shape(2));
      AdamWUpdater adam = new AdamWUpdater(base);
      int before = base.getManagedArrays().size();
      try (NDManager step = base.newSubManager()) {
        adam.update(0, w, step.create(new float[] {0.5f, -0.25f}, new Shape(2)), 1, 0.1f, 0f);
      }
      // Step 1: the bias-corrected moments give m / sqrt(v) = sign(g), so each weight moves by lr.
      assertArrayEquals(new float[] {0.9f, -1.9f}, w.toFloatArray(), 1e-6f);
      assertEquals(before + 2, base.getManagedArrays().size(), "two moment arrays, on the caller's manager");

      try (NDManager step = base.newSubManager()) {
        adam.update(0, w, step.create(new float[] {0.5f, -0.25f}, new Shape(2)), 2, 0.1f, 0.5f);
      }
      // Same gradient again: Adam moves by lr once more; decoupled decay also shrinks by lr * wd * w.
      assertArrayEquals(new float[] {0.9f - 0.1f - 0.1f * 0.5f * 0.9f, -1.9f + 0.1f + 0.1f * 0.5f * 1.9f},
          w.toFloatArray(), 1e-5f);
      assertEquals(before + 2, base.getManagedArrays().size(), "no new state on later steps");
    }
  }
}
