package io.synthaug.api;

/**
 * A pipeline spec that cannot be run: malformed JSON, an unknown stage type, an unknown,
 * mistyped or missing parameter. Raised before any work starts.
 */
public class SpecException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code of spec errors. */
  public static final int EXIT_CODE = 3;

  private final String file;
  private final String jsonPath;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param file the spec file, or null when the spec did not come from a file
   * @param jsonPath where in the spec, for example {@code $.stages[1].params.copies}
   * @param line 1-based line, or -1 when unknown
   * @param column 1-based column, or -1 when unknown
   * @param problem what is wrong and, where possible, what would be right
   */
  public SpecException(String file, String jsonPath, int line, int column, String problem) {
    this(file, jsonPath, line, column, problem, null);
  }

  /** As {@link #SpecException(String, String, int, int, String)}, with a cause. */
  public SpecException(String file, String jsonPath, int line, int column, String problem, Throwable cause) {
    super(format(file, jsonPath, line, column, problem), cause);
    this.file = file;
    this.jsonPath = jsonPath;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private static String format(String file, String jsonPath, int line, int column, String problem) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<spec>" : file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    if (jsonPath != null && !jsonPath.isEmpty()) {
      sb.append(" at ").append(jsonPath);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The spec file, or null. */
  public String file() {
    return file;
  }

  /** The JSON path of the problem. */
  public String jsonPath() {
    return jsonPath;
  }

  /** The 1-based line, or -1. */
  public int line() {
    return line;
  }

  /** The 1-based column, or -1. */
  public int column() {
    return column;
  }

  /** The problem without the location. */
  public String problem() {
    return problem;
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
