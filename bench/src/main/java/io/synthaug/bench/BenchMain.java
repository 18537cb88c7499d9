package io.synthaug.bench;

import io.synthaug.bench.classic.ClassicSuite;
import io.synthaug.bench.classic.CopyFloorSuite;
import io.synthaug.bench.classic.PngSuite;
import io.synthaug.bench.gan.GanTrainSuite;
import io.synthaug.bench.gan.SamplingSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs benchmark suites and writes their tables; {@code bench/run.sh} is the usual way in.
 *
 * <pre>
 * java -jar bench/target/synthaug-bench.jar [--suite NAME]... [--only CASE,...] [--reps N]
 *     [--seconds S] [--warmup S] [--results DIR] [--work DIR] [--peers DIR] [--python PATH] [--quick]
 *     [--tag TAG] [--keep-outputs]
 * </pre>
 */
public final class BenchMain {

  /** Every suite by name, in the order they run when none is named. */
  static final Map<String, Supplier<Suite>> SUITES = new LinkedHashMap<>();

  static {
    SUITES.put("classic", ClassicSuite::new);
    SUITES.put("classic-kept", ClassicSuite::kept);
    SUITES.put("classic-floor", CopyFloorSuite::new);
    SUITES.put("gan-train", GanTrainSuite::new);
    SUITES.put("sampling", SamplingSuite::new);
    SUITES.put("png", PngSuite::new);
  }

  private BenchMain() {
  }

  /** Parses the options, runs the suites and prints each suite's Markdown to stdout. */
  public static void main(String[] args) throws Exception {
    List<String> suites = new ArrayList<>();
    Set<String> only = new LinkedHashSet<>();
    int reps = 7;
    double seconds = 0.5;
    double warmup = 3.0;
    Path results = Path.of("bench/results");
    Path work = Path.of("bench/target/work");
    Path peers = Path.of("bench/peers");
    String python = "/usr/bin/python3";
    boolean quick = false;
    String tag = null;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--suite" -> suites.add(value(args, ++i, a));
        case "--only" -> only.addAll(Arrays.asList(value(args, ++i, a).split(",")));
        case "--reps" -> reps = Integer.parseInt(value(args, ++i, a));
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
        case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
        case "--results" -> results = Path.of(value(args, ++i, a));
        case "--work" -> work = Path.of(value(args, ++i, a));
        case "--peers" -> peers = Path.of(value(args, ++i, a));
        case "--python" -> python = value(args, ++i, a);
        case "--quick" -> quick = true;
        case "--tag" -> tag = value(args, ++i, a);
        case "--keep-outputs" -> keep = true;
        default -> throw new BenchException("unknown option " + a + "; options: --suite NAME (one of "
            + SUITES.keySet() + "), --only CASE,..., --reps N, --seconds S, --warmup S, --results DIR,"
            + " --work DIR, --peers DIR, --python PATH, --quick, --tag TAG, --keep-outputs");
      }
    }
    if (suites.isEmpty()) {
      suites.addAll(SUITES.keySet());
    }
    for (String s : suites) {
      if (!SUITES.containsKey(s)) {
        throw new BenchException("unknown suite " + s + "; suites are " + SUITES.keySet());
      }
    }
    BenchConfig config = new BenchConfig(reps, seconds, warmup, results, work, peers, python, only, quick,
        keep);
    ReportWriter writer = new ReportWriter();
    for (String s : suites) {
      SuiteResult result = SUITES.get(s).get().run(config);
      System.out.println(writer.write(result, config.resultsDir(), tag));
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new BenchException(option + " needs a value");
    }
    return args[i];
  }
}
