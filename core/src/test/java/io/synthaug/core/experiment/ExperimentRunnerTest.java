package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.SpecException;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.ConsoleProgress;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.ExperimentReader;
import io.synthaug.core.spec.Json;
import io.synthaug.core.testing.TestStages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole experiment on tiny images with test stages standing in for classic and GAN augmentation. */
class ExperimentRunnerTest {

  @TempDir
  static Path dir;

  static PluginHost host;
  static ByteArrayOutputStream logged = new ByteArrayOutputStream();
  static ExperimentRunner runner;

  @BeforeAll
  static void setUp() throws Exception {
    host = PluginHost.load(null, List.of(new TestStages.Brighten()), List.of());
    PrintStream log = new PrintStream(logged, true);
    runner = new ExperimentRunner(host, new RunLog(log, false), new ConsoleProgress(log, false, 60_000));
    write(dir.resolve("train"), List.of("a", "b"), 20, 1);
    write(dir.resolve("test"), List.of("a", "b"), 10, 2);
    write(dir.resolve("other"), List.of("a", "b", "c"), 4, 3);
    Files.writeString(dir.resolve("pipeline.json"), """
        {"seed": 99, "input": {"format": "idx", "images": "train-i.gz", "labels": "train-l.gz", "classes": ["a", "b"]},
         "stages": [
           {"id": "classic", "type": "brighten", "params": {"amount": 0.05}},
           {"id": "gan", "type": "brighten", "params": {"amount": 0.1, "copies": 3, "which": "real-only"}}]}""");
  }

  @AfterAll
  static void tearDown() {
    host.close();
  }

  /** Class a is a bright top half, class b a bright bottom half, with noise. */
  private static void write(Path prefix, List<String> classes, int perClass, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass * classes.size(); i++) {
      int label = i % classes.size();
      float[] px = new float[36];
      for (int p = 0; p < 36; p++) {
        boolean top = p < 18;
        px[p] = Math.round((float) Math.min(1, (label == 0) == top ? 0.7 + 0.3 * r.nextDouble()
            : 0.3 * r.nextDouble()) * 255) / 255f;
      }
      samples.add(new Sample(new Image(6, 6, 1, px), label, Origin.real("x#" + i)));
    }
    IdxFormat.write(new Dataset(classes, samples), Path.of(prefix + "-i.gz"), Path.of(prefix + "-l.gz"));
  }

  private static BoundExperiment experiment(String test, String ratios) throws Exception {
    Path f = Files.writeString(dir.resolve("exp.json"), """
        {"pipeline": "pipeline.json",
         "test": {"format": "idx", "images": "%s-i.gz", "labels": "%s-l.gz", "classes": %s},
         "arms": {"real": [], "real+classic": ["classic"], "real+gan": ["gan"], "hybrid": ["classic", "gan"]},
         "ratios": {"stage": "gan", "values": %s},
         "seeds": [1, 2],
         "classifier": {"maxSteps": 6, "batchSize": 8, "convWidths": [4], "featureDim": 8, "patience": 2}}"""
        .formatted(test, test, test.equals("other") ? "[\"a\", \"b\", \"c\"]" : "[\"a\", \"b\"]", ratios));
    return new ExperimentReader(host).read(f);
  }

  private static ExperimentRunner.Options to(String out) {
    return new ExperimentRunner.Options(dir.resolve(out).toString(), false, null, 1);
  }

  @Test
  void runsEveryArmAndSweepPointAndWritesIdenticalResultsTwice() throws Exception {
    BoundExperiment e = experiment("test", "[0, 1, 2]");
    ExperimentResult result = runner.run(e, to("out1"));
    List<String> names = result.arms().stream().map(ExperimentResult.Arm::name).toList();
    assertEquals(List.of("real", "real+classic", "real+gan", "hybrid", "gan x0", "gan x1", "gan x2"), names);
    // 18 of 20 real images a class train, 2 stop early; classic adds a copy of each of the 40 real
    // images, gan three.
    assertEquals(List.of(36, 36), result.arm("real").trainImages());
    assertEquals(List.of(76, 76), result.arm("real+classic").trainImages());
    assertEquals(List.of(156, 156), result.arm("real+gan").trainImages());
    assertEquals(List.of(196, 196), result.arm("hybrid").trainImages());
    assertEquals(List.of(36, 36), result.arm("gan x0").trainImages());
    assertEquals(List.of(72, 72), result.arm("gan x1").trainImages());
    assertEquals(List.of(108, 108), result.arm("gan x2").trainImages());
    assertEquals(result.arm("real").accuracy(), result.arm("gan x0").accuracy(), "ratio 0 is the real-only set");
    for (ExperimentResult.Arm a : result.arms()) {
      for (double acc : a.accuracy()) {
        assertTrue(acc >= 0 && acc <= 1, a.name() + " " + acc);
        assertEquals(0, Math.round(acc * 20) - acc * 20, 1e-9, "accuracy is a count out of 20 test images");
      }
      for (long steps : a.steps()) {
        assertTrue(steps >= 1 && steps <= 6, "the step budget holds: " + steps);
      }
    }
    assertEquals(null, result.arm("real+classic").vsBaseline());
    PairedStats.Paired p = result.arm("hybrid").vsBaseline();
    assertEquals(2, p.wins() + p.losses() + p.ties());
    double[] h = result.arm("hybrid").accuracy().stream().mapToDouble(Double::doubleValue).toArray();
    double[] b = result.arm("real+classic").accuracy().stream().mapToDouble(Double::doubleValue).toArray();
    assertEquals(((h[0] - b[0]) + (h[1] - b[1])) / 2, p.meanDiff(), 1e-12);
    // Holm's family is every comparison with the baseline, arms and sweep points alike, once each:
    // ratio 0 trained on the real arm's images, so it is the real arm's comparison and adjusted p
    List<ExperimentResult.Arm> compared = result.arms().stream()
        .filter(a -> a.vsBaseline() != null && !a.name().equals("gan x0")).toList();
    assertEquals(5, result.comparisons());
    assertEquals(result.arm("real").pHolm(), result.arm("gan x0").pHolm(), 0);
    double[] holm = PairedStats.holm(compared.stream().mapToDouble(a -> a.vsBaseline().p()).toArray());
    for (int i = 0; i < holm.length; i++) {
      assertEquals(holm[i], compared.get(i).pHolm(), 0, compared.get(i).name());
      assertNotNull(compared.get(i).verdict(), compared.get(i).name());
      assertTrue(compared.get(i).verdict().reason().startsWith("2 seeds: "), compared.get(i).verdict().reason());
    }
    for (ExperimentResult.Arm a : result.arms()) {
      for (int i = 0; i < 2; i++) {
        // epochs are the images seen over the training images: at most 8 a step, a last batch may be smaller
        double epochs = a.epochs().get(i);
        assertTrue(epochs > 0 && epochs <= (double) a.steps().get(i) * 8 / a.trainImages().get(i) + 1e-9,
            a.name() + " " + epochs);
        // 6 steps of 8 cover less than 2 epochs of every arm: each is warned about
        assertTrue(epochs < 2 && a.mayBeUnderTrained(i, 6), a.name() + " " + epochs);
      }
    }

    Path out = dir.resolve("out1");
    JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals("real+classic", json.get("baseline").asText());
    assertEquals(20, json.get("testImages").asInt());
    assertEquals(6, json.get("classifier").get("stepBudget").asInt());
    JsonNode hybrid = json.get("arms").get(3);
    assertEquals("hybrid", hybrid.get("name").asText());
    assertEquals("arm", hybrid.get("kind").asText());
    assertEquals(2, hybrid.get("accuracy").size());
    JsonNode vs = hybrid.get("vsBaseline");
    for (String field : List.of("meanDiff", "sdDiff", "ci95Low", "ci95High", "t", "p", "pHolm", "pSignFlip", "wins",
        "losses", "ties", "verdict", "verdictReason")) {
      assertTrue(vs.has(field), field + " in " + vs);
    }
    assertEquals(p.signFlipP(), vs.get("pSignFlip").asDouble(), 0);
    assertEquals(result.arm("hybrid").verdict().call(), vs.get("verdict").asText());
    assertEquals(2, hybrid.get("epochs").size());
    assertEquals(2, hybrid.get("stoppedEarly").size());
    assertEquals(7, json.get("warnings").size(), "one under-training warning per arm: " + json.get("warnings"));
    assertTrue(json.get("warnings").get(3).asText().startsWith("arm 'hybrid' (196 training images) may be"
        + " under-trained: its classifier ended on the 6-step budget without early stopping (seed 1 after "),
        json.get("warnings").toString());
    assertTrue(json.get("arms").get(1).get("vsBaseline").isNull());
    assertEquals(2.0, json.get("arms").get(6).get("ratio").asDouble());
    assertEquals(1, json.get("environment").get("threads").asInt());
    assertEquals("auto", json.get("environment").get("deviceRequested").asText());
    JsonNode data = json.get("data");
    assertEquals(40, data.get("input").get("images").asInt());
    assertEquals(20, data.get("test").get("images").asInt());
    assertEquals(0, data.get("test").get("imagesInInput").asInt());
    assertTrue(data.get("input").get("sha256").asText().matches("[0-9a-f]{64}"), data.toString());
    assertFalse(data.get("input").get("sha256").asText().equals(data.get("test").get("sha256").asText()));
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("arm,kind,stages,ratio,accuracy_seed_1,accuracy_seed_2,mean,sd,diff_mean,diff_sd,t,p,wins,losses,"
        + "ties,train_images_mean,diff_ci95_low,diff_ci95_high,p_holm,p_sign_flip,verdict,epochs_min,"
        + "under_trained_seeds", csv.get(0));
    assertEquals(8, csv.size());
    assertTrue(csv.get(5).startsWith("gan x0,ratio,,0.0,"), csv.get(5));
    byte[] png = Files.readAllBytes(out.resolve("accuracy-vs-ratio.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Test accuracy by arm") && html.contains("hybrid") && html.contains("real+classic (baseline)"));
    assertTrue(html.contains("Paired comparison with the baseline (real+classic)"));
    assertTrue(html.contains("verdict vs real+classic over 2 seeds"), "the answer comes first");
    assertTrue(html.contains("arm &#39;hybrid&#39; (196 training images) may be under-trained"), "warned in the report");
    assertTrue(html.contains("computed from each arm&#39;s own training images"), "the normalisation is the arm's own");
    assertTrue(html.contains("Samples by class (seed 2)"));
    assertFalse(html.contains("http://") || html.contains("https://"), "the report needs no network");
    assertTrue(result.summaryTable().contains("hybrid"), result.summaryTable());
    String log = logged.toString();
    assertTrue(log.contains("seed 2 (2 of 2): running the pipeline"), log);
    assertTrue(log.contains("seed 1, arm hybrid: 196 training images"), log);
    assertTrue(log.contains("warning: arm 'gan x2' (108 training images) may be under-trained: its classifier"), log);
    assertTrue(log.contains("seed 2, arm 'gan x0': same training images as 'real', result reused"), log);
    assertFalse(log.contains("seed 2, arm gan x0:"), "the reused set is not trained again: " + log);

    runner.run(e, to("out2"));
    for (String f : List.of("results.json", "results.csv", "accuracy-vs-ratio.png", "report.html")) {
      assertArrayEquals(Files.readAllBytes(out.resolve(f)), Files.readAllBytes(dir.resolve("out2").resolve(f)),
          f + " is the same for the same seeds");
    }
  }

  @Test
  void aStageWhoseImagesNoArmTrainsOnIsNamedOnceAndStillRuns() throws Exception {
    Path f = Files.writeString(dir.resolve("exp-unused.json"), """
        {"pipeline": "pipeline.json",
         "test": {"format": "idx", "images": "test-i.gz", "labels": "test-l.gz", "classes": ["a", "b"]},
         "arms": {"real": [], "real+classic": ["classic"]},
         "seeds": [1, 2],
         "classifier": {"maxSteps": 2, "batchSize": 8, "convWidths": [4], "featureDim": 8, "patience": 1}}""");
    BoundExperiment e = new ExperimentReader(host).read(f);
    int before = logged.size();
    ExperimentResult result = runner.run(e, to("unused"));
    String log = logged.toString().substring(before);
    String warning = "warning: stage 'gan' made 120 images that no arm trains on; it still runs for every seed";
    assertTrue(log.contains(warning), log);
    assertEquals(log.indexOf(warning), log.lastIndexOf(warning), "one warning, after the first seed: " + log);
    assertFalse(log.contains("stage 'classic' made"), log);
    assertTrue(log.contains("seed 2 (2 of 2): running the pipeline"), "the stage still runs: " + log);
    assertEquals(List.of(76, 76), result.arm("real+classic").trainImages());
  }

  @Test
  void aRatioThePipelineCannotFeedFailsBeforeTrainingAndWritesNothing() throws Exception {
    SpecException e = assertThrows(SpecException.class, () -> runner.run(experiment("test", "[1, 5]"),
        to("short")));
    assertEquals("$.ratios.values[1]", e.jsonPath());
    assertTrue(e.problem().contains("ratio 5 needs 90 images of class 'a' from stage 'gan' (5 x 18 real training"
        + " images) but the pipeline made 60 usable ones with seed 1"), e.problem());
    assertFalse(Files.exists(dir.resolve("short")));
  }

  @Test
  void aTestSetWithOtherClassesIsRefused() throws Exception {
    SpecException e = assertThrows(SpecException.class, () -> runner.run(experiment("other", "[0]"), to("other")));
    assertEquals("$.test", e.jsonPath());
    assertEquals(2, e.line(), "located in the file, as errors found when reading are: " + e.getMessage());
    assertTrue(e.problem().contains("the test input has classes [a, b, c] but the pipeline's input has [a, b]"),
        e.problem());
    assertFalse(Files.exists(dir.resolve("other")));
  }

  @Test
  void aClassifierTooDeepForTheImagesFailsBeforeAnyStageRuns() throws Exception {
    Path f = Files.writeString(dir.resolve("exp-deep.json"), """
        {"pipeline": "pipeline.json",
         "test": {"format": "idx", "images": "test-i.gz", "labels": "test-l.gz", "classes": ["a", "b"]},
         "arms": {"real": [], "real+classic": ["classic"]},
         "seeds": [1, 2],
         "classifier": {"maxSteps": 2, "batchSize": 8, "convWidths": [4, 4, 4], "featureDim": 8}}""");
    BoundExperiment e = new ExperimentReader(host).read(f);
    int before = logged.size();
    SpecException error = assertThrows(SpecException.class, () -> runner.run(e, to("deep")));
    assertEquals("$.classifier.convWidths", error.jsonPath());
    assertTrue(error.problem().startsWith("lists 3 convolution stage(s), each halving the image, so images need at"
        + " least 8 pixels a side (at most 4096), but the pipeline's input images are 6x6x1"), error.problem());
    assertFalse(logged.toString().substring(before).contains("running the pipeline"), "no stage ran");
    assertFalse(Files.exists(dir.resolve("deep")));
  }

  @Test
  void aTestSetTooSmallForItsPerClassNamesTheTestField() throws Exception {
    Path f = Files.writeString(dir.resolve("exp-short-test.json"), """
        {"pipeline": "pipeline.json",
         "test": {"format": "idx", "images": "test-i.gz", "labels": "test-l.gz", "classes": ["a", "b"], "perClass": 11},
         "arms": {"real": [], "real+classic": ["classic"]},
         "seeds": [1, 2]}""");
    BoundExperiment e = new ExperimentReader(host).read(f);
    InputException error = assertThrows(InputException.class, () -> runner.run(e, to("short-test")));
    assertEquals("test-i.gz: class 'a' has 10 samples, fewer than the 11 per class asked for by $.test.perClass in "
        + f + "; ask for at most 10 per class or add images to that class", error.getMessage());
  }

  private static BoundExperiment withTest(String name, String testPrefix, String classifier) throws Exception {
    Path f = Files.writeString(dir.resolve(name), """
        {"pipeline": "pipeline.json",
         "test": {"format": "idx", "images": "%s-i.gz", "labels": "%s-l.gz", "classes": ["a", "b"]},
         "arms": {"real": [], "real+classic": ["classic"]},
         "seeds": [1, 2],
         "classifier": {"maxSteps": 2, "batchSize": 8, "convWidths": [4], "featureDim": 8%s}}"""
        .formatted(testPrefix, testPrefix, classifier));
    return new ExperimentReader(host).read(f);
  }

  @Test
  void trainingImagesAsTheTestSetAreRefusedBeforeAnyStageRuns() throws Exception {
    // the very images of the pipeline's input, under other file names and order: found by their pixels
    Dataset train = IdxFormat.read(dir.resolve("train-i.gz"), dir.resolve("train-l.gz"), List.of("a", "b"));
    List<Sample> reversed = new ArrayList<>(train.samples());
    java.util.Collections.reverse(reversed);
    IdxFormat.write(train.withSamples(reversed), dir.resolve("copy-i.gz"), dir.resolve("copy-l.gz"));
    BoundExperiment e = withTest("exp-leak.json", "copy", "");
    int before = logged.size();
    SpecException error = assertThrows(SpecException.class, () -> runner.check(e, to("leak")));
    assertEquals("$.test", error.jsonPath());
    assertEquals(2, error.line(), error.getMessage());
    assertTrue(error.problem().startsWith("40 of the 40 test images (100.0 %) have the very pixels of an image of"
        + " the pipeline's input"), error.problem());
    assertEquals(error.getMessage(), assertThrows(SpecException.class, () -> runner.run(e, to("leak"))).getMessage());
    assertFalse(logged.toString().substring(before).contains("running the pipeline"), "no stage ran");
    assertFalse(Files.exists(dir.resolve("leak")));
  }

  @Test
  void aFewTestImagesAlsoInTheInputAreAWarningWithTheirCount() throws Exception {
    write(dir.resolve("wide"), List.of("a", "b"), 100, 4);
    Dataset wide = IdxFormat.read(dir.resolve("wide-i.gz"), dir.resolve("wide-l.gz"), List.of("a", "b"));
    Dataset train = IdxFormat.read(dir.resolve("train-i.gz"), dir.resolve("train-l.gz"), List.of("a", "b"));
    List<Sample> samples = new ArrayList<>(wide.samples());
    samples.set(0, train.samples().get(0));
    samples.set(1, train.samples().get(1)); // 2 of 200: 1 %, the most allowed
    IdxFormat.write(wide.withSamples(samples), dir.resolve("dup-i.gz"), dir.resolve("dup-l.gz"));
    int before = logged.size();
    ExperimentRunner.Checked checked = runner.check(withTest("exp-dup.json", "dup", ""), to("dup"));
    assertEquals(2, checked.shared());
    String log = logged.toString().substring(before);
    assertTrue(log.contains("warning: 2 of the 200 test images have the very pixels of an image of the pipeline's"
        + " input (exact duplicates in the data); they stay in the test set"), log);
    samples.set(2, train.samples().get(2));
    IdxFormat.write(wide.withSamples(samples), dir.resolve("dup-i.gz"), dir.resolve("dup-l.gz"));
    SpecException three = assertThrows(SpecException.class,
        () -> runner.check(withTest("exp-dup.json", "dup", ""), to("dup")));
    assertTrue(three.problem().startsWith("3 of the 200 test images (1.5 %)"), three.problem());
  }

  @Test
  void aValidationShareNoClassCanHoldOutFailsBeforeAnyStageRunsAtItsField() throws Exception {
    // 20 images a class: a share of 0.02 holds out round(0.4) = 0 of them
    BoundExperiment e = withTest("exp-share.json", "test", ",\n \"validationFraction\": 0.02");
    int before = logged.size();
    SpecException error = assertThrows(SpecException.class, () -> runner.run(e, to("share")));
    assertEquals("$.classifier.validationFraction", error.jsonPath());
    assertEquals(6, error.line(), error.getMessage());
    assertTrue(error.getMessage().startsWith(dir.resolve("exp-share.json") + ":6:"), error.getMessage());
    assertTrue(error.problem().startsWith("class 'a' of the pipeline's input has 20 real image(s): a"
        + " validationFraction of 0.02 holds out 0 of them for early stopping and leaves 20 for training"),
        error.problem());
    assertTrue(error.problem().endsWith("raise validationFraction above 0.0250 (0.5 / 20) or use more images of"
        + " that class"), error.problem());
    assertFalse(logged.toString().substring(before).contains("running the pipeline"), "no stage ran");
    assertFalse(Files.exists(dir.resolve("share")));
    runner.check(withTest("exp-share.json", "test", ", \"validationFraction\": 0.03"), to("share"));
  }

  @Test
  void checkRefusesAnExistingOutputAsTheRunWouldAndWritesNothing() throws Exception {
    BoundExperiment e = withTest("exp-exists.json", "test", "");
    Files.createDirectories(dir.resolve("exists"));
    Files.writeString(dir.resolve("exists").resolve("notes.txt"), "mine");
    assertThrows(io.synthaug.core.run.OutputExistsException.class, () -> runner.check(e, to("exists")));
    assertThrows(io.synthaug.core.run.OutputExistsException.class,
        () -> runner.check(e, new ExperimentRunner.Options(dir.resolve("exists").toString(), true, null, 1)),
        "--force replaces only an earlier run's output");
    ExperimentRunner.Checked checked = runner.checkInputs(e, to("exists"));
    assertEquals(40, checked.pool().size());
    assertEquals(List.of("notes.txt"), List.of(dir.resolve("exists").toFile().list()));
    assertEquals(20, runner.check(e, to("fresh")).test().size());
    assertFalse(Files.exists(dir.resolve("fresh")), "a check writes nothing");
  }

  @Test
  void resampleDrawsEachSeedsOwnRealImages() throws Exception {
    Files.writeString(dir.resolve("pipeline-resample.json"), """
        {"input": {"format": "idx", "images": "train-i.gz", "labels": "train-l.gz", "classes": ["a", "b"],
                   "perClass": 10},
         "stages": [{"id": "classic", "type": "brighten", "params": {"amount": 0.05}}]}""");
    Path f = Files.writeString(dir.resolve("exp-resample.json"), """
        {"pipeline": "pipeline-resample.json", "resample": true,
         "test": {"format": "idx", "images": "test-i.gz", "labels": "test-l.gz", "classes": ["a", "b"]},
         "arms": {"real": [], "real+classic": ["classic"]},
         "seeds": [1, 2],
         "classifier": {"maxSteps": 2, "batchSize": 8, "convWidths": [4], "featureDim": 8}}""");
    BoundExperiment e = new ExperimentReader(host).read(f);
    ExperimentRunner.Checked checked = runner.check(e, to("resample"));
    assertEquals(40, checked.pool().size(), "every image of the input may be drawn");
    Dataset one = ExperimentRunner.realInput(e, checked.pool(), 1);
    Dataset two = ExperimentRunner.realInput(e, checked.pool(), 2);
    assertArrayEquals(new int[] {10, 10}, one.countByClass());
    assertArrayEquals(new int[] {10, 10}, two.countByClass());
    assertFalse(TrainingSets.fingerprint(one).equals(TrainingSets.fingerprint(two)), "each seed draws its own");
    assertEquals(TrainingSets.fingerprint(one), TrainingSets.fingerprint(ExperimentRunner.realInput(e,
        checked.pool(), 1)), "the same seed draws the same images");
    ExperimentResult result = runner.run(e, to("resample"));
    assertEquals(List.of(18, 18), result.arm("real").trainImages(), "9 of the 10 drawn a class train");
    JsonNode json = Json.mapper().readTree(dir.resolve("resample").resolve("results.json").toFile());
    assertTrue(json.get("data").get("input").get("resample").asBoolean());
  }

  @Test
  void resultsOverTheExperimentsFolderOrItsInputsAreRefusedEvenWhenForced() throws Exception {
    BoundExperiment e = experiment("test", "[0]");
    SpecException folder = assertThrows(SpecException.class,
        () -> runner.run(e, new ExperimentRunner.Options(dir.toString(), true, null, 1)));
    assertEquals("--out", folder.jsonPath());
    assertTrue(folder.problem().startsWith("the output folder " + dir + " is the experiment's folder " + dir),
        folder.problem());
    SpecException test = assertThrows(SpecException.class,
        () -> runner.run(e, new ExperimentRunner.Options(dir.resolve("test-l.gz").toString(), true, null, 1)));
    assertTrue(test.problem().startsWith("the output folder " + dir.resolve("test-l.gz") + " is the input labels file"
        + " ($.test.labels) " + dir.resolve("test-l.gz")), test.problem());
    assertTrue(Files.isRegularFile(dir.resolve("exp.json")) && Files.isRegularFile(dir.resolve("test-l.gz")),
        "nothing was moved aside or deleted");
  }
}
