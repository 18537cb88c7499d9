package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.synthaug.core.ml.ChannelsLast;

/**
 * The class-conditional generator G(z, label), a DJL block.
 *
 * <p>Inputs: noise {@code z} of shape (N, zDim) and the labels as a one-hot matrix (N, classes).
 * Output: images (N, channels, size, size) in [-1, 1]. With b = baseChannels, c0 = 4b, c1 = 2b,
 * c2 = b and s0 = size / 4, the exact op sequence (which an ONNX exporter mirrors, naming the
 * parameters as below) is:
 * <ol>
 *   <li>{@code h = Gemm(z, fc.weight, fc.bias, transB = 1)} — fc.weight is (c0*s0*s0, zDim);</li>
 *   <li>{@code e = Gather(embed, label, axis = 0)} — embed is (classes, c0*s0*s0). Training
 *       computes it as {@code oneHot x embed}, which gives the same values;</li>
 *   <li>{@code h = Add(h, e)}, then {@code Reshape(h, [N, c0, s0, s0])};</li>
 *   <li>{@code BatchNormalization(h, bn0.gamma, bn0.beta, bn0.runningMean, bn0.runningVar,
 *       epsilon = 1e-5)}, {@code Relu};</li>
 *   <li>nearest-neighbour upsampling x2 (every value becomes a 2x2 block),
 *       {@code Conv(conv1.weight, 3x3, pads 1, strides 1, no bias)} to c1 channels,
 *       {@code BatchNormalization(bn1.*)}, {@code Relu};</li>
 *   <li>upsampling x2, {@code Conv(conv2.weight)} to c2 channels, {@code BatchNormalization(bn2.*)},
 *       {@code Relu};</li>
 *   <li>{@code Conv(out.weight, out.bias, 3x3, pads 1)} to the image channels, {@code Tanh}.</li>
 * </ol>
 * The label enters additively after the dense layer; this equals concatenating a one-hot label
 * to z before a single dense layer, split into two weight matrices. Each upsampling and the
 * convolution after it run as one convolution at the lower resolution
 * ({@link GanOps#upsample2xConv3x3}): the same function with 2.25 times fewer multiply-adds.
 * The ONNX export writes each upsampling and convolution as one {@code ConvTranspose} (4x4
 * kernel folded from the 3x3 one, stride 2, pads 1), the same function with the same work
 * (see GeneratorOnnxExporter); exporting the phase formulation itself ({@code Conv},
 * {@code Slice}, {@code Concat}, {@code DepthToSpace}) halved ONNX Runtime's convolution time
 * but its layout changes and interleaving cost as much (26.4 against 27.1 ms for a batch of 64
 * on one thread, measured). The export also folds the batch normalizations into the layers
 * before them and, for one channel, writes the last convolution as a depthwise one and a sum.
 *
 * <p>From the first batch normalization on, the activations are laid out channels-last in
 * memory ({@link ChannelsLast}); shapes and values are as above.
 *
 * <p>The {@link ParameterStore} passed to {@code forward} is not consulted: the block reads its
 * own parameter arrays, which live on one device, the trainer's.
 */
public final class ConditionalGenerator extends AbstractBlock {

  private final GanArchitecture arch;
  private final Parameter fcWeight;
  private final Parameter fcBias;
  private final Parameter embed;
  private final Norm bn0;
  private final Parameter conv1;
  private final Norm bn1;
  private final Parameter conv2;
  private final Norm bn2;
  private final Parameter outWeight;
  private final Parameter outBias;
  private NDArray upsampleMap;
  private final NDArray[] upsampleIndex = new NDArray[2];
  private final NDArray[] upsampleRows = new NDArray[2];

  /** A generator for {@code arch}; call {@code initialize} before use. */
  public ConditionalGenerator(GanArchitecture arch) {
    this.arch = arch;
    int c0 = arch.startChannels();
    int c1 = 2 * arch.baseChannels();
    int c2 = arch.baseChannels();
    fcWeight = addParameter(GanOps.parameter("fc.weight", Parameter.Type.WEIGHT,
        new Shape(arch.denseWidth(), arch.zDim()), 0f, true));
    fcBias = addParameter(GanOps.parameter("fc.bias", Parameter.Type.BIAS, new Shape(arch.denseWidth()), 0f, true));
    embed = addParameter(GanOps.parameter("embed", Parameter.Type.WEIGHT,
        new Shape(arch.classes(), arch.denseWidth()), 0f, true));
    bn0 = new Norm("bn0", c0);
    conv1 = addParameter(GanOps.parameter("conv1.weight", Parameter.Type.WEIGHT, new Shape(c1, c0, 3, 3), 0f, true));
    bn1 = new Norm("bn1", c1);
    conv2 = addParameter(GanOps.parameter("conv2.weight", Parameter.Type.WEIGHT, new Shape(c2, c1, 3, 3), 0f, true));
    bn2 = new Norm("bn2", c2);
    outWeight = addParameter(GanOps.parameter("out.weight", Parameter.Type.WEIGHT,
        new Shape(arch.channels(), c2, 3, 3), 0f, true));
    outBias = addParameter(GanOps.parameter("out.bias", Parameter.Type.BIAS, new Shape(arch.channels()), 0f, true));
  }

  /** The architecture this generator was built for. */
  public GanArchitecture architecture() {
    return arch;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray z = inputs.get(0);
    NDArray oneHot = inputs.get(1);
    long n = z.getShape().get(0);
    int s0 = arch.startSize();
    NDArray h = Linear.linear(z, fcWeight.getArray(), fcBias.getArray()).singletonOrThrow()
        .add(oneHot.matMul(embed.getArray()))
        .reshape(n, arch.startChannels(), s0, s0);
    // channels-last from here to the output image (ChannelsLast)
    h = Activation.relu(bn0.apply(ChannelsLast.of(h), training));
    h = GanOps.upsample2xConv3x3(h, conv1.getArray(), upsampleMap(), upsampleRows(0, h));
    h = Activation.relu(bn1.apply(h, training));
    h = GanOps.upsample2xConv3x3(h, conv2.getArray(), upsampleMap(), upsampleRows(1, h));
    h = Activation.relu(bn2.apply(h, training));
    return new NDList(Activation.tanh(GanOps.conv3x3(h, outWeight.getArray(), outBias.getArray())));
  }

  /** The tap-folding matrix of the upsampling convolutions, made once on the weights' manager. */
  private NDArray upsampleMap() {
    NDArray w = conv1.getArray();
    if (upsampleMap == null || upsampleMap.getDataType() != w.getDataType()) {
      NDArray map = w.getManager().create(GanOps.upsampleMap(), new Shape(9, 16));
      upsampleMap = map.toType(w.getDataType(), false);
    }
    return upsampleMap;
  }

  /**
   * The gather rows of upsampling convolution {@code layer} (0: conv1, 1: conv2) for input
   * {@code x}, one per sample ({@link GanOps#upsampleRows}): the positions are made once per
   * layer on the weights' manager, the rows again only when the batch size changes.
   */
  private NDArray upsampleRows(int layer, NDArray x) {
    if (upsampleIndex[layer] == null) {
      Parameter weight = layer == 0 ? conv1 : conv2;
      int cout = Math.toIntExact(weight.getArray().getShape().get(0));
      int h = Math.toIntExact(x.getShape().get(2));
      int w = Math.toIntExact(x.getShape().get(3));
      upsampleIndex[layer] = weight.getArray().getManager().create(GanOps.upsampleIndex(cout, h, w));
    }
    long n = x.getShape().get(0);
    NDArray rows = upsampleRows[layer];
    if (rows == null || rows.getShape().get(0) != n) {
      if (rows != null) {
        rows.close();
      }
      rows = GanOps.upsampleRows(upsampleIndex[layer], n);
      upsampleRows[layer] = rows;
    }
    return rows;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), arch.channels(), arch.imageSize(), arch.imageSize())};
  }

  /** The four parameters of one batch normalization, named {@code <prefix>.gamma} and so on. */
  private final class Norm {
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    Norm(String prefix, int channels) {
      Shape s = new Shape(channels);
      gamma = addParameter(GanOps.parameter(prefix + ".gamma", Parameter.Type.GAMMA, s, 1f, true));
      beta = addParameter(GanOps.parameter(prefix + ".beta", Parameter.Type.BETA, s, 0f, true));
      runningMean = addParameter(GanOps.parameter(prefix + ".runningMean", Parameter.Type.RUNNING_MEAN, s, 0f, false));
      runningVar = addParameter(GanOps.parameter(prefix + ".runningVar", Parameter.Type.RUNNING_VAR, s, 1f, false));
    }

    NDArray apply(NDArray x, boolean training) {
      return BatchNorm.batchNorm(x, runningMean.getArray(), runningVar.getArray(), gamma.getArray(), beta.getArray(),
          1, GanOps.BN_MOMENTUM, GanOps.BN_EPS, training).singletonOrThrow();
    }
  }
}
