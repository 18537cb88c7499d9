package io.synthaug.core.data;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.IoErrors;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of the output that cannot be written: a full disk, a folder without write permission, a
 * read-only file system. The message names the file and the reason, as in {@code cannot write
 * out/images/3/000015.png: No space left on device}; the run exits with the general code 1, and
 * its staging folder is removed as for any failure.
 */
public final class OutputWriteException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String reason;

  /**
   * {@code "cannot <doing> <file>: <reason>"}.
   *
   * @param doing what failed, such as "write" or "create the folder"
   */
  public OutputWriteException(String doing, Path file, IOException cause) {
    super("cannot " + doing + " " + file + ": " + IoErrors.describe(file, cause), cause);
    this.file = file;
    this.reason = IoErrors.describe(file, cause);
  }

  /** {@code "cannot write <file>: <reason>"}. */
  public static OutputWriteException writing(Path file, IOException cause) {
    return new OutputWriteException("write", file, cause);
  }

  /** The file or folder that could not be written. */
  public Path file() {
    return file;
  }

  /**
   * Why: "No space left on device", "permission denied", led by another path when the error is
   * about another one (a parent that is a file).
   */
  public String reason() {
    return reason;
  }

  /** The I/O exception behind this one. */
  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
