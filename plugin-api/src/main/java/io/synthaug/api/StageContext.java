package io.synthaug.api;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What the engine offers a stage during one run.
 */
public interface StageContext {

  /** The stage's id from the spec (or {@code <type>-<index>} when the spec gives none). */
  String stageId();

  /** The stage's position in the pipeline, from 0. */
  int stageIndex();

  /**
   * The class names of the dataset entering this stage. The engine creates each stage just
   * before it runs, so a stage may resolve class names from its parameters to labels here.
   */
  java.util.List<String> classNames();

  /** The stage's seed, derived from the run seed and the stage's position. */
  long seed();

  /** A new random generator seeded with {@link #seed()}. */
  default RandomGenerator random() {
    return new SplittableRandom(seed());
  }

  /**
   * A folder for this stage's artifacts (models, plots, logs), created on first call. It lives
   * in the run's staging area and becomes {@code artifacts/<stageId>/} of the output folder only
   * when the whole pipeline succeeds.
   */
  Path artifactDir();

  /**
   * A folder for state that must survive an interrupted run (checkpoints), created on first
   * call. It is kept when a run fails and removed when the run succeeds. Write each file under
   * a name ending in {@code .tmp} and rename it when it is whole: a folder that holds only such
   * files and folders holds no checkpoint, and is removed instead of asking for {@code --resume}.
   */
  Path checkpointDir();

  /** Whether the user asked to resume an interrupted run from {@link #checkpointDir()}. */
  boolean resume();

  /** The compute device the user asked for. */
  Device device();

  /**
   * Records the device a part of the stage's work actually ran on, which may differ from the
   * one asked for ({@link Device#GPU} asked, none found: {@link Device#CPU}). The run record
   * ({@code run.json}) lists it under {@code stages.<stageId>.devices.<part>}, and its
   * {@code device} is {@code gpu} when any part of any stage ran on a GPU. The default records
   * nothing.
   *
   * @param part what ran, for example {@code training} or {@code sampling}
   * @param used {@link Device#CPU} or {@link Device#GPU}
   */
  default void usedDevice(String part, Device used) {
  }

  /**
   * Records a fact about how the stage ran that the output itself does not show, for the run
   * record ({@code run.json}, under {@code stages.<stageId>.<name>}): a seed needed to
   * reproduce its images, the step a resumed training went on from, a warning that the result
   * may differ from an uninterrupted run's. A later value of the same name replaces the
   * earlier one. The default records nothing.
   *
   * @param name a short camelCase name, for example {@code samplingSeed}; not {@code devices},
   *     where {@link #usedDevice} writes
   * @param value the value as text
   */
  default void record(String name, String value) {
  }

  /** Resolves a path from the spec against the spec file's folder. */
  Path resolve(String path);

  /** Where the stage reports progress on long work. */
  Progress progress();

  /** Where the stage writes log lines. */
  StageLog log();

  /** Other extensions offered by the loaded plugins. */
  ExtensionLookup extensions();

  /**
   * Records a figure the stage measured (a loss, a score, a count) for the run report and
   * manifest. Names are dotted, for example {@code fid.overall}.
   */
  void metric(String name, double value);
}
