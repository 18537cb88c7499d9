package io.synthaug.api;

/**
 * Progress reporting for long work. The engine renders it as a progress bar on a terminal and
 * as plain periodic lines in a CI log.
 */
public interface Progress {

  /**
   * Starts a task.
   *
   * @param name what is being done, for example {@code train cgan}
   * @param total the number of steps, or -1 if unknown
   * @param unit what a step is, for example {@code img} or {@code step}
   * @return the task, to be closed when done
   */
  Task start(String name, long total, String unit);

  /** A progress that shows nothing, for work nobody watches (tests, nested work). */
  static Progress silent() {
    return (name, total, unit) -> new Task() {
      @Override
      public void advance(long steps) {
      }

      @Override
      public void status(String text) {
      }

      @Override
      public void close() {
      }
    };
  }

  /** One running task. */
  interface Task extends AutoCloseable {

    /** Adds {@code steps} finished steps. */
    void advance(long steps);

    /**
     * Adds {@code steps} steps that were done before this task started, such as the training
     * steps a resumed run does not repeat: they count towards the total, not towards the rate or
     * the time left. The default counts them as {@link #advance(long) advanced}.
     */
    default void skip(long steps) {
      advance(steps);
    }

    /** Shows a short status next to the bar, for example the current losses. */
    void status(String text);

    /** Ends the task. */
    @Override
    void close();
  }
}
