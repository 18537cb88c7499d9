package io.synthaug.core.ort;

import java.util.Arrays;

/**
 * A float tensor copied out of ONNX Runtime: row-major values and their shape.
 *
 * @param data the values, row-major
 * @param shape the dimensions; their product is {@code data.length}
 */
public record FloatTensor(float[] data, long[] shape) {

  /** Checks that the shape describes the data. */
  public FloatTensor {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
          + " values, the data has " + data.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
