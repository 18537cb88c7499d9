package io.synthaug.core.run;

import io.synthaug.api.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on standard error that stays readable everywhere: on a terminal one line redrawn in
 * place, in a CI log or a pipe one plain line at most every few seconds (and at the end), never
 * a wall of carriage returns.
 */
public final class ConsoleProgress implements Progress {

  private final PrintStream out;
  private final boolean terminal;
  private final long intervalNanos;

  /**
   * @param out where to write
   * @param terminal whether {@code out} is an interactive terminal
   * @param intervalMillis the least time between two plain lines when not on a terminal
   */
  public ConsoleProgress(PrintStream out, boolean terminal, long intervalMillis) {
    this.out = out;
    this.terminal = terminal;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** Progress for standard error, detecting a terminal from the console. */
  public static ConsoleProgress forStderr() {
    return new ConsoleProgress(System.err, System.console() != null, 5_000);
  }

  @Override
  public Task start(String name, long total, String unit) {
    return new ConsoleTask(name, total, unit);
  }

  private final class ConsoleTask implements Task {
    private final String name;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long done;
    /** Steps done before the task started ({@link #skip}): in the count, not in the rate. */
    private long skipped;
    private long lastPrint;
    private String status = "";
    private boolean closed;

    ConsoleTask(String name, long total, String unit) {
      this.name = name;
      this.total = total;
      this.unit = unit;
      this.lastPrint = startNanos;
    }

    @Override
    public synchronized void advance(long steps) {
      done += steps;
      long now = System.nanoTime();
      long interval = terminal ? 200_000_000L : intervalNanos;
      if (now - lastPrint >= interval) {
        lastPrint = now;
        print(false);
      }
    }

    @Override
    public synchronized void skip(long steps) {
      done += steps;
      skipped += steps;
    }

    @Override
    public synchronized void status(String text) {
      status = text == null ? "" : text;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        print(true);
      }
    }

    private void print(boolean last) {
      double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
      long run = done - skipped;
      double rate = run / secs;
      StringBuilder sb = new StringBuilder();
      sb.append(name).append(' ');
      if (total > 0) {
        int pct = (int) Math.min(100, done * 100 / total);
        if (terminal) {
          int width = 24;
          int filled = pct * width / 100;
          sb.append('[').append("=".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
        }
        sb.append(String.format(Locale.ROOT, "%3d%% %d/%d %s", pct, done, total, unit));
      } else {
        sb.append(done).append(' ').append(unit);
      }
      sb.append(String.format(Locale.ROOT, " (%.1f %s/s, %s", rate, unit, clock(secs)));
      if (!last && total > 0 && run > 0) {
        sb.append(", eta ").append(clock(secs * (total - done) / run));
      }
      sb.append(')');
      if (!status.isEmpty()) {
        sb.append(' ').append(status);
      }
      if (terminal) {
        out.print("\r" + sb + "\u001b[K");
        if (last) {
          out.println();
        }
      } else {
        out.println(sb);
      }
      out.flush();
    }
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
