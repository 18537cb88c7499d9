package io.synthaug.runner;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.run.OutputStaging;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code runner} command line. Each subcommand is a {@code Callable<Integer>}; Synthaug's
 * exceptions become one-line messages and their own exit codes (the stack trace only with
 * {@code --verbose}).
 */
@Command(name = "runner",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Synthaug: augment labeled image datasets with classic transforms and GAN samples.",
    subcommands = {
        RunCommand.class, ExperimentCommand.class, ValidateCommand.class, PluginsCommand.class, DescribeCommand.class,
        SchemaCommand.class, FetchCommand.class, SampleCommand.class, CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success", "  1  other error", "  2  bad command line (--resume with nothing to resume too)",
        "  3  invalid spec",
        "  4  bad input data", "  5  a stage failed", "  6  a quality gate failed", "  7  plugin error",
        "  8  output exists (--force replaces an earlier run's output), or another run holds it",
        "     (a live run of it, an interrupted run's checkpoints waiting for --resume)"
    })
public final class Main {

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("-v") || a.equals("--verbose")) {
        // before any logger exists: simple logger reads these once
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "debug");
      }
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    // every command lists -V/--version in its help: each answers it as the top command does
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
    return execute(cli, args, out, err);
  }

  /**
   * Runs {@code cli} as the runner does. picocli hands only exceptions to the handler below; an
   * {@link Error} (out of memory, a stack overflow) passes through it and is reported here, as one
   * line and exit code 1 rather than a stack trace.
   */
  static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean verbose = verbose(parseResult);
      PrintWriter e = commandLine.getErr();
      if (OutputStaging.stopping() && !verbose) {
        // stopped by a signal: the run said so, and this error is its threads failing on the
        // folder removed under them; the JVM is on its way out with the signal's own status
        return SynthaugException.EXIT_GENERAL;
      }
      if (ex instanceof SynthaugException se) {
        e.println("error: " + se.getMessage());
        if (verbose) {
          ex.printStackTrace(e);
        }
        e.flush();
        return se.exitCode();
      }
      e.println("error: unexpected " + ex.getClass().getName() + ": " + ex.getMessage());
      if (verbose) {
        ex.printStackTrace(e);
      } else {
        e.println("(run with --verbose for the stack trace)");
      }
      e.flush();
      return SynthaugException.EXIT_GENERAL;
    });
    try {
      return cli.execute(args);
    } catch (Error error) {
      return fatal(error, cli, err);
    }
  }

  /** Reports an {@link Error} that ended a command and returns exit code 1. */
  private static int fatal(Error error, CommandLine cli, PrintWriter err) {
    CommandLine.ParseResult parsed = cli.getParseResult();
    boolean verbose = parsed != null && verbose(parsed);
    String command = "runner";
    for (CommandLine.ParseResult p = parsed == null ? null : parsed.subcommand(); p != null; p = p.subcommand()) {
      command += " " + p.commandSpec().name();
    }
    if (error instanceof OutOfMemoryError) {
      err.println("error: out of memory while running '" + command + "' (" + error.getMessage() + ", heap limit "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); raise the limit with JAVA_OPTS, for example"
          + " JAVA_OPTS=-Xmx8g bin/runner ..., or give the command less data");
    } else if (error instanceof StackOverflowError) {
      err.println("error: stack overflow while running '" + command + "' (a recursion too deep, likely a bug);"
          + " run with --verbose for the stack trace, or raise the stack size with JAVA_OPTS=-Xss16m");
    } else {
      err.println("error: unexpected " + error.getClass().getName() + " while running '" + command + "': "
          + error.getMessage() + (verbose ? "" : " (run with --verbose for the stack trace)"));
    }
    if (verbose) {
      error.printStackTrace(err);
    }
    err.flush();
    return SynthaugException.EXIT_GENERAL;
  }

  /**
   * Whether {@code --verbose} was given to the command or any of its subcommands: the option is
   * a subcommand's, so the top-level parse result alone never has it.
   */
  static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"synthaug runner " + (v == null ? "dev" : v)};
    }
  }
}
