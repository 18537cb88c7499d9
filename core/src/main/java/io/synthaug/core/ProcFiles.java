package io.synthaug.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Values from Linux's "key : value" files such as /proc/cpuinfo and /proc/meminfo. */
public final class ProcFiles {

  private ProcFiles() {
  }

  /**
   * The value of the first line of {@code file} whose key (the text before the first colon,
   * trimmed) is {@code key}, trimmed; empty when no line has it.
   *
   * @throws UncheckedIOException when the file cannot be read (not Linux, or not readable)
   */
  public static Optional<String> firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return Optional.of(line.substring(colon + 1).trim());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
