package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.synthaug.core.ProcFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Checks that the engine computes a network's convolutions right on this machine, before the
 * network trains. The caller runs the network forward once in float32 inside {@link #record},
 * with its convolutions going through {@link #conv2d}; each recorded convolution (input in its
 * memory layout, weight, stride) is then replayed forward and backward ({@link #replay}) in float32
 * through the same kernel and in float64 as shifted slices and one matrix product
 * ({@link #unfoldedConv2d}), which no convolution kernel computes. Output, input gradient and
 * weight gradient must agree to within {@link #TOLERANCE} of the float64 value's largest
 * magnitude.
 *
 * <p>Why: on an AMD EPYC (family 26) VM whose CPUID reports no cache layout, PyTorch 2.7.1's
 * oneDNN convolution kernels (AVX2 and AVX-512) returned wrong input gradients (errors of 20 to
 * 100 % of the largest value, or NaN) for layers with few channels, while the outputs and the
 * weight gradients were right. A network trained that way learns from wrong gradients without any
 * error (BENCHMARKS.md, "Wrong gradients").
 *
 * <p>Convolutions one at a time rather than the whole network in float64: a convolution is
 * linear, so float32 stays within about 1e-6 of float64 on any input, where a whole network's
 * gradient can move by far more from rounding alone (batch normalization's backward pass cancels
 * large terms; a ReLU whose input is near zero switches between the two types).
 */
public final class ConvolutionCheck {

  /**
   * Largest accepted difference between float32 and float64, relative to the float64 value's
   * largest magnitude. Correct kernels measured 1e-7 to 1e-5; the wrong ones 0.2 to 1, or NaN.
   */
  public static final double TOLERANCE = 1e-3;
  /** The largest batch a check need run at: above it the check costs more than it could add. */
  public static final int MAX_BATCH = 64;
  /** What {@link #replay} compares, in the order of its errors. */
  private static final String[] COMPARED = {"output", "input gradient", "weight gradient"};
  private static final Shape ONE = new Shape(1, 1);
  private static final Shape PAD_ONE = new Shape(1, 1);
  private static final ThreadLocal<List<Recorded>> RECORDING = new ThreadLocal<>();

  /**
   * One convolution that ran while {@link #record} was recording: copies of its input (in the
   * input's memory layout) and weight, detached from any graph, whether it had a bias, its
   * stride, and whether training needs its input gradient (not for a first layer whose input is
   * data).
   */
  public record Recorded(NDArray input, NDArray weight, boolean bias, Shape stride, boolean inputGradient) {

    /** The same convolution with its input gradient left out of the comparison. */
    public Recorded withoutInputGradient() {
      return new Recorded(input, weight, bias, stride, false);
    }
  }

  /**
   * The outcome: how many convolutions were checked, the one that differs most and by how much,
   * and how long the check took.
   */
  public record Result(int convolutions, String worst, double worstError, long millis) {

    /** Whether every value is within {@link #TOLERANCE} (false when any is NaN). */
    public boolean passed() {
      return worstError <= TOLERANCE;
    }

    /** One line for a log, with oneDNN's instruction-set limit where one is set. */
    public String summary() {
      return String.format(Locale.ROOT, "engine check: %d convolutions agree with float64 to %.1e (limit %.0e,"
          + " %d ms%s)", convolutions, worstError, TOLERANCE, millis,
          isaLimit().map(isa -> "; oneDNN limited to " + isa + " by ONEDNN_MAX_CPU_ISA").orElse(""));
    }
  }

  private ConvolutionCheck() {
  }

  /**
   * A convolution with padding 1, no dilation and one group, as every network here runs them;
   * recorded for a check while {@link #record} runs on this thread. PyTorch keeps the memory
   * layout of {@code x} (channels-last or not) in the output.
   */
  public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride) {
    List<Recorded> recording = RECORDING.get();
    if (recording != null) {
      // duplicate keeps the memory layout, so a replay reaches the same kernels
      recording.add(new Recorded(x.stopGradient().duplicate(), weight.stopGradient().duplicate(), bias != null,
          stride, true));
    }
    return Conv2d.conv2d(x, weight, bias, stride, PAD_ONE, ONE, 1).singletonOrThrow();
  }

  /**
   * Runs {@code work} and returns every convolution it ran through {@link #conv2d} on this
   * thread, in order. The copies live on the inputs' managers.
   */
  public static List<Recorded> record(Runnable work) {
    List<Recorded> calls = new ArrayList<>();
    RECORDING.set(calls);
    try {
      work.run();
    } finally {
      RECORDING.remove();
    }
    return calls;
  }

  /**
   * Replays every recorded convolution, by network name, and returns the worst agreement; stops
   * at the first NaN. {@code seed} fixes the upstream gradients and biases the replays use.
   */
  public static Result replay(Map<String, List<Recorded>> calls, long seed, NDManager m, long startNanos) {
    return replay(calls, seed, m, startNanos, ConvolutionCheck::conv2d);
  }

  /** The float32 side of a replay: the engine's convolution, or in tests a deliberately wrong one. */
  @FunctionalInterface
  interface Float32Convolution {
    NDArray apply(NDArray x, NDArray weight, NDArray bias, Shape stride);
  }

  /** {@link #replay(Map, long, NDManager, long)} with {@code engine} as the float32 side. */
  static Result replay(Map<String, List<Recorded>> calls, long seed, NDManager m, long startNanos,
      Float32Convolution engine) {
    SplittableRandom random = new SplittableRandom(seed);
    String worst = null;
    double worstError = -1;
    int count = 0;
    for (Map.Entry<String, List<Recorded>> e : calls.entrySet()) {
      int k = 0;
      for (Recorded c : e.getValue()) {
        k++;
        count++;
        double[] errors = replay(c, random, m, engine);
        for (int i = 0; i < 3; i++) {
          if (Double.isNaN(errors[i]) || errors[i] > worstError) {
            worstError = errors[i];
            worst = String.format(Locale.ROOT, "the %s of the %s's convolution %d (input %s, weight %s, stride %d)",
                COMPARED[i], e.getKey(), k, c.input().getShape(), c.weight().getShape(), c.stride().get(0));
          }
          if (Double.isNaN(worstError)) {
            return new Result(count, worst, worstError, (System.nanoTime() - startNanos) / 1_000_000);
          }
        }
      }
    }
    return new Result(count, worst, worstError, (System.nanoTime() - startNanos) / 1_000_000);
  }

  /**
   * One recorded convolution forward and backward (upstream gradient: fixed random values) in
   * float32 and float64 from the same values and memory layout; the relative errors of output,
   * input gradient (0 where training does not need it) and weight gradient.
   */
  static double[] replay(Recorded c, SplittableRandom random, NDManager m, Float32Convolution engine) {
    float[] upstream = null;
    float[] bias = gaussian(random, Math.toIntExact(c.weight().getShape().get(0)), 0.1);
    float[][] single = new float[3][];
    double[][] wide = new double[3][];
    for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      try (NDManager s = m.newSubManager()) {
        // fresh copies, so no gradient of an earlier replay accumulates into them (toType to the
        // array's own type returns the array itself); both kinds of copy keep the memory layout
        NDArray x = copy(c.input(), type);
        NDArray w = copy(c.weight(), type);
        x.attach(s);
        w.attach(s);
        x.setRequiresGradient(c.inputGradient());
        w.setRequiresGradient(true);
        NDArray[] out = new NDArray[3];
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray b = c.bias() ? s.create(bias).toType(type, false) : null;
          NDArray y = type == DataType.FLOAT32 ? engine.apply(x, w, b, c.stride())
              : unfoldedConv2d(x, w, b, Math.toIntExact(c.stride().get(0)));
          if (upstream == null) {
            upstream = gaussian(random, Math.toIntExact(y.size()), 1.0);
          }
          out[0] = y.stopGradient();
          gc.backward(y.mul(s.create(upstream, y.getShape()).toType(type, false)).sum());
        }
        out[1] = c.inputGradient() ? x.getGradient() : null;
        out[2] = w.getGradient();
        for (int i = 0; i < 3; i++) {
          if (out[i] == null) {
            continue;
          }
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
      errors[i] = single[i] == null ? 0 : RelativeError.of(wide[i], single[i]);
    }
    return errors;
  }

  private static NDArray copy(NDArray a, DataType type) {
    return a.getDataType() == type ? a.duplicate() : a.toType(type, true);
  }

  private static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] values = new float[n];
    CnnLayout.gaussian(values, std, random);
    return values;
  }

  /**
   * The same convolution as {@link #conv2d} written as shifted slices of the padded input and one
   * matrix product, for the float64 reference: no convolution kernel runs, so neither oneDNN nor
   * PyTorch's fallback path (which on a CPU NNPACK does not know prints a warning per call) is
   * involved, and autograd differentiates slices and a product.
   */
  public static NDArray unfoldedConv2d(NDArray x, NDArray w, NDArray bias, int stride) {
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

  /**
   * The first part of a failed check's message: what is wrong and on which machine, with the
   * environment variable that fixes it. {@code what} names the network ("this GAN", "the
   * classifier"); the caller adds what stops and anything specific to its network.
   */
  public static String failure(Result r, String what) {
    String error = Double.isNaN(r.worstError()) ? "NaN or infinite"
        : String.format(Locale.ROOT, "off by %.2f of its largest value", r.worstError());
    return "PyTorch computes " + what + "'s convolutions wrong on this machine: in float32, " + r.worst() + " is "
        + error + " against the same convolution in float64 (float32 rounding stays below "
        + String.format(Locale.ROOT, "%.0e", TOLERANCE) + "), so training would learn from wrong gradients"
        + " and stops before it starts. CPU: " + cpuModel() + "; ONEDNN_MAX_CPU_ISA: "
        + isaLimit().map(isa -> "'" + isa + "'").orElse("unset")
        + ". Seen on AMD EPYC VMs whose CPUID reports no cache layout,"
        + " in oneDNN's AVX2 and AVX-512 convolution kernels for layers with few channels. Remedy: start with"
        + " ONEDNN_MAX_CPU_ISA=AVX in the environment, where every convolution tried was right, at a lower training"
        + " speed (bin/runner sets AVX2 itself where the CPU reports no cache layout to Linux: there every"
        + " convolution Synthaug's networks train was right, all of them channels-last).";
  }

  /**
   * Whether the CPU reports its cache layout to Linux ({@code /sys/devices/system/cpu/cpu0/cache}
   * exists), the test {@code bin/runner} limits oneDNN by. Wrong convolution gradients were seen
   * only where it does not; false off Linux too.
   */
  public static boolean cpuReportsCacheLayout() {
    return Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache"));
  }

  /**
   * The CPU's model name from /proc/cpuinfo with its family and model numbers (a VM may show only
   * "AMD EPYC" for several generations), else the JVM's architecture.
   */
  public static String cpuModel() {
    return Cpu.MODEL;
  }

  /** The CPU does not change while the process runs: /proc/cpuinfo is read once, on first use. */
  private static final class Cpu {
    static final String MODEL = readCpuModel();
  }

  private static String readCpuModel() {
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      String name = ProcFiles.firstValue(cpuinfo, "model name").orElse(System.getProperty("os.arch"));
      String family = ProcFiles.firstValue(cpuinfo, "cpu family").orElse(null);
      String model = ProcFiles.firstValue(cpuinfo, "model").orElse(null);
      return family == null || model == null ? name : name + " (family " + family + ", model " + model + ")";
    } catch (UncheckedIOException e) {
      // not Linux, or not readable
      return System.getProperty("os.arch");
    }
  }

  /** The instruction set oneDNN is limited to ({@code ONEDNN_MAX_CPU_ISA}), or "unset". */
  public static String oneDnnLimit() {
    return isaLimit().orElse("unset");
  }

  /** {@code ONEDNN_MAX_CPU_ISA}'s value, empty when it is unset or blank (oneDNN then has no limit). */
  private static Optional<String> isaLimit() {
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    return isa == null || isa.isBlank() ? Optional.empty() : Optional.of(isa);
  }
}
