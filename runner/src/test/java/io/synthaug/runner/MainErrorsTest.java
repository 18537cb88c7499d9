package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An {@link Error} that ends a command (picocli hands only exceptions to the runner's handler) is
 * one line on standard error and exit code 1, not a stack trace.
 */
class MainErrorsTest {

  /** A command line whose one subcommand ends in the error its option names. */
  @Command(name = "runner", subcommands = Fails.class)
  static final class Top {
  }

  /** Ends in an error. */
  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {

    @Option(names = "--with")
    String with;

    @Option(names = {"-v", "--verbose"})
    boolean verbose;

    @Override
    public Integer call() {
      switch (with) {
        case "memory" -> {
          long[] huge = new long[Integer.MAX_VALUE];
          return huge.length;
        }
        case "stack" -> throw new StackOverflowError();
        default -> throw new NoClassDefFoundError("acme/Missing");
      }
    }
  }

  /**
   * What {@link Main#execute} printed and returned.
   *
   * @param code exit code
   * @param err standard error
   */
  record Result(int code, String err) {
  }

  private static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new CommandLine(new Top()), args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, err.toString());
  }

  @Test
  void outOfMemoryIsOneLineThatSaysHowToRaiseTheLimit() {
    Result r = execute("fails", "--with", "memory");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: out of memory while running 'runner fails' ("), r.err());
    assertTrue(r.err().contains("raise the limit with JAVA_OPTS, for example JAVA_OPTS=-Xmx8g bin/runner"), r.err());
  }

  @Test
  void stackOverflowIsOneLine() {
    Result r = execute("fails", "--with", "stack");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: stack overflow while running 'runner fails'"), r.err());
  }

  @Test
  void otherErrorsNameTheirClassAndShowTheTraceOnlyWhenVerbose() {
    Result quiet = execute("fails", "--with", "linkage");
    assertEquals(1, quiet.code(), quiet.err());
    assertEquals("error: unexpected java.lang.NoClassDefFoundError while running 'runner fails': acme/Missing"
        + " (run with --verbose for the stack trace)", quiet.err().strip());
    Result verbose = execute("fails", "--with", "linkage", "--verbose");
    assertEquals(1, verbose.code(), verbose.err());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
    assertFalse(verbose.err().contains("run with --verbose"), verbose.err());
  }
}
