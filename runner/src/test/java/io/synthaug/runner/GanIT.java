package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.IdxFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gan stage through the distribution: kill and resume, and the inputs it refuses. */
class GanIT {

  @TempDir
  Path dir;

  @BeforeEach
  void data() throws Exception {
    Dist.writeIdx(dir.resolve("data/i.gz"), dir.resolve("data/l.gz"), 16, 28);
  }

  private Path spec(String name, String gan, String input) throws Exception {
    return Dist.write(dir.resolve(name), """
        {"seed": 5, "input": %s, "output": {"path": "%s"},
         "stages": [{"id": "g", "type": "gan", "params": %s}]}
        """.formatted(input, name.replace(".json", "-out"), gan));
  }

  private static final String IDX = "{\"format\": \"idx\", \"images\": \"data/i.gz\", \"labels\": \"data/l.gz\"}";
  private static final String TINY = """
      {"steps": %d, "batchSize": 8, "baseChannels": 4, "zDim": 8, "checkpointEvery": 20, "gridEvery": 0,
       "judgeEpochs": 0, "sample": {"perClass": 3}}""";

  @Test
  void killedRunResumesToTheSameGenerator() throws Exception {
    Path whole = spec("whole.json", TINY.formatted(600), IDX);
    Dist.Result w = Dist.runner(dir, "run", whole.toString(), "--device", "cpu");
    assertEquals(0, w.code(), w.all());

    Path broken = spec("broken.json", TINY.formatted(600), IDX);
    Path checkpoint = dir.resolve(".broken-out.checkpoints/g/training.ckpt");
    List<String> cmd = new ArrayList<>(List.of(Dist.HOME.resolve("bin/runner").toString(), "run", broken.toString(),
        "--device", "cpu"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the run was still training when its first checkpoint appeared: "
        + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly().waitFor();
    assertFalse(Files.exists(dir.resolve("broken-out")), "a killed run leaves no output folder");
    Path killedStaging = dir.resolve(".broken-out.staging-" + p.pid());
    assertTrue(Files.isDirectory(killedStaging), "the killed run could not remove its staging folder");

    Dist.Result again = Dist.runner(dir, "run", broken.toString(), "--device", "cpu");
    assertEquals(8, again.code(), again.all());
    assertTrue(again.err().contains("--resume"), again.err());
    assertFalse(Files.exists(killedStaging), "the next run clears a dead run's staging folder");
    assertTrue(again.err().contains("the staging folder of an interrupted run"), again.err());

    Dist.Result resumed = Dist.runner(dir, "run", broken.toString(), "--device", "cpu", "--resume");
    assertEquals(0, resumed.code(), resumed.all());
    assertTrue(resumed.err().contains("resuming training at step"), resumed.err());
    assertEquals(Hashes.sha256(dir.resolve("whole-out/artifacts/g/generator.onnx")),
        Hashes.sha256(dir.resolve("broken-out/artifacts/g/generator.onnx")),
        "the resumed run ends with the uninterrupted run's generator");
    assertFalse(Files.exists(dir.resolve(".broken-out.checkpoints")), "checkpoints go once the run succeeded");
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".broken-out.")).toList(),
          "nothing hidden is left beside the output");
    }
    assertTrue(Files.exists(dir.resolve("broken-out/artifacts/g/losses.csv")));
    assertTrue(Files.exists(dir.resolve("broken-out/artifacts/g/losses.png")));
    assertEquals(601, Files.readAllLines(dir.resolve("broken-out/artifacts/g/losses.csv")).size(),
        "the loss history survives the resume");
    var run = io.synthaug.core.spec.Json.mapper().readTree(dir.resolve("broken-out/run.json").toFile());
    assertTrue(run.get("resumed").asBoolean(), run.toString());
    assertTrue(run.get("stages").get("g").get("resumedFromStep").asInt() >= 20, run.toString());
    assertFalse(run.get("stages").get("g").has("resumeWarning"), "resumed on the same machine: " + run);
  }

  @Test
  void judgeMeasuresLabelAgreementAndArtifactsAreWritten() throws Exception {
    Path s = spec("judged.json", TINY.formatted(10).replace("\"judgeEpochs\": 0", "\"judgeEpochs\": 2")
        .replace("\"gridEvery\": 0", "\"gridEvery\": 5"), IDX);
    Dist.Result r = Dist.runner(dir, "run", s.toString(), "--device", "cpu");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.err().contains("label agreement"), r.err());
    // No line of PyTorch's own ("[W<date> ...] Warning: ..."), whatever it says: the user reads only
    // the run's lines. (DJL's native NDArray.set printed one in every GAN run; the launcher's
    // TORCH_CPP_LOG_LEVEL keeps PyTorch's logged warnings, such as NNPACK's, out.)
    assertTrue(r.err().lines().noneMatch(l -> l.startsWith("[W")), r.err());
    var run = io.synthaug.core.spec.Json.mapper().readTree(dir.resolve("judged-out/run.json").toFile());
    double overall = run.get("metrics").get("g.labelAgreement.overall").asDouble();
    assertTrue(overall >= 0 && overall <= 1, run.toString());
    assertEquals(9, run.get("counts").get("bySource").get("g").asInt());
    for (String f : List.of("generator.onnx", "losses.csv", "losses.png", "real.png", "samples.png",
        "grid-step-0000005.png", "grid-step-0000010.png", "quality.json")) {
      assertTrue(Files.exists(dir.resolve("judged-out/artifacts/g/" + f)), f);
    }
    List<String> rows = Files.readAllLines(dir.resolve("judged-out/manifest.csv"));
    assertTrue(rows.stream().anyMatch(l -> l.contains(",g,gan,") && l.contains("generatorSha256")), rows.get(50));
    assertEquals("cpu", run.get("device").asText());
    assertEquals("cpu", run.get("deviceRequested").asText());
    assertFalse(run.get("resumed").asBoolean());
    assertEquals("cpu", run.get("stages").get("g").get("devices").get("training").asText());
    assertEquals("cpu", run.get("stages").get("g").get("devices").get("sampling").asText());
    assertTrue(r.err().lines().anyMatch(l -> l.matches("sources: real \\d+, g 9")), r.err());

    // the recorded sampling seed makes `runner sample` draw the stage's images again, byte for byte
    String seed = run.get("stages").get("g").get("samplingSeed").asText();
    Dist.Result again = Dist.runner(dir, "sample", dir.resolve("judged-out/artifacts/g/generator.onnx").toString(),
        "--per-class", "3", "--seed", seed, "--out", "again", "--device", "cpu");
    assertEquals(0, again.code(), again.all());
    List<String> made = made(dir.resolve("judged-out"), "g");
    assertEquals(9, made.size());
    assertEquals(made, made(dir.resolve("again"), "sample"));
  }

  /** Class, seed and image hash of every image {@code source} made in an output, in manifest order. */
  private static List<String> made(Path output, String source) throws Exception {
    List<String> out = new ArrayList<>();
    for (String row : Files.readAllLines(output.resolve("manifest.csv"))) {
      String[] f = row.split(",", 7);
      if (f[3].equals(source)) {
        out.add(f[2] + " " + f[5] + " " + Hashes.sha256(output.resolve(f[0])));
      }
    }
    return out;
  }

  @Test
  void diffAugmentPoliciesComeFromTheirPluginAndAdaptivePIsRecorded() throws Exception {
    Path s = spec("da.json", TINY.formatted(12).replace("\"judgeEpochs\": 0", "\"judgeEpochs\": 0,"
        + " \"diffAugment\": \"color,translation,cutout\", \"adaptiveAugment\": true, \"adaptiveTarget\": 0.2,"
        + " \"adaptiveAdjustImages\": 64"), IDX);
    Dist.Result r = Dist.runner(dir, "run", s.toString(), "--device", "cpu");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.err().contains("DiffAugment 'color,translation,cutout' on real and fake images in both updates,"
        + " adaptive"), r.err());
    assertTrue(r.err().contains("adaptive DiffAugment ended at p"), r.err());
    List<String> csv = Files.readAllLines(dir.resolve("da-out/artifacts/g/losses.csv"));
    assertEquals("step,d_loss,g_loss,gradient_penalty,real_score,fake_score,augment_p,real_sign", csv.get(0));
    assertEquals(13, csv.size());
    // p starts at 0 and, with a low target and fast adjustment, has moved by the last step
    assertEquals(0.0, Double.parseDouble(csv.get(1).split(",")[6]));
    assertTrue(Double.parseDouble(csv.get(12).split(",")[6]) > 0, csv.get(12));
    var run = io.synthaug.core.spec.Json.mapper().readTree(dir.resolve("da-out/run.json").toFile());
    assertTrue(run.get("metrics").has("g.gan.augmentP.final"), run.get("metrics").toString());
  }

  @Test
  void unknownDiffAugmentPolicyIsASpecErrorWithItsPath() throws Exception {
    Path s = spec("zoom.json", TINY.formatted(5).replace("\"judgeEpochs\": 0", "\"judgeEpochs\": 0,"
        + " \"diffAugment\": \"color,zoom\""), IDX);
    Dist.Result r = Dist.runner(dir, "run", s.toString(), "--device", "cpu");
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[0].params.diffAugment") && r.err().contains("'zoom'")
        && r.err().contains("known policies: color, cutout, translation"), r.err());
    assertFalse(Files.exists(dir.resolve("zoom-out")), "nothing is written");
    // found when the spec is read, so validate reports it too, with the line
    Dist.Result v = Dist.runner(dir, "validate", s.toString());
    assertEquals(3, v.code(), v.all());
    assertTrue(v.err().contains("zoom.json:3") && v.err().contains("$.stages[0].params.diffAugment"), v.err());
  }

  @Test
  void resumeWithChangedSpecIsRefused() throws Exception {
    Path s = spec("s.json", TINY.formatted(600), IDX);
    Path checkpoint = dir.resolve(".s-out.checkpoints/g/training.ckpt");
    Process p = new ProcessBuilder(Dist.HOME.resolve("bin/runner").toString(), "run", s.toString(), "--device", "cpu")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("k.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    p.destroyForcibly().waitFor();
    assertTrue(Files.exists(checkpoint), Files.readString(dir.resolve("k.log")));
    spec("s.json", TINY.formatted(601), IDX);
    Dist.Result r = Dist.runner(dir, "run", s.toString(), "--device", "cpu", "--resume");
    assertEquals(5, r.code(), r.all());
    assertTrue(r.err().contains("training settings changed since the checkpoint in " + checkpoint
        + ": steps changed from 600 to 601; restore the spec"), r.err());
    assertTrue(Files.exists(checkpoint), "the checkpoint is kept for a later resume");
    assertTrue(r.err().contains("the checkpoints of stage 'g' stay in " + checkpoint.getParent().getParent()), r.err());

    // the stage renamed: refused before any stage runs, the checkpoint kept
    Dist.write(s, """
        {"seed": 5, "input": %s, "output": {"path": "s-out"},
         "stages": [{"id": "gan2", "type": "gan", "params": %s}]}
        """.formatted(IDX, TINY.formatted(600)));
    Dist.Result renamed = Dist.runner(dir, "run", s.toString(), "--device", "cpu", "--resume");
    assertEquals(3, renamed.code(), renamed.all());
    assertTrue(renamed.err().contains("holds checkpoints of stage 'g', but the spec has no stage of that id (its"
        + " stages: 'gan2')"), renamed.err());
    assertFalse(renamed.err().contains("train "), "no stage ran: " + renamed.err());
    assertTrue(Files.exists(checkpoint), "nothing is deleted");
  }

  @Test
  void refusedInputs() throws Exception {
    List<Sample> only = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      only.add(new Sample(Image.blank(28, 28, 1), 0, Origin.real("x#" + i)));
    }
    IdxFormat.write(new Dataset(List.of("only"), only), dir.resolve("data/one-i.gz"), dir.resolve("data/one-l.gz"));
    Dist.Result one = Dist.runner(dir, "run", spec("one.json", TINY.formatted(5),
        "{\"format\": \"idx\", \"images\": \"data/one-i.gz\", \"labels\": \"data/one-l.gz\"}").toString());
    assertEquals(5, one.code(), one.all());
    assertTrue(one.err().contains("needs at least 2 classes"), one.err());

    Dist.Result few = Dist.runner(dir, "run", spec("few.json", TINY.formatted(5).replace("\"batchSize\": 8", "\"batchSize\": 64"),
        IDX).toString());
    assertEquals(5, few.code(), few.all());
    assertTrue(few.err().contains("fewer than one batch of 64"), few.err());

    Dist.writeIdx(dir.resolve("data/small-i.gz"), dir.resolve("data/small-l.gz"), 16, 12);
    Dist.Result size = Dist.runner(dir, "run", spec("size.json", TINY.formatted(5),
        "{\"format\": \"idx\", \"images\": \"data/small-i.gz\", \"labels\": \"data/small-l.gz\"}").toString());
    assertEquals(5, size.code(), size.all());
    assertTrue(size.err().contains("28x28 or 32x32") && size.err().contains("12x12x1"), size.err());

    Dist.Result missing = Dist.runner(dir, "validate", spec("nosample.json", "{\"steps\": 5}", IDX).toString());
    assertEquals(3, missing.code(), missing.all());
    assertTrue(missing.err().contains("missing required field 'sample'"), missing.err());
  }
}
