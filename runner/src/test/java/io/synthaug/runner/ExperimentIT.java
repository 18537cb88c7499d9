package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner experiment} end to end on a few MNIST digits with the classic stage and a tiny
 * GAN, and the HTML reports of {@code experiment} and {@code run} rendered in headless Chromium.
 */
class ExperimentIT {

  @TempDir
  Path dir;

  @BeforeEach
  void pipeline() throws Exception {
    // 20 digits a class; the GAN comes first so the classic stage also copies its images.
    Dist.write(dir.resolve("pipeline.json"), """
        {"seed": 3, "input": {"format": "mnist", "split": "train", "perClass": 20},
         "stages": [
           {"id": "gan", "type": "gan", "params": {"family": "cgan", "steps": 30, "batchSize": 16,
             "baseChannels": 4, "zDim": 8, "gridEvery": 0, "checkpointEvery": 1000, "judgeEpochs": 0,
             "sample": {"perClass": 40}}},
           {"id": "classic", "type": "classic", "params": {"copies": 1,
             "ops": [{"rotate": {"degrees": 10, "p": 0.5}}, {"translate": {"maxFraction": 0.1, "p": 0.5}}]}}]}""");
  }

  private Path experiment(String name, String arms, String extra) throws Exception {
    return Dist.write(dir.resolve(name), """
        {"pipeline": "pipeline.json",
         "test": {"format": "mnist", "split": "test", "perClass": 20},
         "arms": %s,
         "seeds": [1, 2],
         "classifier": {"maxSteps": 20, "batchSize": 16, "patience": 2, "convWidths": [8], "featureDim": 16},
         "output": {"path": "%s"}%s}""".formatted(arms, name.replace(".json", "-out"), extra));
  }

  private static final String ARMS = """
      {"real": [], "real+classic": ["classic"], "real+gan": ["gan"], "hybrid": ["classic", "gan"]}""";

  @Test
  void tinyExperimentWritesResultsAndAReportThatRendersInChromium() throws Exception {
    Path exp = experiment("exp.json", ARMS, ", \"ratios\": {\"stage\": \"gan\", \"values\": [0, 1, 2]}");
    Dist.Result r = Dist.runner(dir, "experiment", exp.toString(), "--device", "cpu");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("real+classic (baseline)"), r.out());
    assertTrue(r.out().contains("paired t test over seeds"), r.out());
    assertTrue(r.out().contains("verdict vs real+classic over 2 seeds (Holm-adjusted p < 0.05 and the 95 % CI clear"
        + " of 0): better: "), r.out());
    assertTrue(r.out().contains("with 2 seeds even a perfect result cannot reach p < 0.05 in the sign-flip test"),
        r.out());
    assertFalse(r.out().contains("inf"), "no infinite t: " + r.out());
    // 20 steps of 16 digits are 320 digits, under 2 epochs of even the 180 real ones: every arm is warned about
    assertTrue(r.err().contains("warning: arm 'hybrid' (1,160 training images) may be under-trained: its classifier"
        + " ended on the 20-step budget without early stopping (seed 1 after 0.3 epochs, seed 2 after 0.3); "),
        r.err());
    assertTrue(r.out().contains("warning: 7 arm(s) may be under-trained"), r.out());
    assertTrue(r.err().contains("seed 2 (2 of 2): running the pipeline"), r.err());
    assertTrue(r.err().contains("seed 1, arm hybrid:"), r.err());

    Path out = dir.resolve("exp-out");
    JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
    List<String> names = new ArrayList<>();
    results.get("arms").forEach(a -> names.add(a.get("name").asText()));
    assertEquals(List.of("real", "real+classic", "real+gan", "hybrid", "gan x0", "gan x1", "gan x2"), names);
    assertEquals(200, results.get("testImages").asInt());
    assertEquals(20, results.get("classifier").get("stepBudget").asInt());
    // 18 of 20 real digits a class train (2 stop early); the GAN adds 40 a class; classic copies
    // every real and GAN image, less the copies of the 20 held-out digits.
    int[] expected = {180, 180 + 180, 180 + 400, 180 + 180 + 400 + 400, 180, 180 + 180, 180 + 360};
    for (int i = 0; i < expected.length; i++) {
      JsonNode arm = results.get("arms").get(i);
      for (JsonNode n : arm.get("trainImages")) {
        assertEquals(expected[i], n.asInt(), arm.get("name").asText());
      }
      for (JsonNode acc : arm.get("accuracy")) {
        assertTrue(acc.asDouble() >= 0 && acc.asDouble() <= 1, arm.toString());
      }
      for (JsonNode steps : arm.get("steps")) {
        assertTrue(steps.asInt() <= 20, "the step budget holds: " + arm);
      }
      if (arm.get("name").asText().equals("real+classic")) {
        assertTrue(arm.get("vsBaseline").isNull());
      } else {
        JsonNode v = arm.get("vsBaseline");
        assertEquals(2, v.get("wins").asInt() + v.get("losses").asInt() + v.get("ties").asInt(), arm.toString());
        // two seeds with the same difference leave t and p undefined (null), never infinite and 0
        if (v.get("p").isNull()) {
          assertTrue(v.get("t").isNull() && v.get("ci95Low").isNull() && v.get("pHolm").isNull(), arm.toString());
        } else {
          assertTrue(v.get("p").asDouble() >= 0 && v.get("p").asDouble() <= 1, arm.toString());
          assertTrue(v.get("pHolm").asDouble() >= v.get("p").asDouble(), arm.toString());
          assertTrue(v.get("ci95Low").asDouble() <= v.get("meanDiff").asDouble()
              && v.get("meanDiff").asDouble() <= v.get("ci95High").asDouble(), arm.toString());
        }
        assertTrue(List.of(0.5, 1.0).contains(v.get("pSignFlip").asDouble()), "2 seeds: 2^(1 - 2) or 1: " + arm);
        assertTrue(List.of("better", "worse", "no clear difference").contains(v.get("verdict").asText()),
            arm.toString());
      }
      for (JsonNode epochs : arm.get("epochs")) {
        assertTrue(epochs.asDouble() > 0 && epochs.asDouble() < 2, "20 steps of 16 images: " + arm);
      }
    }
    assertEquals(results.get("arms").get(0).get("accuracy"), results.get("arms").get(4).get("accuracy"),
        "ratio 0 is the real-only arm");
    assertEquals(7, results.get("warnings").size(), results.get("warnings").toString());
    assertEquals(8, Files.readAllLines(out.resolve("results.csv")).size());
    for (String seed : List.of("1", "2")) {
      for (String f : List.of("gan/losses.csv", "gan/losses.png", "gan/generator.onnx")) {
        assertTrue(Files.isRegularFile(out.resolve("seeds/" + seed + "/artifacts/" + f)), seed + "/" + f);
      }
    }
    assertFalse(Files.exists(out.resolve("seeds/1/artifacts/.checkpoints")));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("staging")), "staging is gone");
    }

    String html = Files.readString(out.resolve("report.html"));
    selfContained(html);
    assertTrue(html.contains("Test accuracy by arm") && html.contains("Accuracy against the ratio"));
    assertTrue(html.contains("GAN training: gan (seed 1)") && html.contains("GAN training: gan (seed 2)"));
    // per seed: 10 classes x (real, gan, classic) grids and the loss chart; once: the ratio plot
    int pictures = 2 * (10 * 3 + 1) + 1;
    int[] seen = Chromium.images(out.resolve("report.html"), dir);
    assertEquals(pictures, seen[1], "every picture is in the page");
    assertEquals(pictures, seen[0], "every picture decodes in Chromium");
  }

  @Test
  void runReportRendersInChromium() throws Exception {
    Path spec = Dist.write(dir.resolve("run.json"), """
        {"seed": 3, "input": {"format": "mnist", "split": "train", "perClass": 5}, "output": {"path": "run-out"},
         "stages": [{"id": "classic", "type": "classic", "params": {"copies": 1,
           "ops": [{"rotate": {"degrees": 10, "p": 1}}]}}]}""");
    Dist.Result r = Dist.runner(dir, "run", spec.toString(), "--device", "cpu");
    assertEquals(0, r.code(), r.all());
    String html = Files.readString(dir.resolve("run-out/report.html"));
    selfContained(html);
    assertTrue(html.contains("<th>class</th><th>real</th><th>made by classic</th>"), html);
    int[] seen = Chromium.images(dir.resolve("run-out/report.html"), dir);
    assertEquals(20, seen[1], "10 classes x 2 sources");
    assertEquals(20, seen[0], "every picture decodes in Chromium");
  }

  /** One file: no scripts, no links, nothing fetched. */
  private static void selfContained(String html) {
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no linked style sheets");
    assertFalse(html.contains("url("), "no fetched resources in CSS");
    assertFalse(html.contains("src=\"http") || html.contains("src=\"file") || html.contains("href="),
        "pictures are inline");
    assertTrue(html.contains("src=\"data:image/png;base64,"));
  }

  @Test
  void armsNeedingAMissingStageAndTooFewSeedsAreNamed() throws Exception {
    Path exp = experiment("bad.json", """
        {"real": [], "real+classic": ["classic"],
         "real+gan": ["cgan"]}""", "");
    Dist.Result r = Dist.runner(dir, "experiment", exp.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("bad.json:4:15") && r.err().contains("at $.arms[\"real+gan\"][0]: no stage with id"
        + " 'cgan' in the pipeline; its stage ids are: gan, classic"), r.err());
    Path ok = experiment("ok.json", ARMS, "");
    Dist.Result checked = Dist.runner(dir, "experiment", ok.toString(), "--check");
    assertEquals(0, checked.code(), checked.all());
    assertTrue(checked.out().contains("ok: " + ok + " (4 arms, 0 sweep points, seeds [1, 2], baseline real+classic;"
        + " input 200 images, test 200 images, none of them in the input)"), checked.out());
    // the training digits as the test set: refused by --check, before any stage, naming the count
    Path leak = Dist.write(dir.resolve("leak.json"), Files.readString(ok).replace("\"split\": \"test\"",
        "\"split\": \"train\"").replace("ok-out", "leak-out"));
    Dist.Result leaked = Dist.runner(dir, "experiment", leak.toString(), "--check");
    assertEquals(3, leaked.code(), leaked.all());
    assertTrue(leaked.err().contains("leak.json:2:") && leaked.err().contains("at $.test: 200 of the 200 test images"
        + " (100.0 %) have the very pixels of an image of the pipeline's input"), leaked.err());
    // an output folder the run would refuse: --check says so (exit 8), validate notes it
    Files.createDirectories(dir.resolve("ok-out"));
    Dist.Result exists = Dist.runner(dir, "experiment", ok.toString(), "--check");
    assertEquals(8, exists.code(), exists.all());
    Dist.Result validated = Dist.runner(dir, "validate", ok.toString());
    assertEquals(0, validated.code(), validated.all());
    assertTrue(validated.out().contains("output folder " + dir.resolve("ok-out") + " exists: the run needs --force"),
        validated.out());
    Files.delete(dir.resolve("ok-out"));
    Path example = Path.of(System.getProperty("synthaug.examples", "../examples"), "mnist-experiment.json");
    Dist.Result shipped = Dist.runner(dir, "experiment", example.toString(), "--check");
    assertEquals(0, shipped.code(), shipped.all());
    assertTrue(shipped.out().contains("(4 arms, 6 sweep points, seeds [1, 2, 3], baseline real+classic; input 3,000"
        + " images, test 7,000 images, none of them in the input)"),
        shipped.out());
    Path gated = example.resolveSibling("mnist-experiment-gated.json");
    Dist.Result gatedCheck = Dist.runner(dir, "experiment", gated.toString(), "--check");
    assertEquals(0, gatedCheck.code(), gatedCheck.all());
    assertTrue(gatedCheck.out().contains("(4 arms, 0 sweep points, seeds [1, 2, 3], baseline real+classic;"),
        gatedCheck.out());
    Dist.Result seeds = Dist.runner(dir, "experiment", ok.toString(), "--seeds", "7");
    assertEquals(2, seeds.code(), "a bad command line: " + seeds.all());
    assertTrue(seeds.err().contains("Invalid value for option '--seeds': an experiment needs at least 2 seeds"),
        seeds.err());
    assertFalse(Files.exists(dir.resolve("ok-out")));
  }
}
