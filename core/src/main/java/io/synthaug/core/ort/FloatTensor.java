package io.synthaug.core.ort;

import java.util.Arrays;

/**
 * A float tensor copied out of ONNX Runtime: row-major values and their shape.
 *
 * <p>The arrays belong to the record and are not copied, neither by the constructor nor by the
 * accessors (an image batch can be megabytes): do not modify them after construction, and do not
 * write into what {@link #data()} or {@link #shape()} return.
 *
 * @param data the values, row-major; taken over, not copied
 * @param shape the dimensions, none negative; their product is {@code data.length}; taken over,
 *     not copied
 */
public record FloatTensor(float[] data, long[] shape) {

  /**
   * Checks that the shape describes the data.
   *
   * @throws IllegalArgumentException when a dimension is negative or the dimensions' product is
   *     not {@code data.length}
   */
  public FloatTensor {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      // Saturates instead of overflowing: no array holds Long.MAX_VALUE values anyway.
      count = d == 0 || count == 0 ? 0 : count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
          + (count == Long.MAX_VALUE ? "more than " + Integer.MAX_VALUE : Long.toString(count))
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
