package io.synthaug.core.run;

import java.io.PrintStream;

/**
 * The run's log on standard error: info and warnings always, debug lines with --verbose.
 * Durations and other machine-dependent figures go here, never into the output folder, which
 * must be byte-identical for one seed.
 */
public class RunLog {

  private final PrintStream out;
  private final boolean verbose;

  /** Logs to {@code out}; debug lines only when {@code verbose}. */
  public RunLog(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  /** A log on standard error. */
  public static RunLog stderr(boolean verbose) {
    return new RunLog(System.err, verbose);
  }

  /** A line the user wants to see. */
  public void info(String message) {
    out.println(message);
  }

  /** Something to act on while the run goes on. */
  public void warn(String message) {
    out.println("warning: " + message);
  }

  /** Detail for --verbose. */
  public void debug(String message) {
    if (verbose) {
      out.println("debug: " + message);
    }
  }

  /** Whether debug lines are shown. */
  public boolean verbose() {
    return verbose;
  }

  /** The stream the log writes to, for progress bars. */
  public PrintStream stream() {
    return out;
  }
}
