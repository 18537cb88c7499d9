package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad option values are command-line errors (exit 2) that name the option, found before any
 * file is read; these run in-process, without the distribution.
 */
class OptionValuesTest {

  @TempDir
  Path dir;

  /**
   * What {@link Main#execute} printed and returned.
   *
   * @param code exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** A spec, experiment or model path that does not exist: the checks must fail before it is read. */
  private String missing(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void runRejectsThreadsOutOfRange() {
    for (String n : new String[] {"0", "-3", "1025", "40000"}) {
      Result r = execute("run", missing("spec.json"), "--threads", n);
      assertEquals(2, r.code(), r.all());
      assertTrue(r.err().contains("Invalid value for option '--threads': must be from 1 to 1024, got " + n), r.err());
      assertTrue(r.err().contains("Usage: runner run"), r.err());
    }
  }

  @Test
  void experimentRejectsThreadsOutOfRange() {
    Result r = execute("experiment", missing("experiment.json"), "--threads", "0", "--check");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("Invalid value for option '--threads': must be from 1 to 1024, got 0"), r.err());
  }

  @Test
  void anEmptyOutputPathIsRefused() {
    for (String[] args : new String[][] {{"run", missing("spec.json"), "--out", ""},
        {"experiment", missing("experiment.json"), "--out", " "},
        {"sample", missing("g.onnx"), "--per-class", "1", "--out", ""}}) {
      Result r = execute(args);
      assertEquals(2, r.code(), r.all());
      assertTrue(r.err().contains("Invalid value for option '--out': must not be empty"), r.err());
    }
  }

  @Test
  void everyCommandAnswersVersion() {
    for (String cmd : new String[] {"run", "experiment", "validate", "plugins", "describe", "schema", "fetch", "sample"}) {
      Result r = execute(cmd, "-V");
      assertEquals(0, r.code(), r.all());
      assertTrue(r.out().startsWith("synthaug runner "), cmd + ": " + r.out());
    }
  }

  @Test
  void experimentRejectsFewerThanTwoSeeds() {
    Result r = execute("experiment", missing("experiment.json"), "--seeds", "1");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("Invalid value for option '--seeds': an experiment needs at least 2 seeds"), r.err());
    assertTrue(r.err().contains("got 1 [1]"), r.err());
  }

  @Test
  void experimentRejectsRepeatedSeeds() {
    Result r = execute("experiment", missing("experiment.json"), "--seeds", "1,2,1,2,3");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("Invalid value for option '--seeds': seed(s) [1, 2] appear twice"), r.err());
  }

  @Test
  void usableSeedsAndThreadsPassTheChecks() {
    // the options are fine: the file is read, and its absence is the error
    Result r = execute("experiment", missing("experiment.json"), "--seeds", "1,2", "--threads", "1",
        "--plugins-dir", dir.toString(), "--check");
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("experiment.json: experiment file not found"), r.err());
    assertFalse(r.err().contains("Invalid value"), r.err());
  }

  @Test
  void sampleRejectsPerClassBelowOne() {
    Result r = execute("sample", missing("g.onnx"), "--per-class", "0", "--out", missing("out"));
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("Invalid value for option '--per-class': must be at least 1, got 0"), r.err());
    assertTrue(r.err().contains("Usage: runner sample"), r.err());
  }

  @Test
  void sampleRejectsBatchOutsideTheGanStagesRange() {
    for (String n : new String[] {"0", "65537", "600000000", "2147483647"}) {
      Result r = execute("sample", missing("g.onnx"), "--per-class", "5", "--batch", n, "--out", missing("out"));
      assertEquals(2, r.code(), r.all());
      assertTrue(r.err().contains("Invalid value for option '--batch': must be from 1 to 65536, got " + n), r.err());
    }
  }

  @Test
  void sampleFailsOnAnExistingOutputBeforeOpeningTheModel() throws Exception {
    // not an ONNX model: opening it would fail with another error and exit code
    Path model = Files.writeString(dir.resolve("g.onnx"), "not a model");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "kept");
    Result r = execute("sample", model.toString(), "--per-class", "5", "--out", out.toString());
    assertEquals(8, r.code(), r.all());
    assertTrue(r.err().contains("error: output folder " + out + " already exists; pass --force"), r.err());
    assertEquals("kept", Files.readString(out.resolve("keep.txt")));
  }

  @Test
  void describeOfAnUnknownTypeIsACommandLineError() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Result r = execute("describe", "blur", "--plugins-dir", plugins.toString());
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("unknown stage type 'blur'; known stage types: none"), r.err());
    assertFalse(r.err().contains("<spec>"), r.err());
    assertTrue(r.err().contains("Usage: runner describe"), r.err());
  }

  @Test
  void helpSaysWhereTheThreadsDefaultComesFrom() {
    Result run = execute("run", "--help");
    assertEquals(0, run.code(), run.all());
    assertTrue(oneLine(run.out()).contains("(default: the spec's threads, else all cores)"), run.out());
    Result experiment = execute("experiment", "--help");
    assertEquals(0, experiment.code(), experiment.all());
    assertTrue(oneLine(experiment.out()).contains("(default: the pipeline spec's threads, else all cores)"),
        experiment.out());
  }

  @Test
  void experimentHelpSaysThePlotNeedsRatios() {
    Result r = execute("experiment", "--help");
    assertEquals(0, r.code(), r.all());
    assertTrue(oneLine(r.out()).contains("accuracy-vs-ratio.png (only with \"ratios\")"), r.out());
  }

  /** Help text with picocli's line wrapping undone. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
