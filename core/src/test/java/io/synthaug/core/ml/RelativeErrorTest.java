package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RelativeErrorTest {

  @Test
  void isRelativeToTheLargestReferenceValueAbsoluteAtZeroAndNaNForNonFiniteValues() {
    assertEquals(0.25, RelativeError.of(new double[] {2, -4}, new float[] {2, -3}), 1e-12);
    assertEquals(0.5, RelativeError.of(new double[] {0, 0}, new float[] {0.5f, 0}), 1e-12);
    assertEquals(0, RelativeError.of(new double[0], new float[0]));
    assertTrue(Double.isNaN(RelativeError.of(new double[] {1, 1}, new float[] {1, Float.NaN})));
    assertTrue(Double.isNaN(RelativeError.of(new double[] {1}, new float[] {Float.POSITIVE_INFINITY})));
    assertThrows(IllegalArgumentException.class, () -> RelativeError.of(new double[2], new float[3]));
  }
}
