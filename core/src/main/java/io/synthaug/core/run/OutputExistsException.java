package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;

/** The output folder exists and the run was not forced. */
public final class OutputExistsException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code when the output exists. */
  public static final int EXIT_CODE = 8;

  /** The output folder {@code path} exists. */
  public OutputExistsException(String path) {
    super("output folder " + path + " already exists; pass --force to replace it, or choose another output path");
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
