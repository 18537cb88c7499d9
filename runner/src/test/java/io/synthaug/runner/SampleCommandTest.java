package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner sample} refusing what it cannot do before it samples: counts no run can hold or
 * no heap can, models that are no generator, a folder. In-process, without the distribution.
 */
class SampleCommandTest {

  @TempDir
  Path dir;

  private record Result(int code, String err) {
  }

  private static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out + err.toString());
  }

  /** A 3-class generator of 4x4 gray images: noise (16 values) -> Tanh -> image. */
  private Path generator() throws Exception {
    return generator(null);
  }

  /** As {@link #generator()}, with {@code classNames} (a JSON list) in its metadata when not null. */
  private Path generator(String classNames) throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("tiny");
    if (classNames != null) {
      g.metadata(GeneratorOnnxContract.META_CLASS_NAMES, classNames);
    }
    GeneratorOnnxContract.declare(g, 16, 3, 1, 4, 4, GeneratorOnnxContract.OutputRange.TANH);
    OnnxLayers l = new OnnxLayers(g);
    l.rename(l.reshape(l.tanh(GeneratorOnnxContract.NOISE), -1, 1, 4, 4), GeneratorOnnxContract.IMAGE);
    Path file = dir.resolve("gen.onnx");
    g.write(file);
    return file;
  }

  @Test
  void aClassNameNoFolderCanHaveIsRefusedBeforeSampling() throws Exception {
    Result r = execute("sample", generator("[\"zero\", \"a/b\", \"two\"]").toString(), "--per-class", "2",
        "--out", dir.resolve("s").toString(), "--device", "cpu");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("gen.onnx") && r.err().contains("metadata synthaug.class_names: ")
        && r.err().contains("a/b"), r.err());
    assertFalse(r.err().contains("sample gen.onnx"), "refused before sampling: " + r.err());
    assertFalse(Files.exists(dir.resolve("s")));
  }

  @Test
  void moreImagesThanARunHoldsIsABadPerClassNotAnInternalError() throws Exception {
    Result r = execute("sample", generator().toString(), "--per-class", "1000000000", "--out",
        dir.resolve("s").toString(), "--device", "cpu");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("Invalid value for option '--per-class': 1,000,000,000 a class for 3 classes is"
        + " 3,000,000,000 images, more than one run can hold (2,147,483,639); ask for at most 715,827,879 a class"),
        r.err());
    assertFalse(Files.exists(dir.resolve("s")));
  }

  @Test
  void moreImagesThanTheHeapHoldsAreRefusedBeforeSampling() throws Exception {
    // 900 million images of 4x4 need about 1.4 TB: no test JVM has that
    Result r = execute("sample", generator().toString(), "--per-class", "300000000", "--out",
        dir.resolve("s").toString(), "--device", "cpu");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("Invalid value for option '--per-class': 300,000,000 a class for 3 classes is"
        + " 900,000,000 images of 4x4x1, which need about 1440.0 GB of memory (every image is held until the output"
        + " is written), more than the "), r.err());
    assertTrue(r.err().contains(" this Java runtime can still use; ask for at most "), r.err());
    assertTrue(r.err().contains(" a class, or give Java more memory (JAVA_OPTS=-Xmx"), r.err());
    assertFalse(r.err().contains("sample gen.onnx"), "no sampling started: " + r.err());
    assertFalse(Files.exists(dir.resolve("s")));
  }

  @Test
  void theMostPerClassFitsTheHeapItIsGiven() {
    // 4x4x1: 64 bytes of pixels + 1,536 of overhead an image, 3 classes: 4,800 bytes a class
    assertEquals(1000, SampleCommand.mostPerClass(3, 4, 4, 1, 4_800_000));
    assertEquals(0, SampleCommand.mostPerClass(3, 4, 4, 1, -5));
    assertEquals("300 MB", SampleCommand.bytes(300_000_000));
    assertEquals("4.2 GB", SampleCommand.bytes(4_200_000_000L));
  }

  @Test
  void aFolderGivenAsTheModelIsNamedAsOne() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("artifacts"));
    Result r = execute("sample", folder.toString(), "--per-class", "1", "--out", dir.resolve("s").toString());
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains(folder + ": is a folder, not a generator file; give the generator.onnx a gan stage"
        + " wrote (artifacts/<stage-id>/generator.onnx in its run's output)"), r.err());
  }

  @Test
  void anEmptyModelIsNotAReadableOnnxModel() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.onnx"));
    Result r = execute("sample", empty.toString(), "--per-class", "1", "--out", dir.resolve("s").toString(),
        "--device", "cpu");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains(empty + ": is empty (0 bytes), not a readable ONNX model"), r.err());
    assertFalse(r.err().contains("onnxruntime::"), r.err());
  }
}
