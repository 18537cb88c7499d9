package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;

/**
 * {@code --resume} was given but no interrupted run of that output left a checkpoint: a command
 * line that does not fit the output folder, so exit code 2 (bad command line), as an unknown
 * option would be. Nothing was run or written.
 */
public final class NothingToResumeException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code: the runner's "bad command line". */
  public static final int EXIT_CODE = 2;

  NothingToResumeException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
