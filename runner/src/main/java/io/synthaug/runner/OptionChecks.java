package io.synthaug.runner;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values beyond what their types say. A bad value is a command-line error:
 * picocli prints the message and the command's usage, and the runner exits 2. The commands run
 * these before loading plugins or reading files, so a typo fails at once.
 */
final class OptionChecks {

  private OptionChecks() {
  }

  /** Fails when {@code value} was given and is below {@code min}. */
  static void atLeast(CommandSpec command, String option, Integer value, int min) {
    if (value != null && value < min) {
      throw bad(command, option, "must be at least " + min + ", got " + value);
    }
  }

  /** Fails when {@code value} was given and is not from {@code min} to {@code max}. */
  static void between(CommandSpec command, String option, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      throw bad(command, option, "must be from " + min + " to " + max + ", got " + value);
    }
  }

  /** Fails when an output path was given empty, which would name the working folder. */
  static void notEmpty(CommandSpec command, String option, Object value) {
    if (value != null && value.toString().isBlank()) {
      throw bad(command, option, "must not be empty (it would name the working folder)");
    }
  }

  /** A command-line error about the value of {@code option}, in picocli's own wording. */
  static ParameterException bad(CommandSpec command, String option, String problem) {
    return new ParameterException(command.commandLine(), "Invalid value for option '" + option + "': " + problem);
  }
}
