package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.SynthaugException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped by a signal removes its staging folder on the way out; one that ended does nothing then. */
class StagingExitTest {

  @TempDir
  Path dir;

  /**
   * Stages {@code args[0]}, writes a file there (and a checkpoint if {@code args[1]} is
   * "checkpoint", an empty checkpoints folder if "empty"), says "staged", and waits to be stopped.
   */
  public static final class StageAndWait {
    public static void main(String[] args) throws Exception {
      OutputStaging staging = new OutputStaging(Path.of(args[0]));
      staging.create();
      Files.writeString(staging.staging().resolve("half.png"), "half-written");
      Path stageCheckpoints = Files.createDirectories(staging.checkpoints().resolve("gan"));
      if (args[1].equals("checkpoint")) {
        Files.writeString(stageCheckpoints.resolve("training.ckpt"), "weights");
      }
      System.out.println("staged");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }

  private String stopWhileStaging(Path out, String checkpoints) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StageAndWait.class.getName(), out.toString(), checkpoints)
        .redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.equals("staged")) {
      // a JVM notice before the program's own line
    }
    assertEquals("staged", line);
    assertTrue(Files.exists(out.resolveSibling(".out.staging-" + p.pid()).resolve("half.png")));
    // SIGTERM, which the JVM handles as it does Ctrl-C's SIGINT (running its shutdown hooks), and
    // which a process started in the background of a script does not ignore as it may SIGINT
    p.toHandle().destroy();
    StringBuilder rest = new StringBuilder();
    while ((line = lines.readLine()) != null) {
      rest.append(line).append('\n');
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not stop: " + rest);
    assertEquals(143, p.exitValue(), rest.toString());
    return rest.toString().strip().replace("staging-" + p.pid(), "staging-PID");
  }

  /** The names of what is in the test's folder. */
  private List<String> leftInDir() throws Exception {
    try (var left = Files.list(dir)) {
      return left.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aStoppedRunRemovesItsStagingFolderAndSaysWhereItsCheckpointsAre() throws Exception {
    Path out = dir.resolve("out");
    String said = stopWhileStaging(out, "checkpoint");
    assertEquals(List.of(".out.checkpoints"), leftInDir());
    assertTrue(Files.exists(dir.resolve(".out.checkpoints/gan/training.ckpt")));
    assertEquals("warning: the run was stopped before it finished: removed its staging folder "
        + dir.resolve(".out.staging-PID") + "; the checkpoints in " + dir.resolve(".out.checkpoints")
        + " stay: rerun with --resume to continue", said);
  }

  @Test
  void aStoppedRunWithoutACheckpointLeavesOnlyItsEmptyCheckpointsFolderForTheNextRun() throws Exception {
    Path out = dir.resolve("out");
    String said = stopWhileStaging(out, "empty");
    // a checkpoint may have been moving into place as the hook looked: the next run removes the folder
    assertEquals(List.of(".out.checkpoints"), leftInDir());
    assertEquals("warning: the run was stopped before it finished: removed its staging folder "
        + dir.resolve(".out.staging-PID"), said);
    new OutputStaging(out, new RunLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        false)).checkOutput(false, false);
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")));
  }

  @Test
  void afterCommitOrAbortTheHookTouchesNothingAndACommitAfterItIsRefused() throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    RunLog log = new RunLog(new PrintStream(said, true, StandardCharsets.UTF_8), false);
    OutputStaging done = new OutputStaging(dir.resolve("done"), log);
    done.create();
    Files.writeString(done.staging().resolve("a.txt"), "a");
    done.commit();
    done.exitWhileStaging(false);
    assertTrue(Files.exists(dir.resolve("done/a.txt")));

    OutputStaging failed = new OutputStaging(dir.resolve("failed"), log);
    failed.create();
    Files.createDirectories(failed.checkpoints().resolve("gan"));
    Files.writeString(failed.checkpoints().resolve("gan/training.ckpt"), "w");
    failed.abort();
    String aborted = said.toString(StandardCharsets.UTF_8);
    assertEquals("the checkpoints of stage 'gan' stay in " + failed.checkpoints() + ": rerun with --resume to continue"
        + " from them, or delete that folder to start over", aborted.trim(), "the failed run says what it kept");
    failed.exitWhileStaging(false);
    assertTrue(Files.exists(failed.checkpoints().resolve("gan/training.ckpt")));
    assertEquals(aborted, said.toString(StandardCharsets.UTF_8), "the hook says nothing after the abort");

    OutputStaging stopped = new OutputStaging(dir.resolve("stopped"), log);
    stopped.create();
    stopped.exitWhileStaging(false);
    assertFalse(Files.exists(stopped.staging()));
    assertFalse(OutputStaging.stopping(), "only the hook itself marks the JVM as stopping");
    SynthaugException e = assertThrows(SynthaugException.class, stopped::commit);
    assertEquals("the run was stopped before its output could be moved into " + dir.resolve("stopped"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("stopped")));
  }
}
