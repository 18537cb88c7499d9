package io.synthaug.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings shared by all suites.
 *
 * @param reps measured repetitions per side and case, after warm-up
 * @param secondsPerRep about how long one repetition of one side runs; batches repeat to fill it
 * @param warmupSeconds how long the Java side runs each case before measuring, for the JIT
 * @param resultsDir where suites' JSON and Markdown go
 * @param workDir scratch space for data files shared with the peers
 * @param peersDir the folder of the peer scripts
 * @param python the interpreter that runs the peers
 * @param only case names to run (a suite's own names, e.g. {@code rotate}); empty for all
 * @param quick smaller batches, for trying the harness out; its numbers are not for the table
 * @param keepOutputs whether both sides keep every output of a pass alive until the next pass,
 *     as a pipeline that adds its augmented images to a dataset does, instead of dropping each
 *     at once (which lets an allocator hand the same, cached memory back for the next image)
 */
public record BenchConfig(int reps, double secondsPerRep, double warmupSeconds, Path resultsDir, Path workDir,
    Path peersDir, String python, Set<String> only, boolean quick, boolean keepOutputs) {

  /** Checks the counts. */
  public BenchConfig {
    if (reps < 1) {
      throw new IllegalArgumentException("--reps must be at least 1, got " + reps);
    }
    if (!(secondsPerRep > 0) || !(warmupSeconds >= 0)) {
      throw new IllegalArgumentException("--seconds must be above 0 and --warmup at least 0, got "
          + secondsPerRep + " and " + warmupSeconds);
    }
    only = Set.copyOf(only);
  }

  /** Whether the case named {@code name} is selected. */
  public boolean selects(String name) {
    return only.isEmpty() || only.contains(name);
  }
}
