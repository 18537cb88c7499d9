package io.synthaug.bench.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Image;
import io.synthaug.bench.BenchConfig;
import io.synthaug.bench.JavaWorkers;
import io.synthaug.bench.Machine;
import io.synthaug.bench.Peer;
import io.synthaug.bench.Row;
import io.synthaug.bench.Stats;
import io.synthaug.bench.Suite;
import io.synthaug.bench.SuiteResult;
import io.synthaug.bench.Target;
import io.synthaug.bench.Timing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Classic augmentation throughput per op against OpenCV plus numpy in a Python loop
 * ({@code bench/peers/classic_ops.py}), on 28x28 grayscale and 256x256 RGB, on one core and
 * on both.
 *
 * <p>For each op and image size, after an output check and warm-up, every repetition runs
 * Java on one thread, the peer in one process, Java on two threads, the peer in two processes,
 * in that order; each row's ratios pair neighbours in that sequence. Repetitions repeat the
 * whole batch enough times to last about {@link BenchConfig#secondsPerRep()}.
 */
public final class ClassicSuite implements Suite {

  /** How many leading images the output check compares. */
  private static final int CHECK_COUNT = 16;
  /** Seed of the generated images and parameters; the floor suite uses the same set. */
  static final long SEED = 20240611L;
  private static final String JAVA = "Java img/s";
  private static final String PEER = "OpenCV+numpy img/s";
  private static final String TWO = "2 workers img/s";
  private static final String ONE = "1 worker img/s";
  private static final String TABLE = "Classic ops: Java vs OpenCV + numpy, per image";
  private static final String SCALING_TABLE = "Classic ops: scaling from 1 to 2 workers (threads for Java, processes"
      + " for Python)";
  /** Added to the table names when outputs are kept. */
  private static final String KEPT = " (outputs kept)";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Environment of the peer processes: every native library on one thread per process. */
  static final Map<String, String> PEER_ENV = Map.of(
      "OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1", "MKL_NUM_THREADS", "1",
      "OPENCV_FOR_THREADS_NUM", "1");

  /** An image size the suites run at, with its image counts and the per-image target. */
  record Shape(int height, int width, int channels, int count, int quickCount, Target target) {

    /** The name of this size's image set, {@code 28x28x1} for example. */
    String name() {
      return BenchImages.name(height, width, channels);
    }

    /** This size's generated images and parameters (the quick count with {@code --quick}). */
    BenchImages images(BenchConfig config) throws IOException {
      return BenchImages.generate(height, width, channels, config.quick() ? quickCount : count, SEED,
          config.workDir());
    }
  }

  /** The two sizes of the issue; the floor suite runs at the same ones. */
  static final List<Shape> SHAPES = List.of(
      new Shape(28, 28, 1, 20_000, 2_000,
          new Target(2.0, "issue: at least 2x OpenCV-plus-Python per image on 28x28")),
      new Shape(256, 256, 3, 256, 32,
          new Target(0.8, "issue: at least 0.8x OpenCV-plus-Python on 256x256 RGB")));
  /** "Near-linear" on two cores, read as at least 90 % of twice the one-core throughput. */
  private static final Target SCALING = new Target(1.8, "issue: near-linear scaling on 2 cores");

  /** Whether this suite keeps outputs whatever {@code --keep-outputs} says (the classic-kept suite). */
  private final boolean alwaysKeep;

  /** The classic suite: outputs dropped at once unless {@code --keep-outputs} is given. */
  public ClassicSuite() {
    this(false);
  }

  private ClassicSuite(boolean alwaysKeep) {
    this.alwaysKeep = alwaysKeep;
  }

  /**
   * The same cases with every output kept until the next pass replaces it, as the classic stage
   * keeps its augmented images for the output dataset: the dropped mode's copies measure the
   * peer's allocator handing back a block still in cache, which a pipeline does not get.
   */
  public static ClassicSuite kept() {
    return new ClassicSuite(true);
  }

  @Override
  public String name() {
    return alwaysKeep ? "classic-kept" : "classic";
  }

  private boolean keep(BenchConfig config) {
    return alwaysKeep || config.keepOutputs();
  }

  @Override
  public SuiteResult run(BenchConfig config) throws Exception {
    Files.createDirectories(config.workDir());
    Path script = config.peersDir().resolve("classic_ops.py");
    List<Row> rows = new ArrayList<>();
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("machine", Machine.describe());
    env.put("peerEnvironment", PEER_ENV);
    env.put("javaThreads", "1 or 2 worker threads in this JVM, each on a contiguous half of the images");
    env.put("peerWorkers", "1 or 2 Python processes, each on a contiguous half of the images");
    env.put("keepOutputs", keep(config));
    List<Object> cases = new ArrayList<>();
    env.put("loadAverageAtStart", Machine.loadAverage());
    try (Peer w0 = Peer.start("classic peer 0", config.python(), script, PEER_ENV);
        Peer w1 = Peer.start("classic peer 1", config.python(), script, PEER_ENV);
        JavaWorkers java = new JavaWorkers(2)) {
      Peer[] peers = {w0, w1};
      env.put("peer", w0.call(Peer.request("hello")));
      for (Shape shape : SHAPES) {
        BenchImages set = shape.images(config);
        for (Peer peer : peers) {
          peer.send(loadRequest(set));
        }
        for (Peer peer : peers) {
          peer.receive();
        }
        for (ClassicCase c : ClassicCase.values()) {
          if (config.selects(c.label)) {
            cases.add(runCase(c, set, shape.target(), config, java, peers, rows));
          }
        }
      }
    }
    env.put("loadAverageAtEnd", Machine.loadAverage());
    env.put("cases", cases);
    List<String> notes = new ArrayList<>();
    notes.add("Images are float32 HWC in [0, 1] on both sides, the same generated content and per-image"
        + " parameters (written by the Java side, read by the peer). Python loops over the images one by one,"
        + " calling OpenCV/numpy per image, with cv2.setNumThreads(1).");
    notes.add("Both cores: Java uses 2 threads in one JVM; the peer uses 2 processes, because the per-image"
        + " Python loop and numpy's small-array calls hold the GIL.");
    notes.add(keep(config)
        ? "Outputs kept: both sides hold every output of a pass until the next pass overwrites it, as a"
            + " pipeline keeping its augmented images does."
        : "Outputs dropped: both sides discard each output at once, so Python's allocator can hand the"
            + " same (cached) block back for the next image; the JVM allocates each output in fresh memory.");
    notes.add("Ratios pair neighbouring runs of the alternating sequence Java, peer, Java, peer; 'ratio by CPU"
        + " time' divides images per CPU-second instead, which discounts time other processes took.");
    for (ClassicCase c : ClassicCase.values()) {
      if (config.selects(c.label)) {
        notes.add(c.label + ": " + c.description);
      }
    }
    notes.add("Load average (1, 5, 15 min) at start " + env.get("loadAverageAtStart") + ", at end "
        + env.get("loadAverageAtEnd") + " on " + Runtime.getRuntime().availableProcessors() + " cores.");
    return new SuiteResult(name(), "Classic augmentation vs OpenCV + numpy" + (keep(config) ? KEPT : ""),
        rows, env, notes);
  }

  private Map<String, Object> runCase(ClassicCase c, BenchImages set, Target target, BenchConfig config,
      JavaWorkers java, Peer[] peers, List<Row> rows) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("op", c.label);
    info.put("image", set.name);
    info.put("images", set.images.length);
    info.put("loadBefore", Machine.loadAverage());
    CheckResult check = check(c, set, config, peers[0]);
    info.put("check", check.text());

    // With keepOutputs, image i's output stays referenced until the next pass replaces it.
    Image[] kept = keep(config) ? new Image[set.images.length] : null;
    JavaWorkers.RangeTask task = (worker, from, to, passes) -> {
      // Each worker's generator is made on its own thread, in its own allocation buffer: two
      // made side by side can share a cache line, and every draw then moves the line between the
      // cores (see ClassicCase.NOISE, which used to draw per pixel value from this generator).
      RandomGenerator random = new SplittableRandom(SEED + worker);
      double sum = 0;
      for (int p = 0; p < passes; p++) {
        for (int i = from; i < to; i++) {
          Image out = c.apply(set.images[i], set.params[i], random);
          if (kept != null) {
            kept[i] = out;
          }
          float[] px = out.pixels();
          sum += px[px.length >> 1];
        }
      }
      return sum;
    };
    int count = set.images.length;
    int[] javaPasses = warmUpJava(java, count, task, config);
    int[] peerPasses = {calibrate(runPeer(peers, 1, c.label, set, 1, -1, keep(config)).wallSeconds(), config),
        calibrate(runPeer(peers, 2, c.label, set, 1, -1, keep(config)).wallSeconds(), config)};
    info.put("javaPasses", javaPasses);
    info.put("peerPasses", peerPasses);

    int reps = config.reps();
    Timing[][] javaRuns = new Timing[2][reps];
    Timing[][] peerRuns = new Timing[2][reps];
    for (int r = 0; r < reps; r++) {
      for (int t = 0; t < 2; t++) {
        javaRuns[t][r] = java.time(t + 1, count, javaPasses[t], task);
        peerRuns[t][r] = runPeer(peers, t + 1, c.label, set, peerPasses[t], r, keep(config));
      }
    }
    for (int t = 0; t < 2; t++) {
      double[] share = new double[reps];
      for (int r = 0; r < reps; r++) {
        share[r] = javaRuns[t][r].gcSeconds() / javaRuns[t][r].wallSeconds();
      }
      info.put("javaGcShare" + (t + 1), Stats.of(share).median());
    }
    Target rowTarget = c.hasTarget() ? target : null;
    for (int t = 0; t < 2; t++) {
      rows.add(new Row(TABLE + (keep(config) ? KEPT : ""), key(c, set, "threads", Integer.toString(t + 1)), JAVA,
          Timing.rates(javaRuns[t]),
          PEER, Timing.rates(peerRuns[t]), Timing.ratios(javaRuns[t], peerRuns[t], false),
          Timing.ratios(javaRuns[t], peerRuns[t], true),
          rowTarget, check.text(), check.passed()));
    }
    rows.add(scaling(c, set, "Java", javaRuns, c.hasTarget() ? SCALING : null, keep(config)));
    rows.add(scaling(c, set, "OpenCV+numpy", peerRuns, null, keep(config)));
    info.put("loadAfter", Machine.loadAverage());
    System.err.printf(Locale.ROOT, "classic %-20s %-10s java %s / peer %s img/s (1 thread), load %s%n", c.label,
        set.name, Stats.of(Timing.rates(javaRuns[0])).format(),
        Stats.of(Timing.rates(peerRuns[0])).format(), info.get("loadAfter"));
    return info;
  }

  private static Row scaling(ClassicCase c, BenchImages set, String side, Timing[][] runs, Target target,
      boolean kept) {
    return new Row(SCALING_TABLE + (kept ? KEPT : ""), key(c, set, "side", side), TWO, Timing.rates(runs[1]), ONE,
        Timing.rates(runs[0]), Timing.ratios(runs[1], runs[0], false), new double[0], target, null, true);
  }

  private static Map<String, String> key(ClassicCase c, BenchImages set, String last, String value) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("op", c.label);
    key.put("image", set.name);
    key.put(last, value);
    return key;
  }

  /**
   * Runs the Java side for the warm-up time, alternating one and two threads so both paths are
   * compiled, and returns the passes per repetition that fill about the repetition time.
   */
  private static int[] warmUpJava(JavaWorkers java, int count, JavaWorkers.RangeTask task, BenchConfig config) {
    double[] lastPass = new double[2];
    long end = System.nanoTime() + (long) (config.warmupSeconds() * 1e9);
    do {
      for (int t = 0; t < 2; t++) {
        lastPass[t] = java.time(t + 1, count, 1, task).wallSeconds();
      }
    } while (System.nanoTime() < end);
    return new int[] {calibrate(lastPass[0], config), calibrate(lastPass[1], config)};
  }

  /** The request that has a peer read {@code set}'s files. */
  static ObjectNode loadRequest(BenchImages set) {
    return Peer.request("load").put("set", set.name).put("images", set.imageFile.toString())
        .put("params", set.paramFile.toString()).put("count", set.images.length).put("height", set.height)
        .put("width", set.width).put("channels", set.channels);
  }

  static int calibrate(double secondsPerPass, BenchConfig config) {
    return (int) Math.max(1, Math.round(config.secondsPerRep() / secondsPerPass));
  }

  /**
   * One timed peer run on {@code workers} processes; each gets its own seed per repetition
   * ({@code rep} -1 for calibration runs).
   */
  static Timing runPeer(Peer[] peers, int workers, String op, BenchImages set, int passes, int rep,
      boolean keep) throws IOException {
    int count = set.images.length;
    for (int k = 0; k < workers; k++) {
      peers[k].send(Peer.request("run").put("set", set.name).put("op", op)
          .put("start", (int) ((long) k * count / workers)).put("end", (int) ((long) (k + 1) * count / workers))
          .put("passes", passes).put("seed", 1000L * (rep + 2) + k).put("keep", keep));
    }
    double first = Double.MAX_VALUE;
    double last = -Double.MAX_VALUE;
    double cpu = 0;
    long images = 0;
    for (int k = 0; k < workers; k++) {
      JsonNode r = peers[k].receive();
      first = Math.min(first, r.get("t0").asDouble());
      last = Math.max(last, r.get("t1").asDouble());
      cpu += r.get("cpu").asDouble();
      images += r.get("images").asLong();
    }
    return new Timing(images, last - first, cpu, workers, 0);
  }

  private record CheckResult(String text, boolean passed) {
  }

  /**
   * Runs the Java side on the first images, has the peer run its own version on them and compare
   * (or, for noise, measure the spread both added).
   */
  private static CheckResult check(ClassicCase c, BenchImages set, BenchConfig config, Peer peer) throws IOException {
    if (c.agreement == ClassicCase.Agreement.NONE) {
      return new CheckResult(null, true);
    }
    int n = Math.min(CHECK_COUNT, set.images.length);
    Image[] outs = new Image[n];
    RandomGenerator random = new SplittableRandom(SEED);
    for (int i = 0; i < n; i++) {
      outs[i] = c.apply(set.images[i], set.params[i], random);
    }
    Path file = config.workDir().resolve("java-" + c.label + "-" + set.name + ".f32");
    BenchImages.writeFloats(file, outs);
    JsonNode r = peer.call(Peer.request("check").put("set", set.name).put("op", c.label).put("count", n)
        .put("java", file.toString()).put("seed", 7));
    double tol = c.agreement.tolerance;
    if (c.agreement == ClassicCase.Agreement.NOISE_SPREAD) {
      double javaStd = r.get("javaStd").asDouble();
      double peerStd = r.get("peerStd").asDouble();
      boolean ok = Math.abs(javaStd / 0.05 - 1) <= tol && Math.abs(peerStd / 0.05 - 1) <= tol;
      return new CheckResult(String.format(Locale.ROOT, "noise std Java %.4f, peer %.4f", javaStd, peerStd), ok);
    }
    double max = r.get("maxAbs").asDouble();
    double mean = r.get("meanAbs").asDouble();
    String text = String.format(Locale.ROOT, "max |diff| %.2g, mean %.2g (tolerance %.0g)", max, mean, tol);
    if (!(max <= tol)) {
      System.err.println("classic " + c.label + " " + set.name + ": outputs differ from the peer's: " + text
          + "; " + JSON.writeValueAsString(r));
    }
    return new CheckResult(text, max <= tol);
  }
}
