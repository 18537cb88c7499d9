package io.synthaug.api;

/** Log lines from a stage; the engine prefixes them with the stage id. */
public interface StageLog {

  /** A line a user wants to see. */
  void info(String message);

  /** Something the user should act on, while the run goes on. */
  void warn(String message);

  /** Detail shown only with {@code --verbose}. */
  void debug(String message);
}
