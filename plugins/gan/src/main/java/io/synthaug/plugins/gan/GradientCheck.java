package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.synthaug.api.StageException;
import io.synthaug.core.ml.ConvolutionCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before a GAN trains, that the engine computes this architecture's convolutions right on
 * this machine ({@link ConvolutionCheck}): it runs fresh networks forward once at the training
 * batch size (at most {@link ConvolutionCheck#MAX_BATCH}) in float32, the type training runs in,
 * recording every convolution, and replays each one against float64.
 *
 * <p>Seen wrong on an AMD EPYC (family 26) VM whose CPUID reports no cache layout: the tiny test
 * discriminator's 1 -> 4 stride-2 layer got wrong input gradients from oneDNN's AVX-512 kernels,
 * and the WGAN-GP penalty's phase convolutions from its AVX2 and AVX-512 kernels while they ran in
 * the plain layout (they run channels-last now, and were right there under the AVX2 limit;
 * plugins/gan/README.md, "Wrong gradients on some CPUs"). Every input gradient is compared: the
 * discriminator's first layer passes the generator's gradient through.
 *
 * <p>The check builds networks of its own with fixed weights and inputs, so it changes nothing the
 * trainer holds (weights, batch-norm statistics, random streams).
 */
final class GradientCheck {

  private static final long SEED = 0x6772616443686bL;

  private GradientCheck() {
  }

  /**
   * Runs the check for training at {@code batch} images on {@code device}.
   *
   * @throws StageException naming the convolution, the machine and the remedy when a value is off
   */
  static ConvolutionCheck.Result verify(GanArchitecture arch, GanFamily family, int batch, Device device,
      NDManager parent) {
    ConvolutionCheck.Result result = run(arch, family, batch, device, parent);
    if (!result.passed()) {
      throw new StageException(failure(result, arch));
    }
    return result;
  }

  /** Runs the check and returns its result without judging it. */
  static ConvolutionCheck.Result run(GanArchitecture arch, GanFamily family, int batch, Device device,
      NDManager parent) {
    long start = System.nanoTime();
    try (NDManager m = parent.newSubManager(device)) {
      return ConvolutionCheck.replay(record(arch, family, Math.min(batch, ConvolutionCheck.MAX_BATCH), m), SEED ^ 1,
          m, start);
    }
  }

  /**
   * The convolutions of one float32 forward pass of each network as training runs them, by
   * network: the generator, the discriminator on a real-and-fake batch and on a fake batch, and
   * for WGAN-GP the discriminator's input gradient, which the penalty differentiates through.
   */
  private static Map<String, List<ConvolutionCheck.Recorded>> record(GanArchitecture arch, GanFamily family,
      int n, NDManager m) {
    SplitMixRandom random = new SplitMixRandom(SEED);
    Shape[] genInputs = {new Shape(n, arch.zDim()), new Shape(n, arch.classes())};
    Shape image = new Shape(n, arch.channels(), arch.imageSize(), arch.imageSize());
    ConditionalGenerator g = new ConditionalGenerator(arch);
    g.initialize(m, DataType.FLOAT32, genInputs);
    ConditionalDiscriminator d = new ConditionalDiscriminator(arch);
    d.initialize(m, DataType.FLOAT32, image, genInputs[1]);
    GanOps.fillWeights(g, random, 0.1f);
    GanOps.fillWeights(d, random, 0.1f);
    float[] z = new float[n * arch.zDim()];
    random.fillGaussian(z, 0f, 1f);
    float[] x = new float[n * arch.imageValues()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * random.nextDouble() - 1);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (3 * i + 1) % arch.classes();
    }
    NDArray oneHot = m.create(GanOps.oneHot(labels, arch.classes()), genInputs[1]);
    NDArray real = m.create(x, image);
    NDArray[] fake = new NDArray[1];
    Map<String, List<ConvolutionCheck.Recorded>> calls = new LinkedHashMap<>();
    calls.put("generator", ConvolutionCheck.record(() -> fake[0] = g.forward(new ParameterStore(m, false),
        new NDList(m.create(z, genInputs[0]), oneHot), true).singletonOrThrow()));
    calls.put("discriminator", ConvolutionCheck.record(() -> {
      d.score(NDArrays.concat(new NDList(real, fake[0])), NDArrays.concat(new NDList(oneHot, oneHot)));
      d.score(fake[0], oneHot);
    }));
    if (family == GanFamily.WGAN_GP) {
      calls.put("discriminator input gradient", ConvolutionCheck.record(() -> d.inputGradient(d.pass(real, oneHot))));
    }
    return calls;
  }

  /** The message of a failed check: what is wrong, why training stops, what to do. */
  static String failure(ConvolutionCheck.Result r, GanArchitecture arch) {
    return ConvolutionCheck.failure(r, "this GAN") + " Here baseChannels is " + arch.baseChannels()
        + ": where only the discriminator's first layer was wrong, a larger baseChannels was enough (the default "
        + GanArchitecture.DEFAULT_BASE_CHANNELS + " passed). See \"Wrong gradients on some CPUs\" in the GAN plugin's"
        + " README.";
  }
}
