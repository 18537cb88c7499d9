package io.synthaug.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndedProcessesTest {

  @Test
  void onlyNamesOfEndedProcessesQualify() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long ended = p.pid();
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    assertTrue(EndedProcesses.leftBy(".out.staging-" + ended, ".out.staging-", ""));
    assertTrue(EndedProcesses.leftBy("a.gz." + ended + ".part", "a.gz.", ".part"));
    assertFalse(EndedProcesses.leftBy(".out.staging-" + live, ".out.staging-", ""), "alive");
    assertFalse(EndedProcesses.leftBy(".out.staging-" + EndedProcesses.self(), ".out.staging-", ""), "this process");
    assertFalse(EndedProcesses.leftBy(".out.staging-x" + ended, ".out.staging-", ""), "not a number");
    assertFalse(EndedProcesses.leftBy(".out.staging-", ".out.staging-", ""), "no id");
    assertFalse(EndedProcesses.leftBy(".other.staging-" + ended, ".out.staging-", ""), "another prefix");
    assertFalse(EndedProcesses.leftBy(".out.staging--5", ".out.staging-", ""), "not a process id");
  }

  @Test
  void aLiveProcessThatStartedAfterTheEntryChangedDidNotMakeIt(@TempDir Path dir) throws Exception {
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
    long live = parent.pid();
    Path fresh = Files.createDirectory(dir.resolve(".out.staging-" + live));
    assertEquals(live, EndedProcesses.liveOther(fresh, ".out.staging-", ""), "made while its process ran");
    assertFalse(EndedProcesses.leftBy(fresh, ".out.staging-", ""));
    // last changed long before that process started: a killed run's folder whose id was given again
    Files.setLastModifiedTime(fresh, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    assertEquals(0, EndedProcesses.liveOther(fresh, ".out.staging-", ""));
    assertTrue(EndedProcesses.leftBy(fresh, ".out.staging-", ""));
  }
}
