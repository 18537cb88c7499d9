package io.synthaug.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * An experiment file as written by a user: which pipeline to run, which arms to train a
 * classifier on, and how. {@link ExperimentReader} checks it and binds it to a
 * {@link BoundExperiment}.
 *
 * @param schema an optional {@code $schema} reference for editors; ignored
 * @param version the experiment format version; only 1 exists
 * @param pipeline the pipeline spec file, relative to the experiment file's folder
 * @param test the held-out dataset every classifier is tested on (never used for training or
 *     early stopping)
 * @param arms each arm's name and the ids of the stages whose images join the real ones; the
 *     order is the order of the results
 * @param baseline the arm every other arm is compared with (default {@code real+classic})
 * @param ratios an optional sweep of one stage's images per real image
 * @param seeds the seeds, at least 2 (default 1, 2, 3); each runs the pipeline once and trains
 *     every arm
 * @param resample whether each seed draws its own real images from the pipeline's input, which
 *     must then have {@code perClass} (default false: every seed trains on the same real images,
 *     those {@code subsetSeed} picks)
 * @param classifier the classifier's settings, the same for every arm
 * @param output where the results go, relative to the experiment file's folder
 */
public record ExperimentSpec(
    @JsonProperty("$schema") String schema,
    Integer version,
    String pipeline,
    InputSpec test,
    LinkedHashMap<String, List<String>> arms,
    String baseline,
    RatioSweep ratios,
    List<Long> seeds,
    Boolean resample,
    ClassifierSettings classifier,
    OutputSpec output) {

  /** The only experiment format version. */
  public static final int CURRENT_VERSION = 1;
  /** The baseline arm when none is named: real images plus classic augmentation. */
  public static final String DEFAULT_BASELINE = "real+classic";
  /**
   * The largest sweep ratio: a thousand synthetic images per real one, far past where the gain of
   * synthetic images levels off, and already 50,000 images a class for 50 real ones.
   */
  public static final double MAX_RATIO = 1000;
  /** The seeds when none are given. */
  public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

  /** Fills defaults. */
  public ExperimentSpec {
    version = version == null ? CURRENT_VERSION : version;
    baseline = baseline == null ? DEFAULT_BASELINE : baseline;
    seeds = seeds == null ? DEFAULT_SEEDS : seeds;
    resample = resample != null && resample;
    classifier = classifier == null ? ClassifierSettings.defaults() : classifier;
  }

  /**
   * A sweep of the number of one stage's images added to the real ones: for ratio {@code r},
   * each class gets {@code round(r * n)} of the stage's images of that class, {@code n} being
   * the real training images of the class.
   *
   * @param stage the id of the stage whose images are added
   * @param values the ratios, each from 0 to {@link #MAX_RATIO}, without repeats
   */
  public record RatioSweep(String stage, List<Double> values) {
  }
}
