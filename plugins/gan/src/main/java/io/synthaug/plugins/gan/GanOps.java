package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.ConstantInitializer;
import io.synthaug.core.ml.ChannelsLast;
import io.synthaug.core.ml.ConvolutionCheck;

/**
 * Tensor operations shared by the generator, the discriminator and the trainer.
 *
 * <p>DJL attaches the result of an operation to the manager of its first operand. Parameters
 * live on the trainer's long-lived manager, so every helper here that starts from a parameter
 * moves its result to the manager of the per-step input; otherwise each step would leave
 * arrays behind.
 */
final class GanOps {

  /** Slope of the discriminator's LeakyReLU for negative inputs. */
  static final float LEAKY_SLOPE = 0.2f;

  /** Batch normalization epsilon (PyTorch's and ONNX's default). */
  static final float BN_EPS = 1e-5f;

  /**
   * DJL's momentum for batch-norm running statistics: DJL keeps {@code momentum} of the old value,
   * so this is PyTorch's default of 0.1 for the new batch.
   */
  static final float BN_MOMENTUM = 0.9f;

  private static final Shape ONE = new Shape(1, 1);
  private static final Shape STRIDE_TWO = new Shape(2, 2);

  private GanOps() {
  }

  /** A parameter with a fixed shape, initialized to {@code value} until the trainer fills it. */
  static Parameter parameter(String name, Parameter.Type type, Shape shape, float value, boolean trainable) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(shape)
        .optInitializer(new ConstantInitializer(value))
        .optRequiresGrad(trainable)
        .build();
  }

  /**
   * Nearest-neighbour upsampling by two: every value becomes a 2x2 block. Two stacks and
   * reshapes (columns, then rows) were the fastest route measured on DJL's PyTorch engine.
   */
  static NDArray upsample2x(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    NDArray cols = NDArrays.stack(new NDList(x, x), 4).reshape(n, c, h, 2 * w);
    return NDArrays.stack(new NDList(cols, cols), 3).reshape(n, c, 2 * h, 2 * w);
  }

  /**
   * The 9 x 16 matrix that folds a 3x3 kernel into the four 2x2 kernels of
   * {@link #upsample2xConv3x3}, one per output phase (row parity a, column parity b).
   */
  static float[] upsampleMap() {
    // ROWS[parity][r]: kernel rows (or columns) that land on input row i - 1 + r + parity of the
    // 2x2 window. Output row 2i reads upsampled rows 2i - 1, 2i, 2i + 1, which are input rows
    // i - 1, i, i (taps {0}, {1, 2}); output row 2i + 1 reads input rows i, i, i + 1 ({0, 1}, {2}).
    int[][][] rows = {{{0}, {1, 2}}, {{0, 1}, {2}}};
    float[] map = new float[9 * 16];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        for (int r = 0; r < 2; r++) {
          for (int c = 0; c < 2; c++) {
            int column = ((2 * a + b) * 2 + r) * 2 + c;
            for (int kr : rows[a][r]) {
              for (int kc : rows[b][c]) {
                map[(kr * 3 + kc) * 16 + column] = 1f;
              }
            }
          }
        }
      }
    }
    return map;
  }

  /**
   * Where {@link #upsample2xConv3x3} finds each output value in its convolution's result, both
   * in channels-last order: for output (2i + a, 2j + b, c), the flat position of row i + a,
   * column j + b of the (h + 1) x (w + 1) grid, phase (a, b), channel c.
   */
  static long[] upsampleIndex(int cout, int h, int w) {
    long[] index = new long[cout * 4 * h * w];
    int k = 0;
    for (int oy = 0; oy < 2 * h; oy++) {
      for (int ox = 0; ox < 2 * w; ox++) {
        int a = oy & 1;
        int b = ox & 1;
        long phase = 2L * a + b;
        for (int c = 0; c < cout; c++) {
          index[k++] = ((((oy >> 1) + a) * (long) (w + 1) + (ox >> 1) + b) * 4 + phase) * cout + c;
        }
      }
    }
    return index;
  }

  /**
   * {@code index} (one dimension) repeated as {@code n} rows, on {@code index}'s manager: gather
   * wants one index row per sample. The rows are a real copy, not a broadcast view: PyTorch's
   * CPU scatter-add (the gather's backward) takes a parallel sort-based path for an expanded
   * index, whose summation order is not fixed. (A killed-and-resumed GanIT run once ended with a
   * different generator while this was a view; that turned out to be the first parallel tanh of
   * a process, see MathWarmup, but the copy keeps the sum order fixed anyway.) The copy is
   * 64 x 25,088 int64 values for the default generator's second layer at batch 64, 3 ms when it
   * was made in every step, so callers keep it for as long as the batch size holds.
   */
  static NDArray upsampleRows(NDArray index, long n) {
    try (NDArray row = index.reshape(1, -1)) {
      return row.repeat(0, n);
    }
  }

  /**
   * Nearest-neighbour upsampling by two followed by a 3x3 convolution (padding 1, stride 1, no
   * bias), computed at the input's resolution: the same values as
   * {@code conv3x3(upsample2x(x), weight, null)} up to float rounding, with 16 instead of 36
   * multiply-adds per output value and no upsampled copy of {@code x}.
   *
   * <p>An output at (2i + a, 2j + b) sees a 3x3 window of the upsampled grid, which covers only a
   * 2x2 window of {@code x}: rows i - 1 and i for a = 0 (kernel row 0, then rows 1 and 2 summed),
   * rows i and i + 1 for a = 1 (rows 0 and 1 summed, then row 2); columns alike. So each of the
   * four phases (a, b) is a 2x2 convolution of {@code x} whose kernel {@code map} assembles from
   * the 3x3 taps. One convolution with four times the output channels and padding 1 computes all
   * four on an (h + 1) x (w + 1) grid, where phase (a, b) is the window starting at row a,
   * column b; one gather ({@code rows}, see {@link #upsampleIndex}) picks and interleaves the
   * windows. The gather reads the convolution's result in channels-last order and writes the
   * output in it (see {@link ChannelsLast}), so a run of channels at one pixel moves as one
   * block; the output is channels-last whatever the layout of {@code x}. Four slices and two
   * stacks did the same, but each slice's backward pass zero-fills a tensor of the whole grid
   * (measured: 12 % of a training step in zero fills), where the gather's backward fills one.
   * {@code gather} rather than indexing with the positions: the backward of indexing is an
   * accumulating {@code index_put_} that runs on one thread, the gather's is a scatter-add
   * (measured forward + backward of both layers, batch 64: 49 against 62 ms on two threads, 42
   * against 51 ms on one). Autograd differentiates through the kernel assembly, so the 3x3
   * weight gets its gradient as before.
   *
   * @param x input, (N, Cin, h, w)
   * @param weight the 3x3 kernel, (Cout, Cin, 3, 3)
   * @param map {@link #upsampleMap()} as an array of the weight's type
   * @param rows {@link #upsampleRows} of {@link #upsampleIndex} for (Cout, h, w): one row per
   *     sample of {@code x}
   * @return (N, Cout, 2h, 2w)
   */
  static NDArray upsample2xConv3x3(NDArray x, NDArray weight, NDArray map, NDArray rows) {
    long cout = weight.getShape().get(0);
    Shape s = x.getShape();
    long n = s.get(0);
    long h = s.get(2);
    long w = s.get(3);
    NDArray kernel = upsampleKernel(weight, map, x.getManager());
    if (rows.getShape().dimension() != 2 || rows.getShape().get(0) != n) {
      throw new IllegalArgumentException("gather rows " + rows.getShape() + " do not fit a batch of " + n);
    }
    NDArray all = conv2d(x, kernel, null, ONE);
    // (N, h + 1, w + 1, 4 * Cout) flat: a view when the convolution wrote channels-last
    NDArray flat = all.transpose(0, 2, 3, 1).reshape(n, -1);
    return flat.gather(rows, 1).reshape(n, 2 * h, 2 * w, cout).transpose(0, 3, 1, 2);
  }

  /**
   * The four 2x2 phase kernels of {@link #upsample2xConv3x3} assembled from the 3x3 {@code weight}
   * (Cout, Cin, 3, 3) by {@code map}: (4 * Cout, Cin, 2, 2), phase after phase, on {@code m}.
   * Autograd differentiates through it, so the 3x3 weight gets its gradient.
   */
  static NDArray upsampleKernel(NDArray weight, NDArray map, NDManager m) {
    Shape ws = weight.getShape();
    long cout = ws.get(0);
    long cin = ws.get(1);
    NDArray taps = weight.reshape(cout, cin, 9);
    taps.attach(m);
    return taps.matMul(map).reshape(cout, cin, 4, 2, 2).transpose(2, 0, 1, 3, 4).reshape(4 * cout, cin, 2, 2);
  }

  /**
   * Every convolution of the networks: padding 1, no dilation, one group, through the engine
   * check's recorder ({@link ConvolutionCheck#conv2d}). PyTorch keeps the memory layout of
   * {@code x} (channels-last or not) in the output.
   */
  static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride) {
    return ConvolutionCheck.conv2d(x, weight, bias, stride);
  }

  /** Fills {@code block}'s weights with N(0, std) draws in parameter order; biases and norms stay as built. */
  static void fillWeights(Block block, SplitMixRandom random, float std) {
    for (Parameter p : block.getParameters().values()) {
      if (p.getType() == Parameter.Type.WEIGHT) {
        float[] values = new float[Math.toIntExact(p.getArray().size())];
        random.fillGaussian(values, 0f, std);
        assign(p.getArray(), values);
      }
    }
  }

  /** A 3x3 convolution with padding 1 and stride 1 ({@code bias} may be null). */
  static NDArray conv3x3(NDArray x, NDArray weight, NDArray bias) {
    return conv2d(x, weight, bias, ONE);
  }

  /** A 3x3 convolution with padding 1 and stride 2. */
  static NDArray conv3x3Stride2(NDArray x, NDArray weight, NDArray bias) {
    return conv2d(x, weight, bias, STRIDE_TWO);
  }

  /**
   * The 9 x 16 matrix that spreads the taps of a 3x3 kernel over four 2x2 kernels, one per
   * output phase of a stride-2 transposed convolution (see {@link #conv3x3Stride2InputGradient}).
   */
  static float[] phaseMap() {
    // TAP[parity][window offset]: which kernel row (or column) meets the upstream value at
    // offset 0 (position m) or 1 (position m + 1); -1: none. Even outputs 2m see only the
    // centre tap at m; odd outputs 2m + 1 see tap 2 at m and tap 0 at m + 1.
    int[][] tap = {{1, -1}, {2, 0}};
    float[] map = new float[9 * 16];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        for (int r = 0; r < 2; r++) {
          for (int c = 0; c < 2; c++) {
            int kr = tap[a][r];
            int kc = tap[b][c];
            if (kr >= 0 && kc >= 0) {
              int column = ((2 * a + b) * 2 + r) * 2 + c;
              map[(kr * 3 + kc) * 16 + column] = 1f;
            }
          }
        }
      }
    }
    return map;
  }

  /**
   * The gradient of a 3x3, stride-2, padding-1 convolution with respect to its input, written
   * with first-order operations only, so that autograd can differentiate it with respect to the
   * weights by an ordinary backward pass (no create-graph backward, whose leaf gradients DJL
   * cannot release).
   *
   * <p>This is the transposed convolution, computed by phases: an input position 2m sees only
   * the kernel's centre tap at output position m, and 2m + 1 sees tap 2 at m and tap 0 at
   * m + 1 (in each axis). So the four (row parity, column parity) phases are 2x2 convolutions of
   * the upstream gradient, whose kernels {@link #phaseMap()} assembles from the 3x3 kernel; one
   * convolution with four times the output channels computes all four, and a transpose
   * interleaves them. That costs 16 multiply-adds per output value where zero-stuffing the
   * gradient and convolving at full size would cost 36. When the input side is odd the last row
   * and column are cut off.
   *
   * <p>The convolution reads the upstream gradient channels-last ({@link ChannelsLast}), like every
   * other convolution the networks train: its 4 x Cin outputs are few for the first layer (4 for
   * one input channel), and in the plain layout oneDNN's AVX2 and AVX-512 kernels computed such a
   * layer's input gradient wrong on an AMD EPYC VM (the plugin's README, "Wrong gradients on some
   * CPUs"); channels-last, it was right under the AVX2 limit and without any.
   *
   * @param upstream gradient with respect to the convolution's output, (N, Cout, o, o)
   * @param weight the convolution's kernel, (Cout, Cin, 3, 3)
   * @param phaseMap {@link #phaseMap()} as an array of the weight's type
   * @param inSize side of the convolution's input
   * @return the gradient with respect to the input, (N, Cin, inSize, inSize)
   */
  static NDArray conv3x3Stride2InputGradient(NDArray upstream, NDArray weight, NDArray phaseMap, int inSize) {
    NDManager m = upstream.getManager();
    Shape ws = weight.getShape();
    long cout = ws.get(0);
    long cin = ws.get(1);
    long n = upstream.getShape().get(0);
    long o = upstream.getShape().get(2);
    NDArray taps = weight.transpose(1, 0, 2, 3);
    taps.attach(m);
    NDArray kernel = taps.reshape(cin, cout, 9).matMul(phaseMap)
        .reshape(cin, cout, 4, 2, 2).transpose(2, 0, 1, 3, 4).reshape(4 * cin, cout, 2, 2);
    // padding 1 then dropping the first row and column: windows (m, m + 1), zero past the end
    NDArray phases = conv2d(ChannelsLast.of(upstream), kernel, null, ONE)
        .get(":, :, 1:, 1:");
    NDArray grad = phases.reshape(n, 2, 2, cin, o, o).transpose(0, 3, 4, 1, 5, 2).reshape(n, cin, 2 * o, 2 * o);
    if (2 * o > inSize) {
      grad = grad.get(":, :, :" + inSize + ", :" + inSize);
    }
    return grad;
  }

  /** LeakyReLU's derivative at {@code preActivation}: 1 above zero, the slope elsewhere; no graph. */
  static NDArray leakyReluSlope(NDArray preActivation) {
    NDArray positive = preActivation.stopGradient().gt(0).toType(preActivation.getDataType(), false);
    // in double, so that slope + (1 - slope) is exactly 1 for float64 networks too
    double slope = LEAKY_SLOPE;
    return positive.muli(1.0 - slope).addi(slope);
  }

  /**
   * Sets the gradients of {@code block}'s trainable parameters to zero (a no-op for a parameter
   * that has none yet). DJL 0.35.1 accumulates gradients across backward passes, and the
   * generator's backward pass also writes gradients into the discriminator.
   */
  static void zeroGradients(Block block) {
    for (Parameter p : block.getParameters().values()) {
      if (p.requiresGradient()) {
        JniUtils.zeroGrad((PtNDArray) p.getArray());
      }
    }
  }

  /** Moves {@code array} to {@code manager} (the per-step one) and returns it. */
  static NDArray local(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }

  /** A copy of {@code array}'s values under {@code name}. */
  static NamedTensor toTensor(String name, NDArray array) {
    return new NamedTensor(name, array.getShape().getShape(), array.toFloatArray());
  }

  /**
   * Gives {@code array} the values of {@code tensor}, checking the shape. (A fresh tensor takes
   * the array's place, see {@link #assign}, so {@code array} must not be a view that others share.)
   */
  static void load(NDArray array, NamedTensor tensor) {
    checkShape(array.getShape(), tensor);
    assign(array, tensor.values());
  }

  /**
   * Gives {@code array} the values {@code values} (as many as it has elements, in row-major
   * order): a fresh tensor of its shape takes its place under the same Java object, and a
   * gradient it required is required again. Not {@code NDArray.set}: DJL's native side of it
   * enters a PyTorch mode that prints a deprecation warning, once a process, among the run's
   * own lines. Call it outside a gradient collector; views of the old tensor keep the old values.
   */
  static void assign(NDArray array, float[] values) {
    if (values.length != array.size()) {
      throw new IllegalArgumentException(values.length + " values for an array of " + array.size());
    }
    boolean gradient = array.hasGradient();
    NDArray owned;
    // A created CPU array lies in a Java buffer that only its own Java object keeps alive, which
    // intern closes: the copy owns its memory.
    try (NDArray blob = array.getManager().create(values, array.getShape())) {
      owned = blob.duplicate();
    }
    NDArray placed = owned.toDevice(array.getDevice(), false);
    if (placed != owned) {
      owned.close();
    }
    array.intern(placed);
    if (gradient) {
      array.setRequiresGradient(true);
    }
  }

  /** Fails unless {@code tensor} (from a checkpoint) has the shape the network expects. */
  static void checkShape(Shape expected, NamedTensor tensor) {
    if (!java.util.Arrays.equals(expected.getShape(), tensor.shape())) {
      throw new IllegalArgumentException(tensor.name() + " has shape " + java.util.Arrays.toString(tensor.shape())
          + " but the network expects " + expected);
    }
  }

  /** A one-hot matrix (N, classes) built on the Java side, so no engine op draws on hidden state. */
  static float[] oneHot(int[] labels, int classes) {
    float[] out = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " at position " + i + " is outside 0.."
            + (classes - 1));
      }
      out[i * classes + labels[i]] = 1f;
    }
    return out;
  }
}
