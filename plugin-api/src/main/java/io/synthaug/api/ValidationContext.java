package io.synthaug.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What the engine knows around one stage when it checks a spec, before anything runs: enough
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
}
