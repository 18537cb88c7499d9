package io.synthaug.api;

/**
 * Input data that cannot be read: a missing file, a bad IDX header, an ImageFolder with an empty
 * class or mixed image sizes. The message names the file and says what to do.
 */
public class InputException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code of input errors. */
  public static final int EXIT_CODE = 4;

  private final String file;
  private final String problem;

  /** A problem with {@code file}. */
  public InputException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /** A problem with {@code file}, with its cause. */
  public InputException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  /** The file at fault. */
  public String file() {
    return file;
  }

  /** What is wrong with the file, without its name. */
  public String problem() {
    return problem;
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
