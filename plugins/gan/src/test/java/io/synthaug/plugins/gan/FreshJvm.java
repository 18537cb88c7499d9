package io.synthaug.plugins.gan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a test-scope main class in a JVM of its own, on this test run's class path: what only a
 * fresh process shows (the first parallel math call, the warm-up's flag) needs one.
 */
final class FreshJvm {

  /** The process's exit code and its standard output, stripped (standard error is dropped). */
  record Result(int code, String out) {
  }

  private FreshJvm() {
  }

  static Result run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    return run(main, jvmOptions, Map.of(), args);
  }

  /**
   * As {@link #run(Class, List, String...)}, with {@code environment}'s variables set in the
   * child's environment, and removed where the value is empty.
   */
  static Result run(Class<?> main, List<String> jvmOptions, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    environment.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Result(p.waitFor(), out);
  }
}
