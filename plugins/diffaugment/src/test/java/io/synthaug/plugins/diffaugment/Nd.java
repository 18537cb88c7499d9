package io.synthaug.plugins.diffaugment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Test fixtures: a CPU manager on the PyTorch engine, batches built from Java arrays, read-back. */
final class Nd {

  private Nd() {
  }

  static NDManager cpuManager() {
    return NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  static List<DiffAugmentPolicy> allPolicies() {
    return List.of(new TranslationPolicy(), new CutoutPolicy(), new ColorPolicy());
  }

  static NDArray batch(NDManager manager, float[] values, int n, int c, int h, int w) {
    return manager.create(values, new Shape(n, c, h, w));
  }

  /** Smooth values in (-1, 1) that differ at every pixel and channel, like a real image. */
  static float[] pattern(int n, int c, int h, int w, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n * c * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-0.95, 0.95);
    }
    return v;
  }

  static float[] constant(int length, float value) {
    float[] v = new float[length];
    Arrays.fill(v, value);
    return v;
  }

  static boolean[] flags(int n, boolean value) {
    boolean[] f = new boolean[n];
    Arrays.fill(f, value);
    return f;
  }

  static int index(int c, int h, int w, int image, int channel, int row, int col) {
    return ((image * c + channel) * h + row) * w + col;
  }
}
