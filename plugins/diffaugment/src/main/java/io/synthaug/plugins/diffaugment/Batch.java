package io.synthaug.plugins.diffaugment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The checked shape of a batch handed to a policy, and the constants a policy builds beside it.
 * Constants are made on the batch's manager, device and data type so that the trainer's
 * per-step manager frees them and no op mixes devices or precisions.
 */
record Batch(NDArray images, int n, int c, int h, int w) {

  /** Checks that {@code images} is (N, C, H, W) floating point and {@code enabled} has N flags. */
  static Batch of(String policy, NDArray images, boolean[] enabled) {
    Shape shape = images.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("DiffAugment policy '" + policy
          + "' needs a batch of shape (N, C, H, W), got " + shape);
    }
    if (!images.getDataType().isFloating()) {
      throw new IllegalArgumentException("DiffAugment policy '" + policy
          + "' needs floating point images, got " + images.getDataType());
    }
    Batch batch = new Batch(images, Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)),
        Math.toIntExact(shape.get(2)), Math.toIntExact(shape.get(3)));
    if (enabled.length != batch.n) {
      throw new IllegalArgumentException("DiffAugment policy '" + policy + "' got " + enabled.length
          + " enabled flags for a batch of " + batch.n + " images " + shape);
    }
    return batch;
  }

  /** Whether no flag is set: the policy then returns its input as it is. */
  static boolean noneEnabled(boolean[] enabled) {
    for (boolean e : enabled) {
      if (e) {
        return false;
      }
    }
    return true;
  }

  /** Whether every flag is set: policies then skip the per-image blend with the input. */
  static boolean allEnabled(boolean[] enabled) {
    for (boolean e : enabled) {
      if (!e) {
        return false;
      }
    }
    return true;
  }

  /** A constant (no gradient) of the given shape beside the images. */
  NDArray constant(float[] values, Shape shape) {
    NDArray made = images.getManager().create(values, shape);
    NDArray onDevice = made.toDevice(images.getDevice(), false);
    NDArray typed = onDevice.toType(images.getDataType(), false);
    if (made != typed) {
      // Freed now rather than at the end of the step: only the converted copy is used.
      made.close();
      if (onDevice != made && onDevice != typed) {
        onDevice.close();
      }
    }
    return typed;
  }

  /** One value per image, shaped (N, 1, 1, 1) to broadcast over channels and pixels. */
  NDArray perImage(float[] values) {
    return constant(values, new Shape(n, 1, 1, 1));
  }

  /** One (H, W) plane per image, shaped (N, 1, H, W) to broadcast over channels. */
  NDArray perImagePlane(float[] values) {
    return constant(values, new Shape(n, 1, h, w));
  }

  /**
   * Keeps the augmented value for enabled images and the input, bit for bit, for the others:
   * {@code aug * e + images * (1 - e)} with e in {0, 1} per image, which adds an exact zero.
   */
  NDArray blend(NDArray augmented, boolean[] enabled) {
    if (allEnabled(enabled)) {
      return augmented;
    }
    float[] on = new float[n];
    float[] off = new float[n];
    for (int i = 0; i < n; i++) {
      on[i] = enabled[i] ? 1f : 0f;
      off[i] = 1f - on[i];
    }
    return augmented.mul(perImage(on)).add(images.mul(perImage(off)));
  }
}
