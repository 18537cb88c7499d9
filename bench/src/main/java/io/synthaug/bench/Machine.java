package io.synthaug.bench;

import io.synthaug.core.ProcFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine and the JVM that a reader needs to weigh the numbers. */
public final class Machine {

  private Machine() {
  }

  /** Cores, CPU model, memory, OS, Java version, the JVM's flags and both sides' malloc settings. */
  public static Map<String, Object> describe() {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("cores", Runtime.getRuntime().availableProcessors());
    facts.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    facts.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    facts.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    facts.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    String tunables = System.getenv("GLIBC_TUNABLES");
    facts.put("javaGlibcTunables", tunables == null ? "none" : tunables);
    facts.put("peerGlibcTunables", Peer.tunables());
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    facts.put("onednnMaxCpuIsa", isa == null ? "unset" : isa);
    return facts;
  }

  /**
   * The 1, 5 and 15 minute load averages, the number the other builds on a shared machine
   * push up; empty where {@code /proc/loadavg} cannot be read.
   */
  public static List<Double> loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      return ProcFiles.firstValue(file, key).orElse("unknown");
    } catch (UncheckedIOException e) {
      return "unknown (" + file + ": " + e.getCause().getMessage() + ")";
    }
  }
}
