package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.ConstantInitializer;

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
  private static final Shape PAD_ONE = new Shape(1, 1);
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

  /** A 3x3 convolution with padding 1 and stride 1 ({@code bias} may be null). */
  static NDArray conv3x3(NDArray x, NDArray weight, NDArray bias) {
    return Conv2d.conv2d(x, weight, bias, ONE, PAD_ONE, ONE, 1).singletonOrThrow();
  }

  /** A 3x3 convolution with padding 1 and stride 2. */
  static NDArray conv3x3Stride2(NDArray x, NDArray weight, NDArray bias) {
    return Conv2d.conv2d(x, weight, bias, STRIDE_TWO, PAD_ONE, ONE, 1).singletonOrThrow();
  }

  /**
   * The gradient of a 3x3, stride-2, padding-1 convolution with respect to its input, written
   * with first-order operations only, so that autograd can differentiate it with respect to the
   * weights by an ordinary backward pass (no create-graph backward, whose leaf gradients DJL
   * cannot release).
   *
   * <p>This is the transposed convolution: the upstream gradient with zeros inserted after every
   * value (rows and columns), convolved with the kernel flipped in space and with input and
   * output channels swapped, padding 1. The zero-stuffed map is {@code 2 * outSize} wide, one
   * more than a transposed convolution needs when the input side is odd; the extra last row and
   * column are cut off.
   *
   * @param upstream gradient with respect to the convolution's output, (N, Cout, o, o)
   * @param weight the convolution's kernel, (Cout, Cin, 3, 3)
   * @param inSize side of the convolution's input
   * @return the gradient with respect to the input, (N, Cin, inSize, inSize)
   */
  static NDArray conv3x3Stride2InputGradient(NDArray upstream, NDArray weight, int inSize) {
    NDManager m = upstream.getManager();
    Shape s = upstream.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long o = s.get(2);
    NDArray zeros = m.zeros(s, upstream.getDataType(), upstream.getDevice());
    NDArray cols = NDArrays.stack(new NDList(upstream, zeros), 4).reshape(n, c, o, 2 * o);
    NDArray rows = NDArrays.stack(new NDList(cols, cols.zerosLike()), 3).reshape(n, c, 2 * o, 2 * o);
    NDArray flipped = weight.flip(2, 3);
    flipped.attach(m);
    NDArray kernel = flipped.transpose(1, 0, 2, 3);
    NDArray grad = conv3x3(rows, kernel, null);
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

  /** Overwrites {@code array} in place with {@code tensor}, checking the shape. */
  static void load(NDArray array, NamedTensor tensor) {
    if (!java.util.Arrays.equals(array.getShape().getShape(), tensor.shape())) {
      throw new IllegalArgumentException(tensor.name() + " has shape " + java.util.Arrays.toString(tensor.shape())
          + " but the network expects " + array.getShape());
    }
    array.set(tensor.values());
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
