package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** {@link GanOps#assign}: the values a weight is initialised or restored with. */
class GanOpsAssignTest {

  @Test
  void assignedValuesOutliveTheJavaBufferTheyCameFromAndTheGradientIsStillRequired() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray weight = m.zeros(new Shape(2, 3));
      weight.setRequiresGradient(true);
      float[] values = {1, -2, 3, -4, 5, -6};
      GanOps.assign(weight, values);
      // The array created from the values lay in a direct buffer that is garbage once assign
      // returns; had the weight kept pointing there, these allocations would overwrite it.
      for (int i = 0; i < 5; i++) {
        System.gc();
        try (NDManager churn = m.newSubManager()) {
          churn.create(new float[1 << 16]).add(7f);
        }
      }
      assertArrayEquals(values, weight.toFloatArray());
      assertEquals(new Shape(2, 3), weight.getShape());
      assertTrue(weight.hasGradient());
      try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
        c.backward(weight.mul(2f).sum());
      }
      assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, weight.getGradient().toFloatArray());
    }
  }

  @Test
  void anArrayWithoutGradientStaysWithoutAndAWrongLengthIsRefused() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray moments = m.zeros(new Shape(4));
      NDArray same = moments;
      GanOps.assign(moments, new float[] {0.5f, 0.25f, 0.125f, 1f});
      assertSame(same, moments);
      assertFalse(moments.hasGradient());
      assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f, 1f}, moments.toFloatArray());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GanOps.assign(moments, new float[3]));
      assertEquals("3 values for an array of 4", e.getMessage());
    }
  }
}
