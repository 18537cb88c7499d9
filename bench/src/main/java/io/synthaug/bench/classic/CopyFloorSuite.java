package io.synthaug.bench.classic;

import io.synthaug.api.Image;
import io.synthaug.bench.BenchConfig;
import io.synthaug.bench.JavaWorkers;
import io.synthaug.bench.Peer;
import io.synthaug.bench.Row;
import io.synthaug.bench.Stats;
import io.synthaug.bench.Suite;
import io.synthaug.bench.SuiteResult;
import io.synthaug.bench.Target;
import io.synthaug.bench.Timing;
import io.synthaug.plugins.classic.ops.Cutout;
import io.synthaug.plugins.classic.ops.Flips;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Floors of the two copy ops, hflip and cutout: what the least work any Java implementation of
 * them must do costs, timed against the peer's whole op in the same alternating sequence as the
 * classic suite (one thread against one process, outputs dropped).
 *
 * <p>Each Java row is a primitive the op cannot avoid: an op that returns a new image pays at
 * least a fresh array ({@code new float[n]}, which the JVM zeroes, or a {@code clone}, which it
 * does not); an op allowed to write into a buffer it keeps would still pay a copy into it; the
 * flip also reverses every row. A row whose ratio misses the op's target shows that no
 * implementation paying that primitive can reach the target on this machine. The op itself is
 * timed too, and the peer's loop with no work ({@code identity}: one Python call per image)
 * shows how much of the peer's time is its interpreter.
 */
public final class CopyFloorSuite implements Suite {

  private static final String TABLE = "Copy-op floors: a primitive every Java implementation of the op pays,"
      + " against the peer's whole op, per image (1 thread)";
  private static final String JAVA = "Java primitive img/s";
  private static final String PEER = "peer's op img/s";

  /** What the Java side does per image in one row. */
  enum Primitive {
    NEW("new float[n]", "a fresh output array, zeroed by the JVM"),
    CLONE("clone", "a fresh output array holding the input's values (not zeroed first)"),
    COPY_INTO("copy into a kept buffer", "System.arraycopy into a buffer the worker keeps: the least an op writing"
        + " into a caller's buffer pays, as the peer's allocator hands back the block it just freed"),
    REVERSE_INTO("reverse into a kept buffer", "every row's pixels written in reverse order into a kept buffer:"
        + " the flip's own work with no allocation (scalar; C2 does not vectorize reversed indexing)"),
    VECTOR_REVERSE_INTO("reverse into a kept buffer, Vector API", "the same reversal with JDK 17's incubating"
        + " Vector API (one vector load, lane shuffle and store per block of a row; grayscale rows at least a"
        + " vector wide; only when the JVM runs with --add-modules jdk.incubator.vector, as bench/run.sh starts it):"
        + " what a vectorized flip writing into a caller's buffer could reach"),
    OP("the op", "the plugin's op as the classic suite times it (Flips.horizontal, Cutout.apply)");

    final String label;
    final String description;

    Primitive(String label, String description) {
      this.label = label;
      this.description = description;
    }
  }

  @Override
  public String name() {
    return "classic-floor";
  }

  @Override
  public SuiteResult run(BenchConfig config) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> env = OneWorker.run(config, "classic peer", (shape, set, java, peers) -> {
      for (String op : List.of("hflip", "cutout")) {
        if (config.selects(op)) {
          runOp(op, set, shape.target(), config, java, peers, rows, notes);
        }
      }
    });
    notes.add("Images are float32 HWC in [0, 1] on both sides, the classic suite's generated set and parameters;"
        + " one Java thread against one Python process; outputs dropped at once on both sides.");
    notes.add("A FAIL here is not a test of the op: it says that even this primitive alone, with nothing else the op"
        + " does, stays below the op's target against the peer's whole op on this machine.");
    for (Primitive p : Primitive.values()) {
      notes.add(p.label + ": " + p.description);
    }
    notes.add("Load average (1, 5, 15 min) at start " + env.get("loadAverageAtStart") + ", at end "
        + env.get("loadAverageAtEnd") + ".");
    return new SuiteResult(name(), "Floors of the copy ops (hflip, cutout)", rows, env, notes);
  }

  private static void runOp(String op, BenchImages set, Target target, BenchConfig config, JavaWorkers java,
      Peer[] peers, List<Row> rows, List<String> notes) throws Exception {
    List<Primitive> primitives = new ArrayList<>(List.of(Primitive.values()));
    if (!op.equals("hflip")) {
      primitives.remove(Primitive.REVERSE_INTO);
    }
    if (!op.equals("hflip") || set.channels != 1 || !VectorReversal.available() || set.width < VectorReversal.lanes()) {
      primitives.remove(Primitive.VECTOR_REVERSE_INTO);
    }
    int count = set.images.length;
    int reps = config.reps();
    Timing[][] javaRuns = new Timing[primitives.size()][reps];
    Timing[][] peerRuns = new Timing[primitives.size()][reps];
    Timing[] idleRuns = new Timing[reps];
    int[] javaPasses = new int[primitives.size()];
    JavaWorkers.RangeTask[] tasks = new JavaWorkers.RangeTask[primitives.size()];
    for (int k = 0; k < primitives.size(); k++) {
      tasks[k] = task(primitives.get(k), op, set);
      javaPasses[k] = warmUp(java, count, tasks[k], config);
    }
    int peerPasses = ClassicSuite.calibrate(ClassicSuite.runPeer(peers, 1, op, set, 1, -1, false).wallSeconds(), config);
    int idlePasses = ClassicSuite.calibrate(
        ClassicSuite.runPeer(peers, 1, "identity", set, 1, -1, false).wallSeconds(), config);
    for (int r = 0; r < reps; r++) {
      for (int k = 0; k < primitives.size(); k++) {
        javaRuns[k][r] = java.time(1, count, javaPasses[k], tasks[k]);
        peerRuns[k][r] = ClassicSuite.runPeer(peers, 1, op, set, peerPasses, r, false);
      }
      idleRuns[r] = ClassicSuite.runPeer(peers, 1, "identity", set, idlePasses, r, false);
    }
    for (int k = 0; k < primitives.size(); k++) {
      Map<String, String> key = new LinkedHashMap<>();
      key.put("op", op);
      key.put("image", set.name);
      key.put("Java side", primitives.get(k).label);
      rows.add(new Row(TABLE, key, JAVA, Timing.rates(javaRuns[k]), PEER, Timing.rates(peerRuns[k]),
          Timing.ratios(javaRuns[k], peerRuns[k], false), Timing.ratios(javaRuns[k], peerRuns[k], true), target,
          null, true));
    }
    double peerNanos = 1e9 / Stats.of(Timing.rates(peerRuns[0])).median();
    double idleNanos = 1e9 / Stats.of(Timing.rates(idleRuns)).median();
    notes.add(String.format(Locale.ROOT, "Peer %s on %s: %.0f ns an image, of which the loop and one Python call with"
        + " no work take %.0f ns (median of %d runs of each); the target needs the Java op within %.0f ns.", op,
        set.name, peerNanos, idleNanos, reps, peerNanos / target.minRatio()));
    System.err.printf(Locale.ROOT, "classic-floor %-6s %-10s peer %.0f ns, loop alone %.0f ns%n", op, set.name,
        peerNanos, idleNanos);
  }

  /**
   * The worker's loop for a primitive, one loop per primitive so that none pays for a dispatch
   * the others need; the suite runs one worker, which keeps one output buffer.
   */
  private static JavaWorkers.RangeTask task(Primitive primitive, String op, BenchImages set) {
    Image[] images = set.images;
    double[][] params = set.params;
    int h = set.height;
    int w = set.width;
    int ch = set.channels;
    float[] kept = new float[h * w * ch];
    return switch (primitive) {
      case NEW -> (worker, from, to, passes) -> {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
          for (int i = from; i < to; i++) {
            float[] out = new float[images[i].pixels().length];
            sum += out[out.length >> 1];
          }
        }
        return sum;
      };
      case CLONE -> (worker, from, to, passes) -> {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
          for (int i = from; i < to; i++) {
            float[] out = images[i].pixels().clone();
            sum += out[out.length >> 1];
          }
        }
        return sum;
      };
      case COPY_INTO -> (worker, from, to, passes) -> {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
          for (int i = from; i < to; i++) {
            float[] in = images[i].pixels();
            System.arraycopy(in, 0, kept, 0, in.length);
            sum += kept[kept.length >> 1];
          }
        }
        return sum;
      };
      case VECTOR_REVERSE_INTO -> (worker, from, to, passes) -> {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
          for (int i = from; i < to; i++) {
            VectorReversal.reverseRows(images[i].pixels(), kept, h, w);
            sum += kept[kept.length >> 1];
          }
        }
        return sum;
      };
      case REVERSE_INTO -> (worker, from, to, passes) -> {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
          for (int i = from; i < to; i++) {
            reverseRows(images[i].pixels(), kept, h, w, ch);
            sum += kept[kept.length >> 1];
          }
        }
        return sum;
      };
      case OP -> op.equals("hflip")
          ? (worker, from, to, passes) -> {
            double sum = 0;
            for (int p = 0; p < passes; p++) {
              for (int i = from; i < to; i++) {
                float[] out = Flips.horizontal(images[i]).pixels();
                sum += out[out.length >> 1];
              }
            }
            return sum;
          }
          : (worker, from, to, passes) -> {
            double sum = 0;
            for (int p = 0; p < passes; p++) {
              for (int i = from; i < to; i++) {
                double[] q = params[i];
                float[] out = Cutout.apply(images[i], (int) q[BenchImages.CUT_X], (int) q[BenchImages.CUT_Y],
                    (int) q[BenchImages.CUT_SIZE]).pixels();
                sum += out[out.length >> 1];
              }
            }
            return sum;
          };
    };
  }

  /** Writes each row of {@code in} with its pixels in reverse order to {@code out}. */
  static void reverseRows(float[] in, float[] out, int h, int w, int ch) {
    int rowLength = w * ch;
    for (int y = 0; y < h; y++) {
      int start = y * rowLength;
      int last = start + rowLength - ch;
      if (ch == 1) {
        for (int x = 0; x < w; x++) {
          out[start + x] = in[last - x];
        }
      } else {
        for (int x = 0; x < rowLength; x += 3) {
          out[start + x] = in[last - x];
          out[start + x + 1] = in[last - x + 1];
          out[start + x + 2] = in[last - x + 2];
        }
      }
    }
  }

  static int warmUp(JavaWorkers java, int count, JavaWorkers.RangeTask task, BenchConfig config) {
    double lastPass;
    long end = System.nanoTime() + (long) (config.warmupSeconds() * 1e9 / 3);
    do {
      lastPass = java.time(1, count, 1, task).wallSeconds();
    } while (System.nanoTime() < end);
    return ClassicSuite.calibrate(lastPass, config);
  }
}
