package io.synthaug.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Recognises the files and folders that a process names after its own id ({@code <prefix><pid>}
 * or {@code <prefix><pid><suffix>}) so that a later process can clear what a killed one left: a
 * name qualifies only when its process has ended. This process's own names and those of live
 * processes never qualify, so two runs at once leave each other alone. Where the entry itself is
 * at hand ({@link #leftBy(Path, String, String)}), a live process that started after the entry
 * was last changed is not its maker: the system gave the ended maker's id to it, and the entry
 * counts as left behind. By name alone, such an entry is kept until that process ends: the safe
 * side.
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

  /**
   * Whether {@code entry}, named {@code prefix + pid + suffix}, was left by a process that has
   * ended: its process is gone, or the live process of that id started after the entry was last
   * changed, so it cannot have made it.
   */
  public static boolean leftBy(Path entry, String prefix, String suffix) {
    long pid = pidIn(entry.getFileName().toString(), prefix, suffix);
    return pid > 0 && !madeBy(entry, pid);
  }

  /**
   * The id of the live process, other than this one, that made {@code entry} (named
   * {@code prefix + pid + suffix}), or 0: not such a name, that process has ended, or it started
   * after the entry was last changed (a reused id).
   */
  public static long liveOther(Path entry, String prefix, String suffix) {
    long pid = pidIn(entry.getFileName().toString(), prefix, suffix);
    return pid > 0 && madeBy(entry, pid) ? pid : 0;
  }

  /**
   * Whether the live process {@code pid} may have made {@code entry}: it is alive and it started
   * no later than the entry's last change (a second of slack for coarse clocks; a process whose
   * start the system does not tell counts as the maker).
   */
  private static boolean madeBy(Path entry, long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      return false;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    if (started.isEmpty()) {
      return true;
    }
    try {
      Instant changed = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
      return !started.get().isAfter(changed.plusSeconds(1));
    } catch (IOException e) {
      // gone or unreadable: whoever made it is not to be refused on its account
      return false;
    }
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
