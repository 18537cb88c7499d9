package io.synthaug.runner;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fid-gate stage through the distribution, with a user ONNX extractor built here (the 16
 * means of 7x7 blocks of a 28x28 image). The data make a left-right flip harmless to classes 0
 * and 1 (blobs anywhere, a distribution the mirror maps onto itself) and harmful to class 2 (a
 * blob always on the left, which the mirror moves to the right), so a flip stage fails exactly in
 * class 2.
 */
class FidGateIT {

  @TempDir
  Path dir;

  @BeforeEach
  void data() throws Exception {
    SplittableRandom r = new SplittableRandom(3);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      int label = i % 3;
      int cy = label == 2 ? 14 : 4 + r.nextInt(20);
      int cx = label == 2 ? 6 : 4 + r.nextInt(20);
      double radius = label == 2 ? 3 + r.nextDouble() * 2 : 4;
      float[] px = new float[28 * 28];
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          px[y * 28 + x] = Math.round((float) Math.max(0, 1 - Math.hypot(y - cy, x - cx) / radius) * 255) / 255f;
        }
      }
      samples.add(new Sample(new Image(28, 28, 1, px), label, Origin.real("gen#" + i)));
    }
    Files.createDirectories(dir.resolve("data"));
    IdxFormat.write(new Dataset(List.of("0", "1", "2"), samples), dir.resolve("data/i.gz"), dir.resolve("data/l.gz"));
    OnnxGraphBuilder g = new OnnxGraphBuilder("blocks").input("image", FLOAT, List.of("batch", 1, 28, 28));
    String pooled = g.op("AveragePool", List.of("image"), Map.of("kernel_shape", new long[] {7, 7},
        "strides", new long[] {7, 7}));
    g.node("Flatten", List.of(pooled), List.of("blocks"), Map.of("axis", 1));
    g.output("blocks", FLOAT, List.of("batch", 16));
    g.write(dir.resolve("blocks.onnx"));
  }

  private Path spec(String name, String action) throws Exception {
    return Dist.write(dir.resolve(name), """
        {"seed": 9, "input": {"format": "idx", "images": "data/i.gz", "labels": "data/l.gz"},
         "output": {"path": "%s"},
         "stages": [{"id": "flip", "type": "classic", "params": {"ops": [{"hflip": {"p": 1.0}}]}},
                    {"id": "gate", "type": "fid-gate",
                     "params": {"extractor": "onnx", "extractorParams": {"path": "blocks.onnx"},
                                "maxRatio": 3, "action": "%s"}}]}
        """.formatted(name.replace(".json", "-out"), action));
  }

  @Test
  void dropClassRemovesExactlyTheFailingClass() throws Exception {
    Dist.Result r = Dist.runner(dir, "run", spec("drop.json", "drop-class").toString(), "--device", "cpu");
    assertEquals(0, r.code(), r.all());
    Map<String, Integer> counts = new TreeMap<>();
    List<String> rows = Files.readAllLines(dir.resolve("drop-out/manifest.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      counts.merge(f[3] + "/" + f[2], 1, Integer::sum);
    }
    assertEquals(Map.of("flip/0", 80, "flip/1", 80, "real/0", 80, "real/1", 80, "real/2", 80), counts);

    JsonNode gate = Json.mapper().readTree(dir.resolve("drop-out/artifacts/gate/gate.json").toFile());
    assertEquals("dropped-classes", gate.get("decision").asText());
    assertEquals("onnx:blocks.onnx#blocks", gate.get("extractor").asText());
    JsonNode flip = gate.get("measured").get(0);
    assertEquals("[\"2\"]", flip.get("droppedClasses").toString());
    assertTrue(flip.get("perClass").get("0").get("passed").asBoolean(), flip.toString());
    assertTrue(flip.get("perClass").get("1").get("passed").asBoolean(), flip.toString());
    assertTrue(r.err().contains("[gate] dropped class '2' of source 'flip' (80 images): FID"), r.err());
    JsonNode metrics = Json.mapper().readTree(dir.resolve("drop-out/run.json").toFile()).get("metrics");
    assertEquals(0.0, metrics.get("gate.gate.passed").asDouble());
    assertTrue(metrics.has("gate.fid.flip.2"), metrics.toString());
  }

  @Test
  void failStopsWithExitCodeSixAndWritesNothing() throws Exception {
    Dist.Result r = Dist.runner(dir, "run", spec("fail.json", "fail").toString(), "--device", "cpu");
    assertEquals(6, r.code(), r.all());
    assertTrue(r.err().contains("beyond the gate's threshold"), r.err());
    assertTrue(r.err().contains("; sources failing: flip; "), r.err());
    assertFalse(Files.exists(dir.resolve("fail-out")), "a failed gate leaves no output folder");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".fail-out")).toList(),
          "no staging folder stays behind");
    }
  }

  @Test
  void aTrainShareThatLeavesNoRealImageIsASpecErrorBeforeTheFirstStage() throws Exception {
    // one real image a class: the classifier extractor's default trainShare 0.5 takes round(0.5) = 1 of each
    Path spec = Dist.write(dir.resolve("share.json"), """
        {"seed": 9, "input": {"format": "idx", "images": "data/i.gz", "labels": "data/l.gz", "perClass": 1},
         "output": {"path": "share-out"},
         "stages": [{"id": "flip", "type": "classic", "params": {"ops": [{"hflip": {"p": 1.0}}]}},
                    {"id": "gate", "type": "fid-gate", "params": {"maxRatio": 3}}]}
        """);
    Dist.Result r = Dist.runner(dir, "run", spec.toString(), "--device", "cpu");
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[1].params.trainShare: 0.500 of each class's real images (rounded) train the"
        + " classifier extractor, 3 of the 3, which leaves 0 for the gate to measure with"), r.err());
    assertFalse(r.err().contains("[flip]"), "no stage ran: " + r.err());
    assertFalse(Files.exists(dir.resolve("share-out")));
  }

  @Test
  void unknownExtractorAndItsParamsAreFoundByValidate() throws Exception {
    Path unknown = Dist.write(dir.resolve("unknown.json"), Files.readString(spec("u.json", "fail"))
        .replace("\"extractor\": \"onnx\"", "\"extractor\": \"inception\""));
    Dist.Result r = Dist.runner(dir, "validate", unknown.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[1].params.extractor") && r.err().contains("'inception'")
        && r.err().contains("known extractors: classifier, onnx"), r.err());
    Path typo = Dist.write(dir.resolve("typo.json"), Files.readString(spec("t.json", "fail"))
        .replace("\"path\": \"blocks.onnx\"", "\"path\": \"blocks.onnx\", \"outptu\": \"blocks\""));
    r = Dist.runner(dir, "validate", typo.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[1].params.extractorParams") && r.err().contains("outptu")
        && r.err().contains("has no such parameter"), r.err());
  }
}
