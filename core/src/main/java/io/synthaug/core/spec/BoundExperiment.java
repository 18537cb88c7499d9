package io.synthaug.core.spec;

import io.synthaug.api.SpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment that passed every check: its file, its bound pipeline, its arms (in order), the
 * baseline, the optional ratio sweep, the seeds and the classifier settings.
 *
 * @param file the experiment file, or null
 * @param baseDir the folder relative paths resolve against
 * @param spec the experiment as written, defaults filled in
 * @param pipeline the bound pipeline it runs
 * @param arms each arm's name and stage ids, in the file's order
 * @param seeds the seeds in use (the file's, or the command line's)
 * @param errors errors located in the experiment file, for the checks made once its data is read
 */
public record BoundExperiment(Path file, Path baseDir, ExperimentSpec spec, BoundPipeline pipeline,
    Map<String, List<String>> arms, List<Long> seeds, SpecErrors errors) {

  /** Copies the arms, keeping their order, and the seeds; without {@code errors}, unlocated ones. */
  public BoundExperiment {
    errors = errors == null ? SpecErrors.unlocated(file) : errors;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    arms.forEach((name, stages) -> copy.put(name, List.copyOf(stages)));
    arms = java.util.Collections.unmodifiableMap(copy);
    seeds = List.copyOf(seeds);
  }

  /** The name used for the experiment in messages. */
  public String name() {
    return file == null ? "<experiment>" : file.toString();
  }

  /** The baseline arm's name. */
  public String baseline() {
    return spec.baseline();
  }

  /** The ratio sweep, or null. */
  public ExperimentSpec.RatioSweep ratios() {
    return spec.ratios();
  }

  /** Whether each seed draws its own real images from the pipeline's input ({@code resample}). */
  public boolean resample() {
    return spec.resample();
  }

  /** The classifier settings. */
  public ClassifierSettings classifier() {
    return spec.classifier();
  }

  /** Resolves a path written in the experiment file against its folder. */
  public Path resolve(String path) {
    return baseDir.resolve(path).normalize();
  }

  /**
   * The same experiment with other seeds, as given on the command line.
   *
   * @throws SpecException naming {@code --seeds} when fewer than 2 or repeated
   */
  public BoundExperiment withSeeds(List<Long> newSeeds) {
    String problem = seedProblem(newSeeds);
    if (problem != null) {
      throw new SpecException(name(), "--seeds", -1, -1, problem);
    }
    return new BoundExperiment(file, baseDir, spec, pipeline, arms, newSeeds, errors);
  }

  /**
   * What is wrong with a seed list, or null when it is usable: the experiment file's
   * {@code seeds} and the command line's {@code --seeds} follow the same rules.
   */
  public static String seedProblem(List<Long> seeds) {
    if (seeds.size() < 2) {
      return "an experiment needs at least 2 seeds to measure a spread and a paired difference, got "
          + seeds.size() + " " + seeds + "; give 3 or more, for example [1, 2, 3]";
    }
    Set<Long> seen = new HashSet<>();
    List<Long> repeated = new ArrayList<>();
    for (Long s : seeds) {
      if (s == null) {
        return "a seed is null; give whole numbers";
      }
      if (!seen.add(s)) {
        repeated.add(s);
      }
    }
    if (!repeated.isEmpty()) {
      return "seed(s) " + repeated + " appear twice; a repeated seed repeats a measurement and makes the spread look"
          + " smaller than it is";
    }
    return null;
  }
}
