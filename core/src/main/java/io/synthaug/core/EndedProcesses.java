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
    long pid = pidIn(name, prefix, suffix);
    return pid > 0 && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  /**
   * The id of the live process, other than this one, whose name {@code name} is
   * ({@code prefix + pid + suffix}), or 0 when it is not such a name or that process has ended.
   */
  public static long liveOther(String name, String prefix, String suffix) {
    long pid = pidIn(name, prefix, suffix);
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : 0;
  }

  /** The process id in {@code name}, or 0 when it has none or it is this process's. */
  private static long pidIn(String name, String prefix, String suffix) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
      return 0;
    }
    long pid;
    try {
      pid = Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
    return pid <= 0 || pid == ProcessHandle.current().pid() ? 0 : pid;
  }

  /** This process's id, as it appears in the names it makes. */
  public static long self() {
    return ProcessHandle.current().pid();
  }
}
