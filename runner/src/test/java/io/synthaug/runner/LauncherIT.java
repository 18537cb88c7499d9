package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment {@code bin/runner} gives the JVM, read by a stand-in {@code java} (through
 * {@code JAVA_HOME}) that prints it instead of starting anything.
 */
class LauncherIT {

  private static final String TUNABLES = "GLIBC_TUNABLES";
  private static final String ISA = "ONEDNN_MAX_CPU_ISA";
  /** The folder whose absence means "no CPU cache layout" to bin/onednn-isa.sh. */
  private static final String CACHE_DIR = "SYNTHAUG_CPU_CACHE_DIR";
  /** glibc's own loader, which lists the malloc settings it took from the environment. */
  private static final Path LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");

  @TempDir
  Path dir;

  @Test
  void setsBothMallocThresholdsTogetherAndGlibcTakesThem() throws Exception {
    Map<String, String> env = launch(Map.of());
    String tunables = env.get(TUNABLES);
    // Either threshold alone also switches off glibc's adaptive threshold and leaves the other at
    // its 128 KiB default: a thread's 1 MiB blocks then faulted in about 80x more pages, not fewer.
    assertTrue(tunables.matches("glibc\\.malloc\\.mmap_threshold=\\d+:glibc\\.malloc\\.trim_threshold=\\d+"),
        tunables);
    assertEquals("true", env.get("DJL_OFFLINE"));
    assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));

    assumeTrue(Files.isExecutable(LOADER), "glibc's x86-64 loader is not at " + LOADER);
    ProcessBuilder pb = new ProcessBuilder(LOADER.toString(), "--list-tunables");
    pb.environment().put(TUNABLES, tunables);
    String listed = output(pb);
    assertTrue(listed.contains("glibc.malloc.mmap_threshold: 0x4000000 "), listed);
    assertTrue(listed.contains("glibc.malloc.trim_threshold: 0x10000000 "), listed);
  }

  @Test
  void aUsersTunablesWinAndAnEmptyValueTurnsThemOff() throws Exception {
    assertEquals("glibc.malloc.arena_max=2", launch(Map.of(TUNABLES, "glibc.malloc.arena_max=2")).get(TUNABLES));
    assertEquals("", launch(Map.of(TUNABLES, "")).get(TUNABLES));
  }

  @Test
  void limitsOneDnnToAvx2OnlyWhereTheCpuReportsNoCacheLayout() throws Exception {
    assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
        "the limit is for x86-64 Linux");
    Path missing = dir.resolve("no-such-cache-folder");
    assertEquals("AVX2", launch(Map.of(CACHE_DIR, missing.toString())).get(ISA));
    assertFalse(launch(Map.of(CACHE_DIR, dir.toString())).containsKey(ISA));
  }

  @Test
  void aUsersOneDnnLimitWinsAndAnEmptyOneLetsOneDnnChoose() throws Exception {
    Path missing = dir.resolve("no-such-cache-folder");
    assertEquals("AVX", launch(Map.of(CACHE_DIR, missing.toString(), ISA, "AVX")).get(ISA));
    assertFalse(launch(Map.of(CACHE_DIR, missing.toString(), ISA, "")).containsKey(ISA));
  }

  @Test
  void givesJavaAUtf8LocaleOnlyWhereNoneIsSet() throws Exception {
    List<String> locale = List.of("LC_ALL", "LC_CTYPE", "LANG");
    Map<String, String> env = launch(Map.of(), locale);
    assertEquals("C.UTF-8", env.get("LC_CTYPE"));
    assertFalse(env.containsKey("LC_ALL") || env.containsKey("LANG"), env.toString());
    assertEquals("POSIX", launch(Map.of("LANG", "POSIX"), locale).get("LANG"));
    assertFalse(launch(Map.of("LANG", "POSIX"), locale).containsKey("LC_CTYPE"));
    assertEquals("C", launch(Map.of("LC_ALL", "C"), locale).get("LC_ALL"));

    // and Java 17 takes its file-name encoding from it (no -D option can set that)
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XshowSettings:properties", "-version");
    locale.forEach(pb.environment()::remove);
    String bare = output(pb);
    assumeTrue(!bare.contains("sun.jnu.encoding = UTF-8"), "this Java uses UTF-8 without a locale");
    pb.environment().put("LC_CTYPE", "C.UTF-8");
    String set = output(pb);
    assertTrue(set.contains("sun.jnu.encoding = UTF-8"), set);
  }

  /** Runs the built {@code bin/runner} with a {@code java} that prints its environment. */
  private Map<String, String> launch(Map<String, String> extra) throws IOException, InterruptedException {
    return launch(extra, List.of());
  }

  /** As {@link #launch(Map)}, with the variables {@code unset} removed from the environment first. */
  private Map<String, String> launch(Map<String, String> extra, List<String> unset)
      throws IOException, InterruptedException {
    Path bin = Dist.HOME.resolve("bin/runner");
    assertTrue(Files.isExecutable(bin), "the distribution is built: " + bin);
    Path javaHome = dir.resolve("jdk");
    Path java = javaHome.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nexec env\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--version");
    pb.environment().remove(TUNABLES);
    pb.environment().remove("OMP_WAIT_POLICY");
    pb.environment().remove("DJL_OFFLINE");
    // the tests' own limit (the root pom's onednn-avx profile) must not reach the launcher
    pb.environment().remove(ISA);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    unset.forEach(pb.environment()::remove);
    pb.environment().putAll(extra);
    Map<String, String> env = new HashMap<>();
    for (String line : output(pb).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertTrue(env.containsKey(TUNABLES), "the launcher exports " + TUNABLES + ": " + env.keySet());
    return env;
  }

  private static String output(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "finished: " + List.copyOf(pb.command()));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
