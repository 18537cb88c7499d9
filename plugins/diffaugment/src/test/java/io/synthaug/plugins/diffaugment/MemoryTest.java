package io.synthaug.plugins.diffaugment;

import io.synthaug.api.gan.DiffAugment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs the full chain as a trainer does, 200 steps each in its own sub-manager, with a
 * long-lived generator weight on the base manager receiving gradients: nothing may pile up on the
 * base manager.
 */
class MemoryTest {

  @Test
  void arraysDoNotAccumulateOverTrainingSteps() {
    List<DiffAugmentPolicy> chain = Nd.allPolicies();
    int n = 16;
    Shape shape = new Shape(n, 1, 28, 28);
    try (NDManager base = Nd.cpuManager()) {
      NDArray weight = base.create(Nd.pattern(1, 1, 28, 28, 1), new Shape(1, 1, 28, 28));
      weight.setRequiresGradient(true);
      float[] input = Nd.pattern(n, 1, 28, 28, 2);
      SplittableRandom random = new SplittableRandom(5);
      int afterFirst = -1;
      for (int step = 0; step < 200; step++) {
        try (NDManager s = base.newSubManager()) {
          boolean[] enabled = new boolean[n];
          for (int i = 0; i < n; i++) {
            enabled[i] = random.nextBoolean();
          }
          try (GradientCollector collector = s.getEngine().newGradientCollector()) {
            NDArray images = s.create(input, shape).mul(weight).tanh();
            NDArray out = DiffAugment.apply(images, chain, enabled, random);
            collector.backward(out.mul(out).mean());
          }
          // The counter sees the step's arrays, so it would see them pile up if they leaked.
          int during = base.getManagedArrays().size();
          assertTrue(during > 10, "the step's arrays are counted: " + during);
        }
        if (step == 0) {
          // The first backward gives the weight its gradient array, once.
          afterFirst = base.getManagedArrays().size();
        }
        assertEquals(afterFirst, base.getManagedArrays().size(), "arrays on the base manager after step " + step);
      }
      assertTrue(afterFirst <= 2, "only the weight and its gradient stay: " + afterFirst);
    }
  }
}
