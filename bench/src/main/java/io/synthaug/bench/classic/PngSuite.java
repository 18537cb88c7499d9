package io.synthaug.bench.classic;

import io.synthaug.api.Image;
import io.synthaug.bench.BenchConfig;
import io.synthaug.bench.JavaWorkers;
import io.synthaug.bench.Peer;
import io.synthaug.bench.Row;
import io.synthaug.bench.Suite;
import io.synthaug.bench.SuiteResult;
import io.synthaug.bench.Timing;
import io.synthaug.core.data.PngCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * PNG encoding, the output folder's per-image cost besides creating the file: the runner's
 * encoder ({@code PngCodec.encode}) and ImageIO's writer (what the runner used before) against
 * OpenCV's {@code cv2.imencode(".png", ...)} after the float-to-byte conversion a Python user
 * writes, per image in memory, one Java thread against one Python process, on the classic
 * suite's images. The rows inform; the issue sets no target for them.
 */
public final class PngSuite implements Suite {

  private static final String TABLE = "PNG encoding per image, in memory: Java vs OpenCV (1 thread)";
  private static final String JAVA = "Java img/s";
  private static final String PEER = "OpenCV img/s";

  /** A Java encoder the suite times. */
  private record Encoder(String label, Function<Image, byte[]> encode) {
  }

  private static final List<Encoder> ENCODERS = List.of(
      new Encoder("PngCodec.encode", PngCodec::encode),
      new Encoder("ImageIO's PNG writer (before)", ImageIoPng::encode));

  @Override
  public String name() {
    return "png";
  }

  @Override
  public SuiteResult run(BenchConfig config) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // the cases are the image sets: 28x28x1, 256x256x3
    Map<String, Object> env = OneWorker.run(config, "png peer", shape -> config.selects(shape.name()),
        (shape, set, java, peers) -> {
          runSet(set, config, java, peers, rows);
          StringBuilder sizes = new StringBuilder();
          for (Encoder e : ENCODERS) {
            sizes.append(String.format(Locale.ROOT, "%s %.0f B, ", e.label(), meanBytes(set, e)));
          }
          double peerBytes = peers[0].call(Peer.request("png-size").put("set", set.name)).get("meanBytes")
              .asDouble();
          notes.add(String.format(Locale.ROOT, "Mean PNG size on %s: %sOpenCV %.0f B.", set.name, sizes, peerBytes));
        });
    notes.add("Each side converts float32 values in [0, 1] to bytes (round half up, clamped) and encodes them to a PNG"
        + " in memory; the Python side also reverses RGB to OpenCV's BGR order, which its users have to do. Creating"
        + " the file is left out on both sides: it is the same system calls for both.");
    notes.add("Load average (1, 5, 15 min) at start " + env.get("loadAverageAtStart") + ", at end "
        + env.get("loadAverageAtEnd") + ".");
    return new SuiteResult(name(), "PNG encoding: Java against OpenCV", rows, env, notes);
  }

  private static double meanBytes(BenchImages set, Encoder e) {
    long total = 0;
    for (Image img : set.images) {
      total += e.encode().apply(img).length;
    }
    return (double) total / set.images.length;
  }

  private static void runSet(BenchImages set, BenchConfig config, JavaWorkers java, Peer[] peers, List<Row> rows)
      throws Exception {
    int count = set.images.length;
    int reps = config.reps();
    Timing[][] javaRuns = new Timing[ENCODERS.size()][reps];
    Timing[][] peerRuns = new Timing[ENCODERS.size()][reps];
    int[] javaPasses = new int[ENCODERS.size()];
    JavaWorkers.RangeTask[] tasks = new JavaWorkers.RangeTask[ENCODERS.size()];
    for (int k = 0; k < ENCODERS.size(); k++) {
      tasks[k] = task(set.images, ENCODERS.get(k).encode());
      javaPasses[k] = CopyFloorSuite.warmUp(java, count, tasks[k], config);
    }
    int peerPasses = ClassicSuite.calibrate(ClassicSuite.runPeer(peers, 1, "png", set, 1, -1, false).wallSeconds(),
        config);
    for (int r = 0; r < reps; r++) {
      for (int k = 0; k < ENCODERS.size(); k++) {
        javaRuns[k][r] = java.time(1, count, javaPasses[k], tasks[k]);
        peerRuns[k][r] = ClassicSuite.runPeer(peers, 1, "png", set, peerPasses, r, false);
      }
    }
    for (int k = 0; k < ENCODERS.size(); k++) {
      Map<String, String> key = new LinkedHashMap<>();
      key.put("image", set.name);
      key.put("Java side", ENCODERS.get(k).label());
      rows.add(new Row(TABLE, key, JAVA, Timing.rates(javaRuns[k]), PEER, Timing.rates(peerRuns[k]),
          Timing.ratios(javaRuns[k], peerRuns[k], false), Timing.ratios(javaRuns[k], peerRuns[k], true), null,
          null, true));
    }
  }

  private static JavaWorkers.RangeTask task(Image[] images, Function<Image, byte[]> encode) {
    return (worker, from, to, passes) -> {
      double sum = 0;
      for (int p = 0; p < passes; p++) {
        for (int i = from; i < to; i++) {
          sum += encode.apply(images[i]).length;
        }
      }
      return sum;
    };
  }
}
