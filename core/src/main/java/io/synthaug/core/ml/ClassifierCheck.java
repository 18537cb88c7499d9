package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.synthaug.api.StageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The engine check ({@link ConvolutionCheck}) for the classifier: before it trains, a network of
 * the same layout with fresh weights runs forward once in training mode at the training batch size
 * (at most {@link ConvolutionCheck#MAX_BATCH}), and each of its convolutions is replayed against
 * float64. The first convolution's input gradient is left out: its input is data, so training
 * never computes it.
 *
 * <p>A layout that passed at a batch size on a device is not checked again in the same JVM: an
 * experiment trains the same classifier for every arm and seed, and the kernels do not change
 * between runs.
 */
final class ClassifierCheck {

  private static final long SEED = 0x636c617373436bL;
  private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

  private ClassifierCheck() {
  }

  /**
   * Checks {@code layout} at {@code batch} images on {@code parent}'s device unless it passed
   * before in this JVM; logs the result when it runs.
   *
   * @throws StageException naming the convolution, the machine and the remedy when a value is off
   */
  static void verify(CnnLayout layout, int batch, NDManager parent, Consumer<String> log) {
    int n = Math.min(batch, ConvolutionCheck.MAX_BATCH);
    ClassifierConfig cfg = layout.config();
    String key = cfg.inputShape() + " " + cfg.convWidths() + " " + n + " " + parent.getDevice();
    if (PASSED.contains(key)) {
      return;
    }
    ConvolutionCheck.Result r = run(layout, n, parent);
    if (!r.passed()) {
      refuse(r);
    }
    PASSED.add(key);
    log.accept("classifier: " + r.summary());
  }

  /** Throws the error of a failed check. */
  static void refuse(ConvolutionCheck.Result r) {
    throw new StageException(ConvolutionCheck.failure(r, "the classifier") + " The classifier is the judge of"
        + " every experiment, so no accuracy it reported here could be trusted.");
  }

  /** Runs the check at {@code n} images and returns its result without judging it. */
  static ConvolutionCheck.Result run(CnnLayout layout, int n, NDManager parent) {
    long start = System.nanoTime();
    ClassifierConfig cfg = layout.config();
    int c = cfg.channels();
    float[] mean = new float[c];
    float[] scale = new float[c];
    Arrays.fill(mean, 0.5f);
    Arrays.fill(scale, 2f);
    Random rng = new Random(SEED);
    CnnWeights weights = layout.initial(rng, mean, scale);
    float[] pixels = new float[n * c * cfg.height() * cfg.width()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = rng.nextFloat();
    }
    try (NDManager m = parent.newSubManager()) {
      CnnNetwork net = CnnNetwork.upload(m, weights, true);
      NDArray x = m.create(pixels, new Shape(n, c, cfg.height(), cfg.width()));
      List<ConvolutionCheck.Recorded> calls = new ArrayList<>(ConvolutionCheck.record(() -> net.forward(x, true,
          null)));
      calls.set(0, calls.get(0).withoutInputGradient());
      return ConvolutionCheck.replay(Map.of("classifier", calls), SEED, m, start);
    }
  }
}
