package io.synthaug.plugins.gan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory from {@code /proc/self/status}, for leak checks. */
final class MemoryProbe {

  private MemoryProbe() {
  }

  /** VmRSS in kB, or -1 where {@code /proc} is unavailable. */
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
