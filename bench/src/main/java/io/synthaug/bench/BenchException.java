package io.synthaug.bench;

/** A benchmark could not run or its sides disagree; the message says which and why. */
public final class BenchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the suite, case or peer. */
  public BenchException(String message) {
    super(message);
  }
}
