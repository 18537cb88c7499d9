package io.synthaug.plugins.gan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Same seed, other weights: runs {@link DeterminismProbe} in fresh processes, alternating with
 * and without {@code MathWarmup} ({@code -Dsynthaug.mathWarmup=false}), and counts the distinct
 * weights after {@code -Dsame.steps} (2) steps. Without the warm-up a few processes in a hundred
 * end elsewhere (README, "Same seed, same bytes"); with it, all should agree. Only a fresh process
 * shows it: repeated trainings in one process always agree.
 *
 * <pre>
 * mvn -o -pl plugins/gan -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SameSeedExperiment -Dsame.runs=200
 * </pre>
 */
class SameSeedExperiment {

  private static String probe(boolean warmup, int steps) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Dsynthaug.mathWarmup=" + warmup,
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName(),
        Integer.toString(steps)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException("probe failed: " + out);
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1].split(" ")[3];
  }

  @Test
  void countOutcomes() throws Exception {
    int runs = Integer.getInteger("same.runs", 100);
    int steps = Integer.getInteger("same.steps", 2);
    Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    for (int r = 0; r < runs; r++) {
      for (boolean warmup : new boolean[] {false, true}) {
        String arm = warmup ? "with warm-up" : "without";
        outcomes.computeIfAbsent(arm, k -> new TreeMap<>()).merge(probe(warmup, steps), 1, Integer::sum);
      }
      if ((r + 1) % 20 == 0) {
        System.out.println((r + 1) + " runs per arm: " + outcomes);
      }
    }
    for (Map.Entry<String, Map<String, Integer>> e : outcomes.entrySet()) {
      System.out.println(String.format(Locale.ROOT, "%-13s %d processes, %d outcome(s): %s", e.getKey(), runs,
          e.getValue().size(), e.getValue()));
    }
  }
}
