package io.synthaug.api;

/**
 * The root of Synthaug's exceptions. Each subclass maps to its own process exit code so scripts
 * can tell a bad spec from bad data, a failing stage or a failed quality gate.
 */
public class SynthaugException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit code for errors without a more specific class. */
  public static final int EXIT_GENERAL = 1;

  /** With a message for the user. */
  public SynthaugException(String message) {
    super(message);
  }

  /** With a message for the user and the cause. */
  public SynthaugException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code the runner uses for this error. */
  public int exitCode() {
    return EXIT_GENERAL;
  }
}
