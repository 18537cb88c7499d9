package io.synthaug.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the engine knows around one stage when it checks a spec, before any stage runs: enough
 * to catch a mistake that would otherwise surface only when the stage starts, after the stages
 * before it (a GAN's training, say) have done their work.
 */
public interface ValidationContext {

  /** The extensions of every loaded plugin. */
  ExtensionLookup extensions();

  /** This stage's id. */
  String stageId();

  /** The ids of the stages before this one, in pipeline order. */
  List<String> earlierStageIds();

  /**
   * A path as the spec wrote it, resolved against the spec's folder as
   * {@link StageContext#resolve} resolves it when the stage runs.
   */
  Path resolve(String path);

  /**
   * The input's class names. Empty when only the spec is read ({@code runner validate}); a run
   * checks every stage again once it has read its input and before its first stage starts, with
   * the names, so a parameter naming a class the data does not have stops the run at once.
   */
  default Optional<List<String>> classNames() {
    return Optional.empty();
  }

  /**
   * The input's image count of each class, in label order (the order of {@link #classNames()}).
   * Empty when only the spec is read; a run gives them with the names, so a parameter the data
   * cannot meet (a share of each class that leaves no image to measure with) stops the run before
   * its first stage, not after a GAN's training.
   */
  default Optional<List<Integer>> classCounts() {
    return Optional.empty();
  }
}
