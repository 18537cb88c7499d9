package io.synthaug.core.spec;

/**
 * Where and how the result is written.
 *
 * @param path the output folder, relative to the spec file's folder; it must not exist unless
 *     the run is forced
 * @param idx whether to also write the dataset as gzipped IDX files (grayscale, one size)
 */
public record OutputSpec(String path, Boolean idx) {

  /** Fills defaults. */
  public OutputSpec {
    idx = idx != null && idx;
  }
}
