package io.synthaug.plugins.gan;

import java.io.IOException;
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
    FreshJvm.Result r = FreshJvm.run(DeterminismProbe.class, List.of("-Dsynthaug.mathWarmup=" + warmup),
        Integer.toString(steps));
    if (r.code() != 0 || r.out().isEmpty()) {
      throw new IllegalStateException("probe failed: " + r.out());
    }
    String[] lines = r.out().split("\n");
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
