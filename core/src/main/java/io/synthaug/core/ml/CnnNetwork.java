package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.synthaug.api.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CnnLayout}'s network as PyTorch tensors through DJL's functional operators, with the
 * weights held as plain arrays rather than DJL blocks, so the exporter, the save format and the
 * training loop share one explicit list of tensors.
 *
 * <p>Every operator takes the activation as its first operand, so results land on the manager of
 * the input batch (a per-step sub-manager) and never on the long-lived manager of the weights.
 */
final class CnnNetwork {

  private static final Shape ONE = new Shape(1, 1);
  private static final Shape POOL = new Shape(2, 2);
  private static final Shape NO_PAD = new Shape(0, 0);
  /** Images per inference batch: large enough to keep the convolutions busy, small in memory. */
  static final int INFER_BATCH = 256;

  /** The outputs of one forward pass, on the input's manager. */
  record Output(NDArray logits, NDArray features) {
  }

  private final CnnLayout layout;
  private final NDArray[] arrays;
  private final NDArray inputMean;
  private final NDArray inputScale;
  private final List<Integer> trainable;

  private CnnNetwork(CnnLayout layout, NDArray[] arrays, NDArray inputMean, NDArray inputScale) {
    this.layout = layout;
    this.arrays = arrays;
    this.inputMean = inputMean;
    this.inputScale = inputScale;
    List<Integer> indices = new ArrayList<>();
    List<CnnLayout.Tensor> tensors = layout.tensors();
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).role().trainable) {
        indices.add(i);
      }
    }
    this.trainable = List.copyOf(indices);
  }

  /**
   * Copies {@code weights} onto {@code manager}'s device; with {@code trainable} the trainable
   * tensors record gradients.
   */
  static CnnNetwork upload(NDManager manager, CnnWeights weights, boolean trainable) {
    CnnLayout layout = weights.layout();
    List<CnnLayout.Tensor> tensors = layout.tensors();
    NDArray[] arrays = new NDArray[tensors.size()];
    for (int i = 0; i < arrays.length; i++) {
      CnnLayout.Tensor t = tensors.get(i);
      arrays[i] = manager.create(weights.view(i), new Shape(t.shape()));
      if (trainable && t.role().trainable) {
        arrays[i].setRequiresGradient(true);
      }
    }
    int c = layout.config().channels();
    Shape perChannel = new Shape(1, c, 1, 1);
    return new CnnNetwork(layout, arrays, arrays[0].reshape(perChannel), arrays[1].reshape(perChannel));
  }

  /**
   * Runs the network on an NCHW batch of pixels in [0, 1]. In training mode batch normalization
   * uses batch statistics and updates its running statistics in place, and {@code keepMask}
   * (already scaled by {@code 1 / (1 - dropout)}, or {@code null} for none) multiplies the
   * features before the output layer.
   */
  Output forward(NDArray x, boolean training, NDArray keepMask) {
    // channels-last through the convolutions and pooling; the flattening reshape copies back
    NDArray h = ChannelsLast.of(x.sub(inputMean).mul(inputScale));
    int i = 2;
    int stages = layout.config().convWidths().size();
    for (int s = 0; s < stages; s++) {
      for (int j = 0; j < CnnLayout.CONVS_PER_STAGE; j++) {
        NDArray weight = arrays[i++];
        NDArray gamma = arrays[i++];
        NDArray beta = arrays[i++];
        NDArray mean = arrays[i++];
        NDArray var = arrays[i++];
        h = ConvolutionCheck.conv2d(h, weight, null, ONE);
        h = BatchNorm.batchNorm(h, mean, var, gamma, beta, 1, CnnLayout.BN_MOMENTUM, CnnLayout.BN_EPSILON,
            training).singletonOrThrow();
        h = Activation.relu(h);
      }
      h = Pool.maxPool2d(h, POOL, POOL, NO_PAD, false);
    }
    h = h.reshape(h.getShape().get(0), layout.flatDim());
    NDArray features = Activation.relu(Linear.linear(h, arrays[i], arrays[i + 1]).singletonOrThrow());
    NDArray dropped = keepMask == null ? features : features.mul(keepMask);
    NDArray logits = Linear.linear(dropped, arrays[i + 2], arrays[i + 3]).singletonOrThrow();
    return new Output(logits, features);
  }

  /**
   * Logits ({@code [n * classes]}, row-major) and, with {@code withFeatures}, features
   * ({@code [n * featureDim]}, else {@code null}) of {@code images} in inference mode, computed in
   * batches of {@value #INFER_BATCH} on sub-managers of {@code parent}.
   */
  float[][] infer(NDManager parent, List<Image> images, boolean withFeatures) {
    ClassifierConfig cfg = layout.config();
    int n = images.size();
    float[] logits = new float[n * cfg.classes()];
    float[] features = withFeatures ? new float[n * cfg.featureDim()] : null;
    for (int from = 0; from < n; from += INFER_BATCH) {
      int to = Math.min(n, from + INFER_BATCH);
      try (NDManager step = parent.newSubManager()) {
        NDArray x = step.create(ImageBatches.toNchw(images, null, from, to),
            new Shape(to - from, cfg.channels(), cfg.height(), cfg.width()));
        Output out = forward(x, false, null);
        float[] l = out.logits().toFloatArray();
        System.arraycopy(l, 0, logits, from * cfg.classes(), l.length);
        if (withFeatures) {
          float[] f = out.features().toFloatArray();
          System.arraycopy(f, 0, features, from * cfg.featureDim(), f.length);
        }
      }
    }
    return new float[][] {logits, features};
  }

  /** Indices (into the layout) of the tensors the optimizer updates. */
  List<Integer> trainableIndices() {
    return trainable;
  }

  /** The engine tensor at layout index {@code index}. */
  NDArray array(int index) {
    return arrays[index];
  }

  /**
   * Sets every trainable tensor's gradient to zero. DJL 0.35.1's gradient collector does not, and
   * PyTorch accumulates gradients across backward passes.
   */
  void zeroGradients() {
    for (int i : trainable) {
      if (arrays[i].hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) arrays[i]);
      }
    }
  }

  /** Copies the current values (including the batch-norm running statistics) back to the heap. */
  CnnWeights download() {
    List<float[]> values = new ArrayList<>(arrays.length);
    for (NDArray a : arrays) {
      values.add(a.toFloatArray());
    }
    return new CnnWeights(layout, values);
  }
}
