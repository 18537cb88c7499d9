package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.data.IdxFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the built distribution's {@code bin/runner} as a user would, and makes small datasets. */
final class Dist {

  static final Path HOME = Path.of(System.getProperty("synthaug.dist", "target/dist")).toAbsolutePath();

  private Dist() {
  }

  /**
   * What a command printed and returned.
   *
   * @param code exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Runs {@code bin/runner args} in {@code workDir}. */
  static Result runner(Path workDir, String... args) throws IOException, InterruptedException {
    Path bin = HOME.resolve("bin/runner");
    assertTrue(Files.isExecutable(bin), "the distribution is built: " + bin);
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx2g");
    Path outFile = Files.createTempFile("runner-out", ".txt");
    Path errFile = Files.createTempFile("runner-err", ".txt");
    pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("runner did not finish: " + cmd);
    }
    Result r = new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    Files.delete(outFile);
    Files.delete(errFile);
    return r;
  }

  /** A small grayscale IDX dataset of {@code perClass} random-blob images for each of 3 classes. */
  static void writeIdx(Path images, Path labels, int perClass, int size) throws IOException {
    Files.createDirectories(images.getParent());
    Files.createDirectories(labels.getParent());
    SplittableRandom r = new SplittableRandom(99);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass * 3; i++) {
      float[] px = new float[size * size];
      int cy = 2 + r.nextInt(size - 4);
      int cx = 2 + r.nextInt(size - 4);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double d = Math.hypot(y - cy, x - cx);
          px[y * size + x] = Math.round((float) Math.max(0, 1 - d / (3 + i % 3)) * 255) / 255f;
        }
      }
      samples.add(new Sample(new Image(size, size, 1, px), i % 3, Origin.real("gen#" + i)));
    }
    IdxFormat.write(new Dataset(List.of("0", "1", "2"), samples), images, labels);
  }

  /** Every regular file under {@code root} with its bytes' hash, by relative path. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), io.synthaug.core.Hashes.sha256(p));
      }
    }
    return files;
  }

  /** Writes a text file. */
  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Reads a resource of the test class path as text. */
  static String resource(String name) throws IOException {
    try (InputStream in = Dist.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
