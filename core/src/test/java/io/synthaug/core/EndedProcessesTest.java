package io.synthaug.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
