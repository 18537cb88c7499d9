package io.synthaug.core.spec;

import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ValidationContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One stage's place in a spec, for its factory's {@code validate}: when the spec is read
 * ({@code classNames} null), and again when a run has read its input and before its first stage
 * starts (with the input's class names).
 *
 * @param extensions every loaded plugin's extensions
 * @param stageId the stage's id
 * @param earlierStageIds the ids of the stages before it
 * @param baseDir the spec's folder, or null (relative paths then stay as written)
 * @param inputClasses the input's class names, or null before the input is read
 * @param inputCounts the input's images of each class in label order, or null before the input
 *     is read
 */
record StageCheckContext(ExtensionLookup extensions, String stageId, List<String> earlierStageIds, Path baseDir,
    List<String> inputClasses, List<Integer> inputCounts) implements ValidationContext {

  @Override
  public Path resolve(String path) {
    return baseDir == null ? Path.of(path) : baseDir.resolve(path).normalize();
  }

  @Override
  public Optional<List<String>> classNames() {
    return Optional.ofNullable(inputClasses);
  }

  @Override
  public Optional<List<Integer>> classCounts() {
    return Optional.ofNullable(inputCounts);
  }
}
