package io.synthaug.plugins.gan;

import java.util.Arrays;

/**
 * A named array of floats with its shape, in row-major order: how weights leave the trainer
 * (for an ONNX exporter) and enter checkpoints.
 *
 * @param name the parameter's name, for example {@code conv1.weight}
 * @param shape the dimensions
 * @param values the values, {@code product(shape)} of them
 */
public record NamedTensor(String name, long[] shape, float[] values) {

  /** Checks that the values fill the shape. */
  public NamedTensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
          + " values, got " + values.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
  }
}
