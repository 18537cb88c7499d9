package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner sample} on a small generator written with the project's ONNX writer. */
class SampleIT {

  @TempDir
  Path dir;

  /** A tiny conditional generator: [noise, embedding(label)] -> Gemm -> Tanh -> 1x4x4 image. */
  private Path generator(String name) throws Exception {
    int z = 4;
    int classes = 3;
    int emb = 2;
    OnnxGraphBuilder g = new OnnxGraphBuilder("tiny");
    GeneratorOnnxContract.declare(g, z, classes, 1, 4, 4, GeneratorOnnxContract.OutputRange.TANH);
    g.metadata(GeneratorOnnxContract.META_CLASS_NAMES, "[\"cat\",\"dog\",\"emu\"]");
    OnnxLayers l = new OnnxLayers(g);
    SplittableRandom r = new SplittableRandom(1);
    float[] table = random(r, classes * emb);
    float[] w = random(r, 16 * (z + emb));
    float[] b = random(r, 16);
    String e = l.embedding("emb", GeneratorOnnxContract.LABEL, table, classes, emb);
    String h = l.linear("fc", l.concat(1, GeneratorOnnxContract.NOISE, e), w, b, 16, z + emb);
    l.rename(l.reshape(l.tanh(h), -1, 1, 4, 4), GeneratorOnnxContract.IMAGE);
    Path file = dir.resolve(name);
    g.write(file);
    return file;
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  @Test
  void samplesEveryClassReproduciblyWithProvenance() throws Exception {
    Path gen = generator("gen.onnx");
    Dist.Result a = Dist.runner(dir, "sample", gen.toString(), "--per-class", "5", "--seed", "9", "--out", "a", "--device", "cpu");
    assertEquals(0, a.code(), a.all());
    assertFalse(a.err().contains("sample sample"), a.err());
    Dist.Result b = Dist.runner(dir, "sample", gen.toString(), "--per-class", "5", "--seed", "9", "--out", "b", "--device", "cpu");
    assertEquals(0, b.code(), b.all());
    Dist.Result c = Dist.runner(dir, "sample", gen.toString(), "--per-class", "5", "--seed", "10", "--out", "c", "--device", "cpu");
    assertEquals(0, c.code(), c.all());
    // device auto: CUDA is tried first; where it is missing the one fallback line names the real cause
    Dist.Result auto = Dist.runner(dir, "sample", gen.toString(), "--per-class", "1", "--out", "d", "--device", "auto");
    assertEquals(0, auto.code(), auto.all());
    assertFalse(auto.err().contains("DefaultLogger"), auto.err());
    Map<String, String> ta = Dist.tree(dir.resolve("a"));
    assertEquals(ta, Dist.tree(dir.resolve("b")), "one seed, one output");
    assertNotEquals(ta, Dist.tree(dir.resolve("c")));
    assertEquals(15, ta.keySet().stream().filter(k -> k.endsWith(".png")).count());
    assertTrue(ta.containsKey("images/emu/000014.png"), ta.keySet().toString());
    List<String> rows = Files.readAllLines(dir.resolve("a/manifest.csv"));
    assertTrue(rows.get(1).contains(",cat,sample,sample,"), rows.get(1));
    assertTrue(rows.get(1).contains("generatorSha256"), rows.get(1));
    JsonNode run = Json.mapper().readTree(dir.resolve("a/run.json").toFile());
    assertEquals("tanh", run.get("generatorMetadata").get(GeneratorOnnxContract.META_OUTPUT_RANGE).asText());
  }

  @Test
  void anOutputHoldingTheGeneratorIsNeverReplaced() throws Exception {
    Path run = Files.createDirectories(dir.resolve("gan-run/artifacts/cgan"));
    Files.writeString(dir.resolve("gan-run/run.json"), "{}");
    Path gen = Files.move(generator("gen.onnx"), run.resolve("generator.onnx"));
    Dist.Result r = Dist.runner(dir, "sample", gen.toString(), "--per-class", "1", "--out", "gan-run", "--force",
        "--device", "cpu");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("holds the generator " + gen), r.err());
    assertTrue(Files.isRegularFile(gen), "the GAN run is untouched");
  }

  @Test
  void autoDeviceWithoutCudaFallsBackAndSaysSo() throws Exception {
    Path gen = generator("gen.onnx");
    Dist.Result r = Dist.runner(dir, "sample", gen.toString(), "--per-class", "1", "--out", "o");
    assertEquals(0, r.code(), r.all());
    // this machine has no CUDA: one line says the CPU is used; with CUDA none is printed
    long lines = r.err().lines().filter(l -> l.contains("runs on the CPU")).count();
    assertTrue(lines <= 1, r.err());
  }

  @Test
  void corruptOrForeignModelsAreInputErrors() throws Exception {
    Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Dist.Result r = Dist.runner(dir, "sample", junk.toString(), "--per-class", "1", "--out", "o", "--device", "cpu");
    assertEquals(4, r.code(), r.all());
    assertTrue(r.err().contains("junk.onnx"), r.err());
    assertFalse(Files.exists(dir.resolve("o")));

    OnnxGraphBuilder g = new OnnxGraphBuilder("foreign");
    g.input("x", OnnxGraphBuilder.FLOAT, 1, 4);
    g.output("y", OnnxGraphBuilder.FLOAT, 1, 4);
    g.node("Relu", List.of("x"), List.of("y"), Map.of());
    Path foreign = dir.resolve("foreign.onnx");
    g.write(foreign);
    Dist.Result f = Dist.runner(dir, "sample", foreign.toString(), "--per-class", "1", "--out", "o", "--device", "cpu");
    assertEquals(4, f.code(), f.all());
    assertTrue(f.err().contains("foreign.onnx"), f.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }
}
