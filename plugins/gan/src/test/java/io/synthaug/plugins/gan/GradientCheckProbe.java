package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthaug.api.StageException;
import io.synthaug.core.ml.ChannelsLast;
import io.synthaug.core.ml.ConvolutionCheck;
import java.util.Locale;

/**
 * Run in a JVM of its own by {@link GradientCheckTest} (and by hand): prints, one per line,
 * {@code raw <error>}, the float32 input gradient of the tiny test discriminator's first layer
 * (1 -> 4 channels, stride 2, channels-last, batch 64) against float64, then {@code <family> <base>
 * <passed> <error> <convolutions> <ms> ms: <worst>} for the check at batch 64 on the tiny and
 * the default 28x28 architectures, and last {@code trainer built: <its check's summary>} or {@code trainer refused: <message>}
 * for a tiny WGAN-GP trainer at batch 64.
 */
public final class GradientCheckProbe {

  private GradientCheckProbe() {
  }

  public static void main(String[] args) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      System.out.println(String.format(Locale.ROOT, "raw %.3e", firstLayerError(m)));
      for (int base : new int[] {4, GanArchitecture.DEFAULT_BASE_CHANNELS}) {
        for (GanFamily family : GanFamily.values()) {
          GanArchitecture arch = new GanArchitecture(8, base, 28, 1, 3);
          ConvolutionCheck.Result r = GradientCheck.run(arch, family, 64, Device.cpu(), m);
          System.out.println(String.format(Locale.ROOT, "%s %d %b %.3e %d %d ms: %s", family, base, r.passed(),
              r.worstError(), r.convolutions(), r.millis(), r.worst()));
        }
      }
    }
    GanTrainingConfig config = GanTrainingConfig.builder(GanFamily.WGAN_GP, new GanArchitecture(8, 4, 28, 1, 3))
        .optBatchSize(64).optSteps(1).optSeed(5).build();
    try (DjlGanTrainer t = DjlGanTrainer.create(config, TinyGan.data(64), Device.cpu())) {
      System.out.println("trainer built: " + t.engineCheck().summary());
    } catch (StageException e) {
      System.out.println("trainer refused: " + e.getMessage());
    }
  }

  /**
   * The 1 -> 4, stride-2 convolution's input gradient in float32 against float64 at batch 64, the
   * worst of three tries (the wrong kernels were right in some runs).
   */
  static double firstLayerError(NDManager m) {
    double worst = 0;
    for (int i = 0; i < 3; i++) {
      double e = firstLayerErrorOnce(m, i);
      if (Double.isNaN(e)) {
        return e;
      }
      worst = Math.max(worst, e);
    }
    return worst;
  }

  private static double firstLayerErrorOnce(NDManager m, int seed) {
    SplitMixRandom random = new SplitMixRandom(3 + seed);
    float[] xs = new float[64 * 28 * 28];
    float[] ws = new float[4 * 9];
    random.fillGaussian(xs, 0f, 1f);
    random.fillGaussian(ws, 0f, 0.3f);
    double[][] grads = new double[2][];
    DataType[] types = {DataType.FLOAT32, DataType.FLOAT64};
    for (int t = 0; t < 2; t++) {
      NDArray x = m.create(xs, new Shape(64, 1, 28, 28)).toType(types[t], true);
      NDArray w = m.create(ws, new Shape(4, 1, 3, 3)).toType(types[t], true);
      x.setRequiresGradient(true);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray y = GanOps.conv3x3Stride2(ChannelsLast.of(x), w, null);
        gc.backward(y.mul(y).sum());
      }
      grads[t] = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }
    float[] single = new float[grads[0].length];
    for (int i = 0; i < single.length; i++) {
      single[i] = (float) grads[0][i];
    }
    return io.synthaug.core.ml.RelativeError.of(grads[1], single);
  }
}
