package io.synthaug.core.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The tensors of a {@link ClassifierConfig}'s network, in the one fixed order that training,
 * saving, loading and the ONNX export all walk, with the shape arithmetic of the pooling stages.
 *
 * <p>Names: {@code input.mean} and {@code input.scale} ({@code [C]}, the per-channel
 * normalization {@code (x - mean) * scale} computed from the training images), then for stage
 * {@code s} and convolution {@code j} in it {@code s{s}.conv{j}.weight}
 * ({@code [out, in, 3, 3]}) and {@code s{s}.bn{j}.gamma/beta/mean/var} ({@code [out]}), then
 * {@code fc.weight} ({@code [F, flat]}), {@code fc.bias}, {@code out.weight}
 * ({@code [classes, F]}) and {@code out.bias}.
 */
final class CnnLayout {

  /** Batch-norm epsilon, PyTorch's and DJL's default, written explicitly into the ONNX graph. */
  static final float BN_EPSILON = 1e-5f;
  /** Share of the running statistics kept at each training step (DJL's momentum convention). */
  static final float BN_MOMENTUM = 0.9f;
  /** Convolutions per stage. */
  static final int CONVS_PER_STAGE = 2;
  /** Kernel side of every convolution. */
  static final int KERNEL = 3;

  /** What a tensor is, which decides its initialization and whether training updates it. */
  enum Role {
    INPUT_MEAN(false, false), INPUT_SCALE(false, false), CONV_WEIGHT(true, true), BN_GAMMA(true, false),
    BN_BETA(true, false), BN_MEAN(false, false), BN_VAR(false, false), LINEAR_WEIGHT(true, true),
    LINEAR_BIAS(true, false);

    final boolean trainable;
    final boolean decayed;

    Role(boolean trainable, boolean decayed) {
      this.trainable = trainable;
      this.decayed = decayed;
    }
  }

  /** One tensor: name, shape and role. */
  record Tensor(String name, long[] shape, Role role) {

    int size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }

    /** Fan-in of a weight: every dimension but the first. */
    int fanIn() {
      return size() / (int) shape[0];
    }
  }

  private final ClassifierConfig config;
  private final List<Tensor> tensors;
  private final int finalHeight;
  private final int finalWidth;
  private final int flatDim;

  CnnLayout(ClassifierConfig config) {
    this.config = config;
    List<Tensor> list = new ArrayList<>();
    int c = config.channels();
    list.add(new Tensor("input.mean", new long[] {c}, Role.INPUT_MEAN));
    list.add(new Tensor("input.scale", new long[] {c}, Role.INPUT_SCALE));
    int in = c;
    int h = config.height();
    int w = config.width();
    List<Integer> widths = config.convWidths();
    for (int s = 0; s < widths.size(); s++) {
      int out = widths.get(s);
      for (int j = 0; j < CONVS_PER_STAGE; j++) {
        list.add(new Tensor(conv(s, j), new long[] {out, in, KERNEL, KERNEL}, Role.CONV_WEIGHT));
        list.add(new Tensor(bn(s, j) + ".gamma", new long[] {out}, Role.BN_GAMMA));
        list.add(new Tensor(bn(s, j) + ".beta", new long[] {out}, Role.BN_BETA));
        list.add(new Tensor(bn(s, j) + ".mean", new long[] {out}, Role.BN_MEAN));
        list.add(new Tensor(bn(s, j) + ".var", new long[] {out}, Role.BN_VAR));
        in = out;
      }
      h /= 2;
      w /= 2;
    }
    this.finalHeight = h;
    this.finalWidth = w;
    this.flatDim = in * h * w;
    int f = config.featureDim();
    list.add(new Tensor("fc.weight", new long[] {f, flatDim}, Role.LINEAR_WEIGHT));
    list.add(new Tensor("fc.bias", new long[] {f}, Role.LINEAR_BIAS));
    list.add(new Tensor("out.weight", new long[] {config.classes(), f}, Role.LINEAR_WEIGHT));
    list.add(new Tensor("out.bias", new long[] {config.classes()}, Role.LINEAR_BIAS));
    this.tensors = Collections.unmodifiableList(list);
  }

  /** The name of convolution {@code j}'s weight in stage {@code s}. */
  static String conv(int s, int j) {
    return "s" + s + ".conv" + j + ".weight";
  }

  /** The name prefix of batch norm {@code j} in stage {@code s}. */
  static String bn(int s, int j) {
    return "s" + s + ".bn" + j;
  }

  ClassifierConfig config() {
    return config;
  }

  List<Tensor> tensors() {
    return tensors;
  }

  /** Height of the last stage's maps: {@code floor(height / 2^stages)}. */
  int finalHeight() {
    return finalHeight;
  }

  /** Width of the last stage's maps: {@code floor(width / 2^stages)}. */
  int finalWidth() {
    return finalWidth;
  }

  /** Inputs of the feature layer: last stage width x final height x final width. */
  int flatDim() {
    return flatDim;
  }

  /** How many values all tensors hold together. */
  long parameterCount() {
    long n = 0;
    for (Tensor t : tensors) {
      n += t.size();
    }
    return n;
  }

  /**
   * Fresh weights drawn from {@code rng}: He-normal convolution and feature weights (suited to
   * ReLU), a uniform {@code +-1/sqrt(fanIn)} output layer as PyTorch's {@code nn.Linear} uses,
   * zero biases, unit batch-norm scales and variances. Drawn in Java so the result does not
   * depend on the engine's global random state.
   */
  CnnWeights initial(Random rng, float[] inputMean, float[] inputScale) {
    List<float[]> values = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      float[] v = new float[t.size()];
      switch (t.role()) {
        case INPUT_MEAN -> System.arraycopy(inputMean, 0, v, 0, v.length);
        case INPUT_SCALE -> System.arraycopy(inputScale, 0, v, 0, v.length);
        case BN_GAMMA, BN_VAR -> Arrays.fill(v, 1f);
        case CONV_WEIGHT -> gaussian(v, Math.sqrt(2.0 / t.fanIn()), rng);
        case LINEAR_WEIGHT -> {
          if (t.name().startsWith("fc.")) {
            gaussian(v, Math.sqrt(2.0 / t.fanIn()), rng);
          } else {
            double bound = 1.0 / Math.sqrt(t.fanIn());
            for (int i = 0; i < v.length; i++) {
              v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
          }
        }
        default -> {
          // biases, batch-norm shifts and means start at zero
        }
      }
      values.add(v);
    }
    return new CnnWeights(this, values);
  }

  /** Fills {@code v} with N(0, std) draws from {@code rng}. */
  static void gaussian(float[] v, double std, RandomGenerator rng) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextGaussian() * std);
    }
  }
}
