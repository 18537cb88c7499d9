package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.InputException;
import io.synthaug.api.SynthaugException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStagingTest {

  @TempDir
  Path dir;

  /** The id of a process that has ended. */
  private static long endedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private Path folderWithFile(String name) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f);
    Files.writeString(f.resolve("x.txt"), name);
    return f;
  }

  @Test
  void stagingOfAnEndedRunIsRemovedAndLiveOnesStay() throws Exception {
    long ended = endedPid();
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path dead = folderWithFile(".out.staging-" + ended);
    Path alive = folderWithFile(".out.staging-" + live);
    Path own = folderWithFile(".out.staging-" + ProcessHandle.current().pid());
    Path other = folderWithFile(".other.staging-" + ended);
    Path notPid = folderWithFile(".out.staging-x1");

    List<String> done = new OutputStaging(dir.resolve("out")).recoverStale();

    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(alive.resolve("x.txt")), "another live run may be writing this output");
    assertTrue(Files.exists(own.resolve("x.txt")), "the run's own staging is create()'s business");
    assertTrue(Files.exists(other), "another output's folders are not touched");
    assertTrue(Files.exists(notPid));
    assertEquals(1, done.size(), done.toString());
    assertTrue(done.get(0).contains(dead.toString()), done.toString());
  }

  @Test
  void aSetAsideOutputComesBackWhenTheOutputIsMissing() throws Exception {
    long ended = endedPid();
    folderWithFile(".out.old-" + ended);
    Path staged = folderWithFile(".out.staging-" + ended);

    List<String> done = new OutputStaging(dir.resolve("out")).recoverStale();

    assertEquals(".out.old-" + ended, Files.readString(dir.resolve("out/x.txt")), "the previous output is back");
    assertFalse(Files.exists(dir.resolve(".out.old-" + ended)));
    assertFalse(Files.exists(staged));
    assertEquals(2, done.size(), done.toString());
    assertTrue(done.get(0).startsWith("put back"), done.toString());
  }

  @Test
  void aSetAsideOutputIsDroppedOnceTheNewOutputIsInPlace() throws Exception {
    long ended = endedPid();
    folderWithFile("out");
    Path old = folderWithFile(".out.old-" + ended);

    List<String> done = new OutputStaging(dir.resolve("out")).recoverStale();

    assertFalse(Files.exists(old));
    assertEquals("out", Files.readString(dir.resolve("out/x.txt")));
    assertEquals(1, done.size(), done.toString());
  }

  @Test
  void nothingToDoInAMissingOrCleanFolder() throws Exception {
    assertEquals(List.of(), new OutputStaging(dir.resolve("a/b/out")).recoverStale());
    folderWithFile("out");
    assertEquals(List.of(), new OutputStaging(dir.resolve("out")).recoverStale());
  }

  /** The disk, except that moving or deleting the paths named fails. */
  private static final class Failing implements OutputStaging.FileOps {
    private final List<Path> moveFrom;
    private final List<Path> delete;

    Failing(List<Path> moveFrom, List<Path> delete) {
      this.moveFrom = moveFrom;
      this.delete = delete;
    }

    @Override
    public void move(Path from, Path to) throws IOException {
      if (moveFrom.contains(from)) {
        throw new IOException("injected: cannot move " + from.getFileName());
      }
      OutputStaging.FileOps.DISK.move(from, to);
    }

    @Override
    public void deleteTree(Path root) throws IOException {
      if (delete.contains(root)) {
        throw new IOException("injected: cannot delete " + root.getFileName());
      }
      OutputStaging.FileOps.DISK.deleteTree(root);
    }
  }

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private OutputStaging staging(OutputStaging.FileOps ops) {
    return new OutputStaging(dir.resolve("out"), new RunLog(new PrintStream(logged, true), false), ops);
  }

  /** An earlier run's output in {@code out}: x.txt holding "out", and its run.json. */
  private void earlierOutput() throws Exception {
    folderWithFile("out");
    Files.writeString(dir.resolve("out/run.json"), "{}");
  }

  private Path old() {
    return dir.resolve(".out.old-" + ProcessHandle.current().pid());
  }

  @Test
  void whenTheNewOutputCannotMoveInThePreviousOneIsPutBack() throws Exception {
    earlierOutput();
    Path staged = dir.resolve(".out.staging-" + ProcessHandle.current().pid());
    OutputStaging s = staging(new Failing(List.of(staged), List.of()));
    s.checkOutput(true, false);
    s.create();
    Files.writeString(staged.resolve("x.txt"), "new");

    SynthaugException e = assertThrows(SynthaugException.class, s::commit);

    assertTrue(e.getMessage().contains("cannot move the finished output into " + dir.resolve("out")), e.getMessage());
    assertTrue(e.getMessage().contains("injected: cannot move " + staged.getFileName()), e.getMessage());
    assertTrue(e.getMessage().endsWith("the previous output was put back in place"), e.getMessage());
    assertEquals("out", Files.readString(dir.resolve("out/x.txt")), "the previous output is where it was");
    assertFalse(Files.exists(old()));
  }

  @Test
  void whenThePreviousOutputCannotComeBackTheErrorSaysWhereItIs() throws Exception {
    earlierOutput();
    Path staged = dir.resolve(".out.staging-" + ProcessHandle.current().pid());
    OutputStaging s = staging(new Failing(List.of(staged, old()), List.of()));
    s.checkOutput(true, false);
    s.create();

    SynthaugException e = assertThrows(SynthaugException.class, s::commit);

    assertTrue(e.getMessage().contains("nor could the previous output be put back"), e.getMessage());
    assertTrue(e.getMessage().contains("it is in " + old()), e.getMessage());
    assertEquals("out", Files.readString(old().resolve("x.txt")));
    assertEquals(1, e.getCause().getSuppressed().length);
  }

  @Test
  void leftoversThatCannotBeRemovedAfterTheNewOutputIsInPlaceAreOnlyWarnings() throws Exception {
    earlierOutput();
    Path checkpoints = folderWithFile(".out.checkpoints");
    OutputStaging s = staging(new Failing(List.of(), List.of(old(), checkpoints)));
    s.checkOutput(true, true); // a resumed run
    s.create();
    Files.writeString(s.staging().resolve("x.txt"), "new");

    s.commit();

    assertEquals("new", Files.readString(dir.resolve("out/x.txt")), "the run succeeded");
    assertEquals("out", Files.readString(old().resolve("x.txt")), "the previous output is left set aside");
    assertTrue(Files.exists(checkpoints));
    String log = logged.toString();
    assertTrue(log.contains("warning: the output is in place in " + dir.resolve("out") + " but the previous output,"
        + " set aside in " + old() + ", could not be removed (injected: cannot delete "), log);
    assertTrue(log.contains("warning: the output is in place in " + dir.resolve("out") + " but the checkpoints in "
        + checkpoints + " could not be removed"), log);
  }

  @Test
  void aCheckpointsFolderWithoutACheckpointIsRemovedUnlessAnotherRunIsAlive() throws Exception {
    Path checkpoints = Files.createDirectories(dir.resolve(".out.checkpoints/gan"));
    Path alive = folderWithFile(".out.staging-" + ProcessHandle.current().parent().orElseThrow().pid());

    SynthaugException busy = assertThrows(SynthaugException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, false));
    assertTrue(busy.getMessage().startsWith("another run (process " + ProcessHandle.current().parent().orElseThrow()
        .pid() + ") is writing " + dir.resolve("out") + " now"), busy.getMessage());
    OutputStaging failed = staging(OutputStaging.FileOps.DISK);
    failed.abort();
    assertTrue(Files.isDirectory(checkpoints), "the live run's folder, perhaps");

    OutputStaging.deleteTree(alive);
    SynthaugException resume = assertThrows(NothingToResumeException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, true));
    assertEquals(2, resume.exitCode(), "a command line that does not fit the folder");
    assertTrue(resume.getMessage().startsWith("--resume was given but the earlier run left no checkpoint in "
        + dir.resolve(".out.checkpoints")), resume.getMessage());
    assertTrue(Files.isDirectory(checkpoints));

    staging(OutputStaging.FileOps.DISK).checkOutput(false, false);
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")));
    assertTrue(logged.toString().contains("removed " + dir.resolve(".out.checkpoints") + ", which held no checkpoint"),
        logged.toString());
  }

  @Test
  void anotherLiveRunOfTheOutputIsRefusedEvenWithItsCheckpoints() throws Exception {
    Files.createDirectories(dir.resolve(".out.checkpoints/gan"));
    Files.writeString(dir.resolve(".out.checkpoints/gan/training.ckpt"), "weights");
    folderWithFile(".out.staging-" + ProcessHandle.current().parent().orElseThrow().pid());
    SynthaugException busy = assertThrows(SynthaugException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, true));
    assertTrue(busy.getMessage().startsWith("another run (process "), "not resumed under the live run: "
        + busy.getMessage());
  }

  @Test
  void anOutputThatAppearsWhileTheRunWorksIsLeftAlone() throws Exception {
    Path out = dir.resolve("out");
    OutputStaging notForced = staging(OutputStaging.FileOps.DISK);
    notForced.checkOutput(false, false);
    notForced.create();
    Files.writeString(notForced.staging().resolve("run.json"), "{}");
    Files.createDirectories(out);
    Files.writeString(out.resolve("mine.txt"), "precious");
    OutputExistsException e = assertThrows(OutputExistsException.class, notForced::commit);
    assertEquals(8, e.exitCode());
    assertTrue(e.getMessage().contains("appeared while this run was working"), e.getMessage());
    assertTrue(e.getMessage().contains("since the run was not forced"), e.getMessage());
    notForced.abort();
    assertEquals("precious", Files.readString(out.resolve("mine.txt")));
    assertFalse(Files.exists(notForced.staging()));

    OutputStaging forced = staging(OutputStaging.FileOps.DISK);
    Files.delete(out.resolve("mine.txt"));
    forced.checkOutput(true, false);
    forced.create();
    Files.writeString(forced.staging().resolve("run.json"), "{\"new\": true}");
    Files.writeString(out.resolve("mine.txt"), "written meanwhile");
    OutputExistsException refused = assertThrows(OutputExistsException.class, forced::commit);
    assertTrue(refused.getMessage().contains("since it holds neither run.json nor results.json"),
        refused.getMessage());
    forced.abort();
    assertEquals("written meanwhile", Files.readString(out.resolve("mine.txt")));

    OutputStaging replaces = staging(OutputStaging.FileOps.DISK);
    Files.delete(out.resolve("mine.txt"));
    replaces.checkOutput(true, false);
    replaces.create();
    Files.writeString(replaces.staging().resolve("run.json"), "{\"new\": true}");
    Files.writeString(out.resolve("run.json"), "{}");
    replaces.commit();
    assertEquals("{\"new\": true}", Files.readString(out.resolve("run.json")), "an earlier run's output is replaced");
  }

  @Test
  void aLiveRunsSetAsideOutputIsLeftAloneHoweverOldItsTime() throws Exception {
    Process live = new ProcessBuilder("sleep", "30").start();
    try {
      Path aside = folderWithFile(".out.old-" + live.pid());
      Files.setLastModifiedTime(aside, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
      assertEquals(List.of(), staging(OutputStaging.FileOps.DISK).recoverStale(), "a committing run's folder");
      assertTrue(Files.isDirectory(aside));
    } finally {
      live.destroy();
      live.waitFor();
    }
  }

  @Test
  void theRootCannotBeTheOutput() {
    SynthaugException e = assertThrows(SynthaugException.class, () -> new OutputStaging(Path.of("/")));
    assertTrue(e.getMessage().startsWith("the output folder cannot be /, the root of the file system"),
        e.getMessage());
  }

  @Test
  void forceReplacesOnlyAnEmptyFolderOrAnEarlierRunsOutput() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    assertNull(OutputStaging.notAnOutput(out), "empty");
    Files.writeString(out.resolve("keep.txt"), "mine");
    assertEquals("it holds neither run.json nor results.json, so no run wrote it", OutputStaging.notAnOutput(out));
    OutputExistsException e = assertThrows(OutputExistsException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(true, false));
    assertEquals(8, e.exitCode());
    assertTrue(e.getMessage().startsWith("refusing to replace " + out + " with --force: it holds neither"),
        e.getMessage());
    Files.createDirectories(out.resolve("run.json"));
    assertEquals("it holds neither run.json nor results.json, so no run wrote it", OutputStaging.notAnOutput(out),
        "a folder named run.json is no marker");
    Files.delete(out.resolve("run.json"));
    Files.writeString(out.resolve("results.json"), "{}");
    assertNull(OutputStaging.notAnOutput(out));
    staging(OutputStaging.FileOps.DISK).checkOutput(true, false);

    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    assertEquals("it is a file, not a folder", OutputStaging.notAnOutput(file));
    Path link = Files.createSymbolicLink(dir.resolve("link"), out);
    assertEquals("it is a symbolic link, not a folder", OutputStaging.notAnOutput(link));
  }

  @Test
  void aCheckpointWrittenOnlyHalfwayIsNoCheckpoint() throws Exception {
    // killed while writing its first checkpoint: only the temporary file of that write is there
    Path gan = Files.createDirectories(dir.resolve(".out.checkpoints/gan"));
    Files.writeString(gan.resolve("training.ckpt4711.tmp"), "half");
    staging(OutputStaging.FileOps.DISK).checkOutput(false, false);
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")));
    assertTrue(logged.toString().contains("which held no checkpoint"), logged.toString());

    // beside a whole checkpoint it changes nothing: the folder is a run's checkpoints
    Files.createDirectories(gan);
    Files.writeString(gan.resolve("training.ckpt"), "whole");
    Files.writeString(gan.resolve("training.ckpt4712.tmp"), "half");
    SynthaugException e = assertThrows(SynthaugException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, false));
    assertTrue(e.getMessage().startsWith("found checkpoints of stage 'gan' of an earlier run"), e.getMessage());
  }

  @Test
  void checkpointStagesNamesTheEntriesThatHoldACheckpoint() throws Exception {
    assertEquals(List.of(), staging(OutputStaging.FileOps.DISK).checkpointStages());
    Files.createDirectories(dir.resolve(".out.checkpoints/b"));
    Files.writeString(dir.resolve(".out.checkpoints/b/training.ckpt"), "whole");
    Files.createDirectories(dir.resolve(".out.checkpoints/a"));
    Files.writeString(dir.resolve(".out.checkpoints/a/training.ckpt"), "whole");
    Files.createDirectories(dir.resolve(".out.checkpoints/half"));
    Files.writeString(dir.resolve(".out.checkpoints/half/training.ckpt1.tmp"), "half");
    assertEquals(List.of("a", "b"), staging(OutputStaging.FileOps.DISK).checkpointStages());
  }

  @Test
  void aCheckpointsFolderWithACheckpointStaysAfterAFailure() throws Exception {
    Path checkpoints = folderWithFile(".out.checkpoints");
    staging(OutputStaging.FileOps.DISK).abort();
    assertTrue(Files.exists(checkpoints.resolve("x.txt")));
    SynthaugException e = assertThrows(SynthaugException.class,
        () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, false));
    assertTrue(e.getMessage().startsWith("found checkpoints of an earlier run of this output that did not finish"),
        e.getMessage());
    Files.delete(checkpoints.resolve("x.txt"));
    Files.createSymbolicLink(checkpoints.resolve("link"), dir);
    assertThrows(SynthaugException.class, () -> staging(OutputStaging.FileOps.DISK).checkOutput(false, false),
        "a link is not an empty folder");
  }

  @Test
  void anEmptyCheckpointsFolderThatCannotBeRemovedIsNamed() throws Exception {
    Path checkpoints = Files.createDirectories(dir.resolve(".out.checkpoints"));
    OutputStaging s = staging(new Failing(List.of(), List.of(checkpoints)));

    s.abort();
    assertTrue(logged.toString().contains("warning: cannot remove the empty checkpoints folder " + checkpoints
        + " of the failed run (injected: cannot delete"), logged.toString());
    SynthaugException e = assertThrows(SynthaugException.class, () -> s.checkOutput(false, false));
    assertTrue(e.getMessage().startsWith("cannot remove the empty checkpoints folder " + checkpoints), e.getMessage());
    assertTrue(e.getMessage().endsWith("; delete it by hand"), e.getMessage());
  }

  @Test
  void aStagingFolderThatCannotBeRemovedDoesNotHideTheRunsOwnError() {
    Path staged = dir.resolve(".out.staging-" + ProcessHandle.current().pid());
    OutputStaging s = staging(new Failing(List.of(), List.of(staged)));

    InputException e = assertThrows(InputException.class, () -> OutputStaging.writeAtomically(s, false, folder -> {
      throw new InputException("in.gz", "bad header");
    }));

    assertEquals("in.gz: bad header", e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
    assertTrue(logged.toString().contains("warning: cannot remove the staging folder " + staged
        + " of the failed run (injected: cannot delete " + staged.getFileName() + ")"), logged.toString());
  }

  @Test
  void anOutputMayNotBeHoldOrLieInsideWhatTheRunReads() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Path images = Files.writeString(project.resolve("images.gz"), "x");
    Path folder = Files.createDirectories(project.resolve("folder"));
    List<OutputStaging.Kept> kept = List.of(new OutputStaging.Kept("the spec's folder", project, true),
        new OutputStaging.Kept("the input images file", images, false),
        new OutputStaging.Kept("the input image folder", folder, false));

    assertNull(new OutputStaging(project.resolve("out")).clash(kept), "beside the inputs, inside the spec's folder");
    assertNull(new OutputStaging(dir.resolve("elsewhere/out")).clash(kept));
    String is = new OutputStaging(project).clash(kept);
    assertTrue(is.startsWith("the output folder " + project + " is the spec's folder " + project), is);
    String holds = new OutputStaging(dir).clash(kept);
    assertTrue(holds.startsWith("the output folder " + dir + " holds the spec's folder " + project), holds);
    String file = new OutputStaging(images).clash(kept);
    assertTrue(file.startsWith("the output folder " + images + " is the input images file " + images), file);
    String inside = new OutputStaging(folder.resolve("new-class")).clash(kept);
    assertTrue(inside.startsWith("the output folder " + folder.resolve("new-class") + " lies inside the input image"
        + " folder " + folder), inside);
  }

  @Test
  void linksAreFollowedWhenComparingPaths() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data/folder"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("data"));
    List<OutputStaging.Kept> kept = List.of(new OutputStaging.Kept("the input image folder", folder, false));

    String through = new OutputStaging(link.resolve("folder")).clash(kept);
    assertTrue(through.startsWith("the output folder " + link.resolve("folder") + " is the input image folder "
        + folder + " (" + folder.toRealPath() + " and " + folder.toRealPath() + " once links are followed)"), through);
    String missing = new OutputStaging(link.resolve("folder/not-yet/out")).clash(kept);
    assertTrue(missing.contains(" lies inside the input image folder "), missing);
    assertNull(new OutputStaging(link.resolve("out")).clash(kept));
  }
}
