package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;

/** The output folder exists and the run was not forced, or it is something a forced run must not replace. */
public final class OutputExistsException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code when the output exists. */
  public static final int EXIT_CODE = 8;

  private OutputExistsException(String message) {
    super(message);
  }

  /** The output folder {@code path} exists and the run was not forced. */
  public static OutputExistsException exists(String path) {
    return new OutputExistsException("output folder " + path
        + " already exists; pass --force to replace it, or choose another output path");
  }

  /**
   * {@code path} exists and is no output of an earlier run, so even a forced run leaves it alone:
   * {@code why} says what it is.
   */
  public static OutputExistsException notReplaceable(String path, String why) {
    return new OutputExistsException("refusing to replace " + path + " with --force: " + why + "; --force replaces"
        + " only an empty folder or one an earlier run wrote (with run.json or results.json); choose another output"
        + " path, or delete it yourself");
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
