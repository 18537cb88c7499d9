package io.synthaug.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.SpecException;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.testing.TestStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReaderTest {

  @TempDir
  static Path dir;

  static PluginHost host;
  static ExperimentReader reader;

  @BeforeAll
  static void setUp() throws Exception {
    host = PluginHost.load(null, List.of(new TestStages.Brighten()), List.of());
    reader = new ExperimentReader(host);
    Files.writeString(dir.resolve("pipeline.json"), """
        {"input": {"format": "mnist"}, "stages": [
          {"id": "cgan", "type": "brighten", "params": {"amount": 0.1}},
          {"id": "classic", "type": "brighten", "params": {"amount": 0.2}}]}""");
  }

  @AfterAll
  static void tearDown() {
    host.close();
  }

  private static final String ARMS = """
      "arms": {"real": [], "real+classic": ["classic"], "real+gan": ["cgan"], "hybrid": ["classic", "cgan"]}""";

  private static BoundExperiment read(String body) {
    return reader.read("{\"pipeline\": \"pipeline.json\", \"test\": {\"format\": \"mnist\", \"split\": \"test\"},\n"
        + body + "}", Path.of("exp.json"), dir);
  }

  private static SpecException fails(String body) {
    return assertThrows(SpecException.class, () -> read(body));
  }

  @Test
  void bindsArmsInOrderWithDefaults() {
    BoundExperiment e = read(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [0, 0.5, 2]}");
    assertEquals(List.of("real", "real+classic", "real+gan", "hybrid"), List.copyOf(e.arms().keySet()));
    assertEquals(List.of("classic", "cgan"), e.arms().get("hybrid"));
    assertEquals("real+classic", e.baseline());
    assertEquals(List.of(1L, 2L, 3L), e.seeds());
    assertEquals(1500, e.classifier().maxSteps());
    assertEquals(0.1, e.classifier().validationFraction());
    assertEquals(List.of(0.0, 0.5, 2.0), e.ratios().values());
    assertEquals(2, e.pipeline().stages().size());
    assertEquals("cgan x0.5", ExperimentReader.ratioArmName("cgan", 0.5));
    assertEquals("cgan x2", ExperimentReader.ratioArmName("cgan", 2));
  }

  @Test
  void anExperimentWritesNoIdx() {
    SpecException e = fails(ARMS + ", \"output\": {\"path\": \"results\", \"idx\": true}");
    assertEquals("$.output.idx", e.jsonPath());
    assertTrue(e.problem().startsWith("an experiment writes results"), e.problem());
  }

  @Test
  void anArmNeedingAMissingStageNamesItsPathAndTheStageIds() {
    SpecException e = fails("""
        "arms": {"real": [], "real+classic": ["classic"],
                 "real+gan": ["gan"]}""");
    assertEquals("$.arms[\"real+gan\"][0]", e.jsonPath());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("no stage with id 'gan' in the pipeline; its stage ids are: cgan, classic"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("exp.json:3:"), e.getMessage());
  }

  @Test
  void realIsNotAStageAndAStageCountsOnce() {
    assertEquals("$.arms[\"real+classic\"][0]", fails("\"arms\": {\"real+classic\": [\"real\"]}").jsonPath());
    SpecException twice = fails("\"arms\": {\"real+classic\": [\"classic\", \"classic\"]}");
    assertEquals("$.arms[\"real+classic\"][1]", twice.jsonPath());
    assertTrue(twice.problem().contains("listed twice"), twice.problem());
  }

  @Test
  void fewerThanTwoSeedsIsRefused() {
    SpecException e = fails(ARMS + ", \"seeds\": [7]");
    assertEquals("$.seeds", e.jsonPath());
    assertTrue(e.problem().contains("at least 2 seeds"), e.problem());
    assertTrue(fails(ARMS + ", \"seeds\": [1, 2, 1]").problem().contains("[1] appear twice"));
    BoundExperiment ok = read(ARMS);
    SpecException cli = assertThrows(SpecException.class, () -> ok.withSeeds(List.of(3L)));
    assertEquals("--seeds", cli.jsonPath());
    assertEquals(List.of(4L, 5L), ok.withSeeds(List.of(4L, 5L)).seeds());
  }

  @Test
  void unknownBaselineListsTheArms() {
    SpecException e = fails(ARMS + ", \"baseline\": \"classic\"");
    assertEquals("$.baseline", e.jsonPath());
    assertTrue(e.problem().contains("unknown baseline arm 'classic'; the arms are: real, real+classic, real+gan, hybrid"),
        e.problem());
    SpecException missingDefault = fails("\"arms\": {\"real\": [], \"gan\": [\"cgan\"]}");
    assertTrue(missingDefault.problem().contains("no arm is named 'real+classic', the default baseline"),
        missingDefault.problem());
  }

  @Test
  void ratioSweepIsChecked() {
    SpecException stage = fails(ARMS + ", \"ratios\": {\"stage\": \"gan\", \"values\": [1]}");
    assertEquals("$.ratios.stage", stage.jsonPath());
    assertTrue(stage.problem().contains("its stage ids are: cgan, classic"), stage.problem());
    SpecException negative = fails(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [0, -1]}");
    assertEquals("$.ratios.values[1]", negative.jsonPath());
    SpecException repeated = fails(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [1, 1.0]}");
    assertTrue(repeated.problem().contains("listed twice"), repeated.problem());
    SpecException zeros = fails(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [0, 0.5, -0.0]}");
    assertEquals("$.ratios.values[2]", zeros.jsonPath());
    assertEquals("ratio 0 is listed twice", zeros.problem(), "0 and -0.0 are one ratio and one sweep point name");
  }

  @Test
  void anExperimentWithNothingToCompareWithTheBaselineIsRefused() {
    SpecException e = fails("\"arms\": {\"real+classic\": []}");
    assertEquals("$.arms", e.jsonPath());
    assertTrue(e.problem().contains("the only arm is the baseline 'real+classic', so nothing would be compared"),
        e.problem());
    BoundExperiment sweep = read("\"arms\": {\"real+classic\": [\"classic\"]},"
        + " \"ratios\": {\"stage\": \"cgan\", \"values\": [0, 1]}");
    assertEquals(1, sweep.arms().size(), "a sweep is compared with the one arm");
  }

  @Test
  void aRatioNoPipelineCouldFeedIsRefusedWhenRead() {
    SpecException huge = fails(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [1, 1e300]}");
    assertEquals("$.ratios.values[1]", huge.jsonPath());
    assertTrue(huge.problem().startsWith("a ratio must be a number from 0 to 1000"), huge.problem());
    assertEquals(1000.0, read(ARMS + ", \"ratios\": {\"stage\": \"cgan\", \"values\": [1000]}").ratios().values()
        .get(0));
  }

  @Test
  void resampleNeedsAPerClassInput() {
    assertTrue(!read(ARMS).resample(), "off by default");
    SpecException e = fails(ARMS + ", \"resample\": true");
    assertEquals("$.resample", e.jsonPath());
    assertTrue(e.problem().contains("has no perClass"), e.problem());
  }

  @Test
  void theStepBoundIsWhatEndsTrainingFirst() {
    ClassifierSettings c = new ClassifierSettings(1_000_000, 12, 64, null, null, null, null, null, null, null);
    assertEquals(12 * 760, c.stepBound(48_600), "12 passes of 759 full batches and one of 24 images");
    assertEquals(12 * 759, c.stepBound(759 * 64 + 1), "a last batch of one image is no step");
    assertEquals(1500, ClassifierSettings.defaults().stepBound(48_600));
  }

  @Test
  void classifierSettingsAreCheckedWhereTheyAreWritten() {
    SpecException budget = fails(ARMS + ", \"classifier\": {\"maxSteps\": 0}");
    assertEquals("$.classifier.maxSteps", budget.jsonPath());
    assertTrue(budget.problem().contains("step budget"), budget.problem());
    SpecException batch = fails(ARMS + ", \"classifier\": {\"batchSize\": 1}");
    assertEquals("$.classifier.batchSize", batch.jsonPath());
    SpecException unknown = fails(ARMS + ", \"classifier\": {\"epochs\": 3}");
    assertTrue(unknown.problem().contains("unknown field 'epochs'"), unknown.problem());
  }

  @Test
  void aPipelineSpecIsToldToGoToTheRunCommand() {
    SpecException e = assertThrows(SpecException.class, () -> reader.read(
        "{\"input\": {\"format\": \"mnist\"}, \"output\": {\"path\": \"o\"}, \"stages\": []}", Path.of("spec.json"),
        dir));
    assertEquals("$", e.jsonPath());
    assertTrue(e.getMessage().contains("this is a pipeline spec (it has 'stages'")
        && e.getMessage().contains("run it with 'runner run'"), e.getMessage());
  }

  @Test
  void missingPartsAreNamed() {
    SpecException arms = fails("\"seeds\": [1, 2]");
    assertEquals("$.arms", arms.jsonPath());
    SpecException test = assertThrows(SpecException.class, () -> reader.read(
        "{\"pipeline\": \"pipeline.json\", " + ARMS + "}", Path.of("exp.json"), dir));
    assertEquals("$.test", test.jsonPath());
    SpecException split = assertThrows(SpecException.class, () -> reader.read(
        "{\"pipeline\": \"pipeline.json\", \"test\": {\"format\": \"mnist\", \"split\": \"dev\"}, " + ARMS + "}",
        Path.of("exp.json"), dir));
    assertEquals("$.test.split", split.jsonPath());
    SpecException pipeline = assertThrows(SpecException.class, () -> reader.read(
        "{\"pipeline\": \"nope.json\", \"test\": {\"format\": \"mnist\"}, " + ARMS + "}", Path.of("exp.json"), dir));
    assertTrue(pipeline.getMessage().contains("nope.json") && pipeline.getMessage().contains("not found"),
        pipeline.getMessage());
  }
}
