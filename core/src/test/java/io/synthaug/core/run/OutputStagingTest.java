package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
