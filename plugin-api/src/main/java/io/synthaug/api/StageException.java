package io.synthaug.api;

/**
 * A stage that failed while running. The message names the stage, its type and the plugin that
 * provides it. Stages may throw it themselves; the engine wraps any other exception in one.
 */
public class StageException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code of stage failures. */
  public static final int EXIT_CODE = 5;

  /** A failure described by a stage, which the engine completes with the stage's identity. */
  public StageException(String message) {
    super(message);
  }

  /** A failure described by a stage, with its cause. */
  public StageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
