package io.synthaug.core.spec;

import io.synthaug.api.SpecException;

/**
 * Errors about a document that was read earlier, located at the line and column of their JSON
 * path: what checks made after reading (an experiment's test set against its pipeline's input)
 * use, so their messages point into the file as the reader's own do.
 */
public interface SpecErrors {

  /**
   * A problem at the path given as field names ({@code String}) and array indices
   * ({@code Integer}) from the root, such as {@code ("ratios", "values", 2)} for
   * {@code $.ratios.values[2]}; a field the document lacks is located at its nearest ancestor.
   */
  SpecException at(String problem, Object... path);

  /** Errors with the file's name and the JSON path, without line and column. */
  static SpecErrors unlocated(java.nio.file.Path file) {
    return SpecDocument.unlocated(file);
  }
}
