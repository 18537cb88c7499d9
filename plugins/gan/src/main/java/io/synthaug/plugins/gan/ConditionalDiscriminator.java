package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.synthaug.core.ml.ChannelsLast;

/**
 * The class-conditional discriminator D(x, label), a DJL block; the WGAN-GP critic is the same
 * network (it has no batch normalization, which a gradient penalty per sample forbids).
 *
 * <p>With b = baseChannels: three 3x3 convolutions with stride 2 and padding 1 to b, 2b and 4b
 * channels, each followed by LeakyReLU(0.2); the features are flattened to {@code f} and scored
 * as a projection discriminator: {@code D = fc(f) + <embed[label], f>}. The label term lets the
 * network judge whether an image fits its class without a label channel in the input.
 *
 * <p>Inputs: images (N, channels, size, size) and one-hot labels (N, classes). Output: raw scores
 * (N); logits for the non-saturating loss, critic values for WGAN-GP.
 *
 * <p>Because the network is piecewise linear, {@link #inputGradient} can write dD/dx out as an
 * explicit chain of transposed convolutions. That is what the gradient penalty uses: its
 * gradient with respect to the weights then needs only an ordinary backward pass.
 */
public final class ConditionalDiscriminator extends AbstractBlock {

  private final GanArchitecture arch;
  private final Parameter[] convWeights = new Parameter[3];
  private final Parameter[] convBiases = new Parameter[3];
  private final Parameter fcWeight;
  private final Parameter fcBias;
  private final Parameter embed;
  private NDArray phaseMap;

  /** A discriminator for {@code arch}; call {@code initialize} before use. */
  public ConditionalDiscriminator(GanArchitecture arch) {
    this.arch = arch;
    int b = arch.baseChannels();
    int[] widths = {arch.channels(), b, 2 * b, 4 * b};
    for (int i = 0; i < 3; i++) {
      String name = "conv" + (i + 1);
      convWeights[i] = addParameter(GanOps.parameter(name + ".weight", Parameter.Type.WEIGHT,
          new Shape(widths[i + 1], widths[i], 3, 3), 0f, true));
      convBiases[i] = addParameter(GanOps.parameter(name + ".bias", Parameter.Type.BIAS,
          new Shape(widths[i + 1]), 0f, true));
    }
    int features = arch.criticFeatures();
    fcWeight = addParameter(GanOps.parameter("fc.weight", Parameter.Type.WEIGHT, new Shape(1, features), 0f, true));
    fcBias = addParameter(GanOps.parameter("fc.bias", Parameter.Type.BIAS, new Shape(1), 0f, true));
    embed = addParameter(GanOps.parameter("embed", Parameter.Type.WEIGHT,
        new Shape(arch.classes(), features), 0f, true));
  }

  /** The architecture this discriminator was built for. */
  public GanArchitecture architecture() {
    return arch;
  }

  /** The scores (N) of images {@code x} under one-hot labels {@code oneHot}. */
  public NDArray score(NDArray x, NDArray oneHot) {
    return pass(x, oneHot).scores();
  }

  /** A forward pass that keeps what {@link #inputGradient} needs. */
  public Pass pass(NDArray x, NDArray oneHot) {
    NDArray[] pre = new NDArray[3];
    int[] sizes = new int[3];
    // channels-last through the convolutions (ChannelsLast)
    NDArray h = ChannelsLast.of(x);
    for (int i = 0; i < 3; i++) {
      sizes[i] = (int) h.getShape().get(2);
      pre[i] = GanOps.conv3x3Stride2(h, convWeights[i].getArray(), convBiases[i].getArray());
      h = Activation.leakyRelu(pre[i], GanOps.LEAKY_SLOPE);
    }
    NDArray f = h.reshape(h.getShape().get(0), -1);
    NDArray e = oneHot.matMul(embed.getArray());
    NDArray scores = Linear.linear(f, fcWeight.getArray(), fcBias.getArray()).singletonOrThrow().reshape(-1)
        .add(f.mul(e).sum(new int[] {1}));
    return new Pass(scores, pre, sizes, e);
  }

  /**
   * dD/dx for every image of a pass, as a function of the weights that autograd can
   * differentiate with a first-order backward pass.
   *
   * @return the gradient, shaped like the pass's input
   */
  public NDArray inputGradient(Pass pass) {
    NDArray last = pass.preActivations[2];
    // dD/df = fc.weight + embed[label], broadcast over the batch
    NDArray g = pass.labelEmbedding.add(fcWeight.getArray()).reshape(last.getShape());
    for (int i = 2; i >= 0; i--) {
      g = g.mul(GanOps.leakyReluSlope(pass.preActivations[i]));
      g = GanOps.conv3x3Stride2InputGradient(g, convWeights[i].getArray(), phaseMap(), pass.inputSizes[i]);
    }
    return g;
  }

  /** The tap-to-phase matrix, made once on the weights' manager in the weights' type. */
  private NDArray phaseMap() {
    NDArray w = convWeights[0].getArray();
    if (phaseMap == null || phaseMap.getDataType() != w.getDataType()) {
      NDArray map = w.getManager().create(GanOps.phaseMap(), new Shape(9, 16));
      phaseMap = map.toType(w.getDataType(), false);
    }
    return phaseMap;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(score(inputs.get(0), inputs.get(1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }

  /** The intermediate values of one forward pass. */
  public static final class Pass {
    private final NDArray scores;
    private final NDArray[] preActivations;
    private final int[] inputSizes;
    private final NDArray labelEmbedding;

    Pass(NDArray scores, NDArray[] preActivations, int[] inputSizes, NDArray labelEmbedding) {
      this.scores = scores;
      this.preActivations = preActivations;
      this.inputSizes = inputSizes;
      this.labelEmbedding = labelEmbedding;
    }

    /** The scores (N). */
    public NDArray scores() {
      return scores;
    }
  }
}
