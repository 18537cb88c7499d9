package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;

/**
 * The output folder exists and the run was not forced, or it is something a forced run must not
 * replace, or another run holds it (a live run, an interrupted run's checkpoints): exit code 8.
 */
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

  /**
   * The output is taken in another way ({@code message} says how): another live run writes it,
   * or an interrupted run's checkpoints wait for {@code --resume}.
   */
  public static OutputExistsException busy(String message) {
    return new OutputExistsException(message);
  }

  /**
   * The output file {@code path} exists: without {@code force}, or with it where {@code path} is
   * no regular file.
   */
  public static OutputExistsException file(String path, boolean force) {
    return new OutputExistsException(force ? "refusing to replace " + path + " with --force: it is not a regular file"
        : path + " already exists; pass --force to replace it, or choose another file");
  }

  /**
   * {@code path} appeared while the run was working and may not be replaced ({@code why}): the
   * finished output is not moved in.
   */
  public static OutputExistsException appeared(String path, String why) {
    return new OutputExistsException(path + " appeared while this run was working (another run of the same output,"
        + " or something else wrote it) and is left as it is, since " + why + "; this run's output was not moved in"
        + " and is removed: run again with another output path, or with --force once " + path
        + " is an earlier run's output");
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
