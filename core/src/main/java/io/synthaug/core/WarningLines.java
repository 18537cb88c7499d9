package io.synthaug.core;

import java.util.function.Consumer;

/**
 * Core's helpers that report through a plain {@code Consumer<String>} (classifier training, ONNX
 * Runtime sessions) mark a warning by starting its line with {@link #PREFIX}; {@link #route}
 * sends such lines to a log's warning level and the rest to the level the caller chose, so a
 * warning is never hidden among debug lines.
 */
public final class WarningLines {

  /** The start of a line that is a warning. */
  public static final String PREFIX = "WARNING: ";

  private WarningLines() {
  }

  /**
   * A consumer that passes warnings, without their prefix, to {@code warn} and every other line
   * to {@code other}.
   */
  public static Consumer<String> route(Consumer<String> other, Consumer<String> warn) {
    return line -> {
      if (line.startsWith(PREFIX)) {
        warn.accept(line.substring(PREFIX.length()));
      } else {
        other.accept(line);
      }
    };
  }
}
