package io.synthaug.core.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A spec that passed every check and can run: its envelope, its bound stages, and the resolved
 * spec (defaults filled in) recorded in the run manifest.
 *
 * @param specFile the spec file, or null when the spec came from elsewhere
 * @param baseDir the folder relative paths in the spec resolve against
 * @param spec the envelope
 * @param stages the bound stages in order
 * @param resolved the whole spec with every stage's params resolved
 */
public record BoundPipeline(Path specFile, Path baseDir, PipelineSpec spec, List<BoundStage> stages, ObjectNode resolved) {

  /** The name used for the spec in messages. */
  public String specName() {
    return specFile == null ? "<spec>" : specFile.toString();
  }

  /** Resolves a path written in the spec against {@link #baseDir()}. */
  public Path resolve(String path) {
    return baseDir.resolve(path).normalize();
  }
}
