package io.synthaug.core;

/**
 * Recognises the files and folders that a process names after its own id ({@code <prefix><pid>}
 * or {@code <prefix><pid><suffix>}) so that a later process can clear what a killed one left: a
 * name qualifies only when its process has ended. This process's own names and those of live
 * processes never qualify, so two runs at once leave each other alone. (A process id that the
 * system has since given to another process keeps the leftover until that process ends: the
 * safe side.)
 */
public final class EndedProcesses {

  private EndedProcesses() {
  }

  /** Whether {@code name} is {@code prefix + pid + suffix} of a process that has ended. */
  public static boolean leftBy(String name, String prefix, String suffix) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return false;
    }
    if (pid <= 0 || pid == ProcessHandle.current().pid()) {
      return false;
    }
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  /** This process's id, as it appears in the names it makes. */
  public static long self() {
    return ProcessHandle.current().pid();
  }
}
