package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.synthaug.api.StageException;
import io.synthaug.core.ProcFiles;
import io.synthaug.core.ml.RelativeError;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, before a GAN trains, that the engine computes this architecture's convolutions right on
 * this machine. It runs the networks forward once at the training batch size in float32, the
 * type training runs in, records every convolution they run (inputs in their memory layout,
 * weights, stride), and replays each one forward and backward in float32 through the same
 * convolution and in float64 as slices and a matrix product ({@link #unfoldedConv2d}), which no
 * convolution kernel computes. Output, input gradient and weight
 * gradient must agree to within {@link #TOLERANCE} of the float64 value's largest magnitude.
 *
 * <p>Why: on an AMD EPYC (family 26) VM whose CPUID reports no cache layout, PyTorch 2.7.1's
 * oneDNN convolution kernels (AVX2 and AVX-512) returned wrong input gradients (errors of 20 to
 * 100 % of the largest value, or NaN) for layers with few channels, such as the tiny test
 * discriminator's 1 -> 4 stride-2 layer and the WGAN-GP penalty's phase convolutions, while the
 * outputs and the weight gradients were right. A GAN trained that way learns from wrong gradients
 * without any error (plugins/gan/README.md, "Wrong gradients on some CPUs").
 *
 * <p>Convolutions one at a time rather than the whole network in float64: a convolution is
 * linear, so float32 stays within about 1e-6 of float64 on any input, where a whole network's
 * gradient can move by far more from rounding alone (batch normalization's backward pass cancels
 * large terms; a ReLU whose input is near zero switches between the two types).
 *
 * <p>The check builds networks of its own with fixed weights and inputs, so it changes nothing the
 * trainer holds (weights, batch-norm statistics, random streams).
 */
final class GradientCheck {

  /**
   * Largest accepted difference between float32 and float64, relative to the float64 value's
   * largest magnitude. Correct kernels measured 1e-7 to 1e-5; the wrong ones 0.2 to 1, or NaN
   * (BENCHMARKS.md, "Wrong gradients").
   */
  static final double TOLERANCE = 1e-3;
  /** The largest batch the check runs at: above it the check costs more than it could add. */
  static final int MAX_BATCH = 64;
  private static final long SEED = 0x6772616443686bL;
  /** What {@link #replay} compares, in the order of its errors. */
  private static final String[] COMPARED = {"output", "input gradient", "weight gradient"};

  /**
   * The outcome: how many convolutions were checked, the one that differs most and by how much,
   * and how long the check took.
   */
  record Result(int convolutions, String worst, double worstError, long millis) {

    /** Whether every value is within {@link #TOLERANCE} (false when any is NaN). */
    boolean passed() {
      return worstError <= TOLERANCE;
    }

    /** One line for the stage's log, with oneDNN's instruction-set limit where one is set. */
    String summary() {
      String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
      return String.format(Locale.ROOT, "engine check: %d convolutions agree with float64 to %.1e (limit %.0e,"
          + " %d ms%s)", convolutions, worstError, TOLERANCE, millis,
          isa == null ? "" : "; oneDNN limited to " + isa + " by ONEDNN_MAX_CPU_ISA");
    }
  }

  private GradientCheck() {
  }

  /**
   * Runs the check for training at {@code batch} images on {@code device}.
   *
   * @throws StageException naming the convolution, the machine and the remedy when a value is off
   */
  static Result verify(GanArchitecture arch, GanFamily family, int batch, Device device, NDManager parent) {
    Result result = run(arch, family, batch, device, parent);
    if (!result.passed()) {
      throw new StageException(failure(result, arch));
    }
    return result;
  }

  /** Runs the check and returns its result without judging it. */
  static Result run(GanArchitecture arch, GanFamily family, int batch, Device device, NDManager parent) {
    long start = System.nanoTime();
    String worst = null;
    double worstError = -1;
    int count = 0;
    try (NDManager m = parent.newSubManager(device)) {
      Map<String, List<GanOps.RecordedConvolution>> calls = record(arch, family, Math.min(batch, MAX_BATCH), m);
      SplitMixRandom random = new SplitMixRandom(SEED ^ 1);
      for (Map.Entry<String, List<GanOps.RecordedConvolution>> e : calls.entrySet()) {
        int k = 0;
        for (GanOps.RecordedConvolution c : e.getValue()) {
          k++;
          count++;
          double[] errors = replay(c, random, m);
          for (int i = 0; i < 3; i++) {
            if (Double.isNaN(errors[i]) || errors[i] > worstError) {
              worstError = errors[i];
              worst = String.format(Locale.ROOT, "the %s of the %s's convolution %d (input %s, weight %s, stride %d)",
                  COMPARED[i], e.getKey(), k, c.input().getShape(), c.weight().getShape(), c.stride().get(0));
            }
            if (Double.isNaN(worstError)) {
              return new Result(count, worst, worstError, (System.nanoTime() - start) / 1_000_000);
            }
          }
        }
      }
    }
    return new Result(count, worst, worstError, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The convolutions of one float32 forward pass of each network as training runs them, by
   * network: the generator, the discriminator on a real-and-fake batch and on a fake batch, and
   * for WGAN-GP the discriminator's input gradient, which the penalty differentiates through.
   */
  private static Map<String, List<GanOps.RecordedConvolution>> record(GanArchitecture arch, GanFamily family,
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
    Map<String, List<GanOps.RecordedConvolution>> calls = new LinkedHashMap<>();
    calls.put("generator", GanOps.recordConvolutions(() -> fake[0] = g.forward(new ParameterStore(m, false),
        new NDList(m.create(z, genInputs[0]), oneHot), true).singletonOrThrow()));
    calls.put("discriminator", GanOps.recordConvolutions(() -> {
      d.score(NDArrays.concat(new NDList(real, fake[0])), NDArrays.concat(new NDList(oneHot, oneHot)));
      d.score(fake[0], oneHot);
    }));
    if (family == GanFamily.WGAN_GP) {
      calls.put("discriminator input gradient", GanOps.recordConvolutions(() -> d.inputGradient(d.pass(real, oneHot))));
    }
    return calls;
  }

  /**
   * One recorded convolution forward and backward (upstream gradient: fixed random values) in
   * float32 and float64 from the same values and memory layout; the relative errors of output,
   * input gradient and weight gradient.
   */
  private static double[] replay(GanOps.RecordedConvolution c, SplitMixRandom random, NDManager m) {
    float[] upstream = null;
    float[] bias = new float[Math.toIntExact(c.weight().getShape().get(0))];
    random.fillGaussian(bias, 0f, 0.1f);
    float[][] single = new float[3][];
    double[][] wide = new double[3][];
    for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      try (NDManager s = m.newSubManager()) {
        // copies of the recorded arrays in the other type keep their memory layout
        NDArray x = c.input().toType(type, true);
        NDArray w = c.weight().toType(type, true);
        x.attach(s);
        w.attach(s);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray[] out = new NDArray[3];
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray b = c.bias() ? s.create(bias).toType(type, false) : null;
          NDArray y = type == DataType.FLOAT32 ? GanOps.conv2d(x, w, b, c.stride())
              : unfoldedConv2d(x, w, b, Math.toIntExact(c.stride().get(0)));
          if (upstream == null) {
            upstream = new float[Math.toIntExact(y.size())];
            random.fillGaussian(upstream, 0f, 1f);
          }
          out[0] = y.stopGradient();
          gc.backward(y.mul(s.create(upstream, y.getShape()).toType(type, false)).sum());
        }
        out[1] = x.getGradient();
        out[2] = w.getGradient();
        for (int i = 0; i < 3; i++) {
          if (type == DataType.FLOAT32) {
            single[i] = out[i].toFloatArray();
          } else {
            wide[i] = out[i].toDoubleArray();
          }
        }
      }
    }
    double[] errors = new double[3];
    for (int i = 0; i < 3; i++) {
      errors[i] = RelativeError.of(wide[i], single[i]);
    }
    return errors;
  }

  /**
   * The same convolution as {@link GanOps#conv2d} (padding 1) written as shifted slices of the
   * padded input and one matrix product, for the float64 reference: no convolution kernel runs,
   * so neither oneDNN nor PyTorch's fallback path (which on a CPU NNPACK does not know prints a
   * warning per call) is involved, and autograd differentiates slices and a product.
   */
  static NDArray unfoldedConv2d(NDArray x, NDArray w, NDArray bias, int stride) {
    Shape ws = w.getShape();
    long cout = ws.get(0);
    long kh = ws.get(2);
    long kw = ws.get(3);
    Shape xs = x.getShape();
    long n = xs.get(0);
    long oh = (xs.get(2) + 2 - kh) / stride + 1;
    long ow = (xs.get(3) + 2 - kw) / stride + 1;
    NDArray padded = x.pad(new Shape(1, 1, 1, 1), 0);
    NDList taps = new NDList();
    for (long i = 0; i < kh; i++) {
      for (long j = 0; j < kw; j++) {
        taps.add(padded.get(String.format(Locale.ROOT, ":, :, %d:%d:%d, %d:%d:%d", i, i + stride * (oh - 1) + 1,
            stride, j, j + stride * (ow - 1) + 1, stride)));
      }
    }
    // (N, Cin, taps, oh, ow) -> (N, Cin * taps, oh * ow): the weight's (Cin, kh, kw) order
    NDArray columns = NDArrays.stack(taps, 2).reshape(n, -1, oh * ow);
    NDArray y = w.reshape(cout, -1).matMul(columns).reshape(n, cout, oh, ow);
    return bias == null ? y : y.add(bias.reshape(1, cout, 1, 1));
  }

  /** The message of a failed check: what is wrong, why training stops, what to do. */
  static String failure(Result r, GanArchitecture arch) {
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    String error = Double.isNaN(r.worstError()) ? "NaN or infinite"
        : String.format(Locale.ROOT, "off by %.2f of its largest value", r.worstError());
    return "PyTorch computes this GAN's convolutions wrong on this machine: in float32, " + r.worst() + " is "
        + error + " against the same convolution in float64 (float32 rounding stays below "
        + String.format(Locale.ROOT, "%.0e", TOLERANCE) + "), so training would learn from wrong gradients"
        + " and stops before it starts. CPU: " + cpuModel() + "; ONEDNN_MAX_CPU_ISA: "
        + (isa == null ? "unset" : "'" + isa + "'") + "; baseChannels " + arch.baseChannels() + ". Seen on AMD EPYC"
        + " VMs whose CPUID reports no cache layout, in oneDNN's AVX2 and AVX-512 convolution kernels for layers"
        + " with few channels. Remedy: start with ONEDNN_MAX_CPU_ISA=AVX in the environment (bin/runner sets it"
        + " itself where the CPU reports no cache layout to Linux; every gradient was right there, training about"
        + " half as fast). A larger baseChannels was enough for CGAN (the default " + GanArchitecture.DEFAULT_BASE_CHANNELS
        + " passed), not for WGAN-GP. See \"Wrong gradients on some CPUs\" in the GAN"
        + " plugin's README.";
  }

  /** The CPU's model name from /proc/cpuinfo, else the JVM's architecture. */
  static String cpuModel() {
    try {
      return ProcFiles.firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    } catch (UncheckedIOException e) {
      // not Linux, or not readable
      return System.getProperty("os.arch");
    }
  }
}
