package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.QualityGateException;
import io.synthaug.api.Sample;
import io.synthaug.api.StageException;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate stage on 4x4 images whose pixels are the features (through {@link PixelExtractorFactory}),
 * each pixel independently around a class centre: real class a around 0.3 and b around 0.7;
 * source "aug" matches both, source "gan" matches a and puts b at 0.9. Sixteen independent
 * features keep the ratio of two same-distribution FIDs near 1 (with one feature it is a ratio of
 * two chi-square variables with one degree of freedom, which often exceeds 3).
 */
class FidGateStageTest {

  @TempDir
  Path dir;

  private static List<Sample> around(double center, int label, int n, String stage, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] px = new float[16];
      for (int k = 0; k < px.length; k++) {
        px[k] = (float) (center + 0.05 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5));
      }
      Origin origin = stage == null ? Origin.real("r#" + i) : Origin.made(stage, i, Map.of());
      out.add(new Sample(new Image(4, 4, 1, px), label, origin));
    }
    return out;
  }

  private static Dataset data() {
    List<Sample> all = new ArrayList<>();
    all.addAll(around(0.3, 0, 200, null, 1));
    all.addAll(around(0.7, 1, 200, null, 2));
    all.addAll(around(0.3, 0, 100, "aug", 3));
    all.addAll(around(0.7, 1, 100, "aug", 4));
    all.addAll(around(0.3, 0, 100, "gan", 5));
    all.addAll(around(0.9, 1, 100, "gan", 6));
    return new Dataset(List.of("a", "b"), all);
  }

  private static FidGateParams params(String action) throws Exception {
    return Json.mapper().readValue("{\"extractor\": \"pixels\", \"maxRatio\": 3, \"action\": \"" + action + "\"}",
        FidGateParams.class);
  }

  private GateTestContext ctx(Path where) {
    return new GateTestContext(where, 3, List.of(new PixelExtractorFactory()));
  }

  private static int count(Dataset d, String stage, int label) {
    return (int) d.samples().stream().filter(s -> s.origin().stage().equals(stage) && s.label() == label).count();
  }

  private static JsonNode gateJson(Path where) throws Exception {
    return Json.mapper().readTree(where.resolve("artifacts/gate/gate.json").toFile());
  }

  @Test
  void dropClassRemovesExactlyTheFailingClassOfTheFailingSource() throws Exception {
    GateTestContext c = ctx(dir);
    Dataset in = data();
    Dataset out = new FidGateStage(params("drop-class")).apply(in, c);
    assertEquals(100, count(out, "gan", 0));
    assertEquals(0, count(out, "gan", 1));
    assertEquals(100, count(out, "aug", 1));
    assertEquals(400, out.real().size());
    assertEquals(in.size() - 100, out.size());
    JsonNode gate = gateJson(dir);
    assertEquals("dropped-classes", gate.get("decision").asText());
    JsonNode gan = gate.get("measured").get(1);
    assertEquals("gan", gan.get("sourceStage").asText());
    assertEquals("[\"b\"]", gan.get("droppedClasses").toString());
    assertFalse(gan.get("dropped").asBoolean());
    assertFalse(gan.get("passed").asBoolean());
    assertFalse(gan.get("perClass").get("b").get("passed").asBoolean());
    assertTrue(gan.get("perClass").get("a").get("passed").asBoolean());
    assertTrue(gate.get("measured").get(0).get("passed").asBoolean(), "aug passes");
    assertTrue(c.lines.stream().anyMatch(l -> l.startsWith("INFO dropped class 'b' of source 'gan' (100 images): FID")),
        String.join("\n", c.lines));
  }

  @Test
  void dropRemovesTheWholeFailingSource() throws Exception {
    Dataset out = new FidGateStage(params("drop")).apply(data(), ctx(dir));
    assertEquals(0, count(out, "gan", 0) + count(out, "gan", 1));
    assertEquals(200, count(out, "aug", 0) + count(out, "aug", 1));
    JsonNode gate = gateJson(dir);
    assertEquals("dropped", gate.get("decision").asText());
    assertTrue(gate.get("measured").get(1).get("dropped").asBoolean());
    assertFalse(gate.get("measured").get(0).get("dropped").asBoolean());
  }

  /** The measured data plus classic-style copies: of each gan image and of some real images. */
  private static Dataset withCopies() {
    Dataset base = data();
    List<Sample> all = new ArrayList<>(base.samples());
    int k = 0;
    for (Sample s : base.samples()) {
      Map<String, String> parent = s.origin().isReal() ? Map.of("parent", "r" + k)
          : Map.of("parent", s.origin().stage(), "parentSeed", Long.toString(s.origin().seed()));
      if (s.origin().stage().equals("gan") || (s.origin().isReal() && k % 4 == 0)) {
        all.add(new Sample(s.image(), s.label(), Origin.made("classic", 1000 + k, parent)));
      }
      k++;
    }
    return new Dataset(base.classNames(), all);
  }

  private static FidGateParams measuring(String action) throws Exception {
    return Json.mapper().readValue("{\"extractor\": \"pixels\", \"maxRatio\": 3, \"stages\": [\"aug\", \"gan\"],"
        + " \"action\": \"" + action + "\"}", FidGateParams.class);
  }

  /**
   * {@link #withCopies()} plus an elastic-style copy of every classic copy: copies of copies, of
   * gan images (200) and of real images (100).
   */
  private static Dataset withCopiesOfCopies() {
    Dataset base = withCopies();
    List<Sample> all = new ArrayList<>(base.samples());
    for (Sample s : base.samples()) {
      if (s.origin().stage().equals("classic")) {
        all.add(new Sample(s.image(), s.label(), Origin.made("elastic", s.origin().seed() + 5000,
            s.origin().parentAttributes())));
      }
    }
    return new Dataset(base.classNames(), all);
  }

  private static long copiesOfGan(Dataset d, int label) {
    return d.samples().stream().filter(s -> s.label() == label
        && "gan".equals(s.origin().attributes().get(Origin.PARENT))).count();
  }

  @Test
  void dropAlsoRemovesCopiesAndCopiesOfCopiesOfTheDroppedSourcesImages() throws Exception {
    GateTestContext c = ctx(dir);
    Dataset in = withCopiesOfCopies();
    Dataset out = new FidGateStage(measuring("drop")).apply(in, c);
    assertEquals(0, count(out, "gan", 0) + count(out, "gan", 1));
    assertEquals(0, copiesOfGan(out, 0) + copiesOfGan(out, 1));
    assertEquals(100, count(out, "classic", 0) + count(out, "classic", 1), "copies of real images stay");
    assertEquals(100, count(out, "elastic", 0) + count(out, "elastic", 1), "copies of those stay too");
    assertEquals(in.size() - 600, out.size());
    assertTrue(c.lines.contains("INFO dropped 400 derived copies of images of source 'gan' (made by later stages"
        + " from its dropped images)"), String.join("\n", c.lines));
  }

  @Test
  void dropClassAlsoRemovesCopiesAndCopiesOfCopiesOfTheDroppedClassOnly() throws Exception {
    GateTestContext c = ctx(dir);
    Dataset in = withCopiesOfCopies();
    Dataset out = new FidGateStage(measuring("drop-class")).apply(in, c);
    assertEquals(0, count(out, "gan", 1));
    assertEquals(100, count(out, "gan", 0));
    assertEquals(0, copiesOfGan(out, 1));
    assertEquals(100, copiesOfGan(out, 0));
    // copies of copies: of the real images' copies (100) and of class 0's gan copies (100)
    assertEquals(200, count(out, "elastic", 0) + count(out, "elastic", 1));
    assertEquals(in.size() - 300, out.size());
    assertTrue(c.lines.contains("INFO dropped 200 derived copies of images of source 'gan' (made by later stages"
        + " from its dropped images)"), String.join("\n", c.lines));
  }

  @Test
  void failStopsWithAQualityGateErrorNamingTheSource() throws Exception {
    GateTestContext c = ctx(dir);
    QualityGateException e = assertThrows(QualityGateException.class,
        () -> new FidGateStage(params("fail")).apply(data(), c));
    assertEquals(6, e.exitCode());
    assertTrue(e.metric().startsWith("fid.gan"), e.metric());
    assertTrue(e.value() > e.threshold());
    assertTrue(e.getMessage().contains("; sources failing: gan; the run stops"), e.getMessage());
    // figures to four significant digits, not a double's seventeen
    String value = QualityGateException.format(e.value());
    assertTrue(e.getMessage().startsWith(e.metric() + " = " + value + " is beyond the gate's threshold "
        + QualityGateException.format(e.threshold()) + ": FID "), e.getMessage());
    assertTrue(value.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() <= 4, value);
    assertEquals("fail", gateJson(dir).get("decision").asText());
    assertEquals(0.0, c.metrics.get("gate.passed"));
  }

  @Test
  void passingSourcesGoThroughUntouched() throws Exception {
    FidGateParams onlyAug = Json.mapper().readValue(
        "{\"extractor\": \"pixels\", \"maxRatio\": 3, \"stages\": [\"aug\"]}", FidGateParams.class);
    GateTestContext c = ctx(dir);
    Dataset in = data();
    assertSame(in, new FidGateStage(onlyAug).apply(in, c));
    JsonNode gate = gateJson(dir);
    assertEquals("pass", gate.get("decision").asText());
    assertEquals(1, gate.get("measured").size(), "stages restricts what is measured");
    assertEquals(1.0, c.metrics.get("gate.passed"));
  }

  @Test
  void gateJsonHasExactlyTheContractsFields() throws Exception {
    GateTestContext c = ctx(dir);
    new FidGateStage(params("drop-class")).apply(data(), c);
    JsonNode gate = gateJson(dir);
    assertEquals(List.of("action", "decision", "extractor", "floor", "measured", "protocol", "reason", "stage",
        "threshold"), names(gate));
    assertEquals("gate", gate.get("stage").asText());
    assertEquals("pixels", gate.get("extractor").asText());
    assertEquals("drop-class", gate.get("action").asText());
    assertEquals(List.of("kind", "maxFid", "value"), names(gate.get("threshold")));
    assertEquals("ratio", gate.get("threshold").get("kind").asText());
    double floor = gate.get("floor").get("fid").asDouble();
    assertEquals(3 * floor, gate.get("threshold").get("maxFid").asDouble(), 1e-12);
    assertEquals(List.of("a", "b"), names(gate.get("floor").get("perClass")));
    JsonNode m = gate.get("measured").get(0);
    assertEquals(List.of("dropped", "droppedClasses", "fid", "fidReliable", "images", "kid", "note", "passed",
        "perClass", "sourceStage"), names(m));
    assertEquals(List.of("mean", "stdError"), names(m.get("kid")));
    assertEquals(200, m.get("images").asInt());
    assertTrue(m.get("fidReliable").asBoolean(), "200 images a set for 16 features");
    assertEquals("", m.get("note").asText());
    assertEquals(List.of("fid", "fidReliable", "floor", "images", "kid", "maxFid", "passed", "sampleSize"),
        names(m.get("perClass").get("a")));
    assertEquals(100, m.get("perClass").get("a").get("sampleSize").asInt(), "min(100 a source, 200 real / 2)");
    assertEquals(gate.get("floor").get("perClass").get("a").asDouble(),
        m.get("perClass").get("a").get("floor").asDouble());
    JsonNode p = gate.get("protocol");
    assertEquals(List.of("candidateSamples", "extractor", "extractorSha256", "inputHeight", "inputWidth",
        "referenceSamples", "referenceSplit", "resize", "seed"), names(p));
    assertEquals("pixels", p.get("extractor").asText());
    assertEquals(PixelExtractorFactory.SHA, p.get("extractorSha256").asText());
    assertEquals(4, p.get("inputHeight").asInt());
    assertEquals("none", p.get("resize").asText());
    assertEquals(200, p.get("referenceSamples").asInt(), "min(200 synthetic a source, 400 / 2 real)");
    assertEquals(200, p.get("candidateSamples").asInt());
    assertEquals(1234, p.get("seed").asLong());
    assertTrue(gate.get("reason").asText().startsWith("The images of aug, gan were each compared with 200 of the"
        + " 400 real images"), gate.get("reason").asText());
  }

  @Test
  void aClassDecidedOnKidCarriesItsKidLimitFloorAndWhy() throws Exception {
    List<Sample> all = new ArrayList<>(data().samples());
    all.addAll(around(0.5, 2, 40, null, 7));
    all.addAll(around(0.5, 2, 20, "gan", 8));
    all.addAll(around(0.5, 2, 20, "aug", 9));
    new FidGateStage(params("drop-class")).apply(new Dataset(List.of("a", "b", "c"), all), ctx(dir));
    JsonNode perClass = gateJson(dir).get("measured").get(1).get("perClass");
    JsonNode c = perClass.get("c");
    assertEquals(20, c.get("sampleSize").asInt(), "min(20 a source, 40 real / 2), below 2 x 16 features");
    assertFalse(c.get("fidReliable").asBoolean());
    double kidFloor = c.get("kidFloor").asDouble();
    assertTrue(kidFloor > 0, c.toString());
    assertEquals(3 * kidFloor, c.get("maxKid").asDouble(), 1e-12, "kidRatio defaults to maxRatio");
    assertTrue(c.get("why").asText().contains("decided on KID"), c.toString());
    assertFalse(perClass.get("a").has("maxKid"), "a class decided on FID adds nothing");
    assertFalse(perClass.get("a").has("why"));
  }

  @Test
  void anExtractorThatLearnsTrainsOnHalfOfEachClassAndTheGateMeasuresWithTheOtherHalf() throws Exception {
    PixelExtractorFactory learning = new PixelExtractorFactory(true);
    new FidGateStage(params("drop-class")).apply(data(), new GateTestContext(dir, 3, List.of(learning)));
    assertEquals(400, learning.trainedOn.size() * 2);
    assertEquals(100, learning.trainedOn.countByClass()[0]);
    assertTrue(learning.trainedOn.samples().stream().allMatch(s -> s.origin().isReal()));
    JsonNode gate = gateJson(dir);
    JsonNode p = gate.get("protocol");
    assertEquals(100, p.get("referenceSamples").asInt(), "min(200 a source, the 200 unseen real images / 2)");
    assertEquals(FidGateStage.REFERENCE_SPLIT_HELD_OUT, p.get("referenceSplit").asText());
    assertTrue(gate.get("reason").asText().contains("compared with 100 of the 200 real images"), gate.toString());
    assertTrue(gate.get("reason").asText().contains("(learned from 200 other real images)"), gate.toString());
  }

  @Test
  void aTrainShareGivenToAnExtractorThatDoesNotLearnIsWarnedAboutOnce() throws Exception {
    FidGateParams p = Json.mapper().readValue(
        "{\"extractor\": \"pixels\", \"maxRatio\": 3, \"action\": \"drop\", \"trainShare\": 0.8}",
        FidGateParams.class);
    GateTestContext c = ctx(dir);
    new FidGateStage(p).apply(data(), c);
    assertEquals(List.of("WARN trainShare 0.800 is ignored: extractor 'pixels' does not learn from the real images,"
        + " so the gate measures with all 400 of them"), c.lines.stream().filter(l -> l.contains("trainShare")).toList());
    GateTestContext plain = ctx(dir.resolve("plain"));
    new FidGateStage(params("drop")).apply(data(), plain);
    assertTrue(plain.lines.stream().noneMatch(l -> l.contains("trainShare")), String.join("\n", plain.lines));
  }

  @Test
  void anAbsoluteThresholdWritesNoFloor() throws Exception {
    FidGateParams abs = Json.mapper().readValue("{\"extractor\": \"pixels\", \"maxFid\": 0.01, \"action\": \"drop\"}",
        FidGateParams.class);
    new FidGateStage(abs).apply(data(), ctx(dir));
    JsonNode gate = gateJson(dir);
    assertTrue(gate.get("floor").isNull());
    assertEquals("absolute", gate.get("threshold").get("kind").asText());
    assertEquals(0.01, gate.get("threshold").get("maxFid").asDouble());
    assertTrue(gate.get("measured").get(0).get("perClass").get("a").get("floor").isNull());
    assertEquals(0.01, gate.get("measured").get(0).get("perClass").get("a").get("maxFid").asDouble());
  }

  @Test
  void metricsAndOneLogLinePerSource() throws Exception {
    GateTestContext c = ctx(dir);
    new FidGateStage(params("drop-class")).apply(data(), c);
    assertEquals(new TreeSet<>(List.of("fid.aug", "fid.aug.a", "fid.aug.b", "fid.gan", "fid.gan.a", "fid.gan.b",
        "kid.aug", "kid.gan", "gate.passed")), c.metrics.keySet());
    assertEquals(0.0, c.metrics.get("gate.passed"));
    assertEquals(1, c.lines.stream().filter(l -> l.startsWith("INFO source 'aug' (200 images) passes on its classes"
        + " (overall, reported only, it passes: FID")).count(), String.join("\n", c.lines));
    assertEquals(1, c.lines.stream().filter(l -> l.startsWith("INFO source 'gan' (200 images) fails on its classes"
        + " (overall, reported only, it ") && l.endsWith("classes failing on their own: b; the failing classes are"
        + " dropped")).count(), String.join("\n", c.lines));
  }

  @Test
  void theSourceLineSaysWhatItsVerdictRestsOnAndNamesOnlyMeasuredClassesAsFailingOnTheirOwn() throws Exception {
    List<Sample> all = new ArrayList<>(data().samples());
    all.addAll(around(0.5, 2, 20, null, 7));
    all.add(around(0.9, 2, 1, "gan", 8).get(0));
    GateTestContext c = ctx(dir);
    new FidGateStage(params("drop")).apply(new Dataset(List.of("a", "b", "c"), all), c);
    List<String> gan = c.lines.stream().filter(l -> l.startsWith("INFO source 'gan'")).toList();
    assertEquals(1, gan.size(), String.join("\n", c.lines));
    assertTrue(gan.get(0).startsWith("INFO source 'gan' (201 images) fails (overall and every class must pass):"
        + " overall it fails (FID"), gan.get(0));
    assertTrue(gan.get(0).endsWith("classes failing on their own: b; too small to measure, failing with the overall"
        + " score: c; all its images are dropped"), gan.get(0));
    assertTrue(gateJson(dir).get("reason").asText().contains("images a set overall; each class is measured at its"
        + " own, smaller size)"), gateJson(dir).get("reason").asText());
  }

  /**
   * Classes a and b as in {@link #data()} from both sources, plus a small class c (10 real images
   * around 0.5) that source "gan" puts at 0.9: 10 of its 210 images, too few to fail the overall
   * score against an absolute maximum of 0.05, enough to fail class c (decided on KID).
   */
  private static Dataset oneClassOff() {
    List<Sample> all = new ArrayList<>();
    all.addAll(around(0.3, 0, 200, null, 1));
    all.addAll(around(0.7, 1, 200, null, 2));
    all.addAll(around(0.5, 2, 20, null, 7));
    all.addAll(around(0.3, 0, 100, "gan", 5));
    all.addAll(around(0.7, 1, 100, "gan", 4));
    all.addAll(around(0.9, 2, 10, "gan", 8));
    return new Dataset(List.of("a", "b", "c"), all);
  }

  @Test
  void aSourceFailingOnOneClassAloneSaysItsOverallScorePassed() throws Exception {
    GateTestContext c = ctx(dir);
    new FidGateStage(Json.mapper().readValue("{\"extractor\": \"pixels\", \"maxFid\": 0.05, \"action\": \"drop\"}",
        FidGateParams.class)).apply(oneClassOff(), c);
    JsonNode gan = gateJson(dir).get("measured").get(0);
    assertTrue(gan.get("perClass").get("a").get("passed").asBoolean(), gan.toString());
    assertFalse(gan.get("perClass").get("c").get("passed").asBoolean(), gan.toString());
    List<String> line = c.lines.stream().filter(l -> l.startsWith("INFO source 'gan'")).toList();
    assertEquals(1, line.size(), String.join("\n", c.lines));
    assertTrue(line.get(0).startsWith("INFO source 'gan' (210 images) fails (overall and every class must pass):"
        + " overall it passes (FID "), line.get(0));
    assertTrue(line.get(0).endsWith("; classes failing on their own: c; all its images are dropped"), line.get(0));
  }

  @Test
  void realFeaturesWithNoSpreadInAClassAreTheExtractorsErrorNotAGateFailure() throws Exception {
    List<Sample> all = new ArrayList<>(data().samples());
    // 20 identical real images of class c: an extractor that maps them all to one vector
    for (int i = 0; i < 20; i++) {
      float[] px = new float[16];
      java.util.Arrays.fill(px, 0.5f);
      all.add(new Sample(new Image(4, 4, 1, px), 2, Origin.real("c#" + i)));
    }
    all.addAll(around(0.5, 2, 20, "gan", 8));
    all.addAll(around(0.5, 2, 20, "aug", 9));
    StageException e = assertThrows(StageException.class, () -> new FidGateStage(params("fail"))
        .apply(new Dataset(List.of("a", "b", "c"), all), ctx(dir)));
    assertEquals("the feature extractor 'pixels' gives no spread for class 'c': its features of the 20 real images"
        + " the gate measures that class with are all the same (an extractor that has not learnt to tell them apart,"
        + " or identical images), so the real-vs-real floor is 0 and no threshold can be set from it; train the"
        + " extractor longer (classifier: extractorParams.epochs) or on more real images, or check that your"
        + " extractor's output depends on the image", e.getMessage());
    assertEquals(5, e.exitCode());
  }

  @Test
  void aTrainShareThatLeavesTooFewRealImagesIsNamedBeforeTheExtractorTrains() throws Exception {
    List<Sample> all = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      names.add("d" + c);
      all.addAll(around(0.1 * c, c, 1, null, c));
      all.addAll(around(0.1 * c, c, 5, "gan", 100 + c));
    }
    PixelExtractorFactory learning = new PixelExtractorFactory(true);
    StageException e = assertThrows(StageException.class, () -> new FidGateStage(params("fail"))
        .apply(new Dataset(names, all), new GateTestContext(dir, 3, List.of(learning))));
    assertEquals("parameter trainShare: 0.500 of each class's real images (rounded) train the pixels extractor, 10 of"
        + " the 10, which leaves 0 for the gate to measure with; FID and KID need at least 4 (two halves of 2 images);"
        + " lower trainShare (a class of n images keeps n - round(n x trainShare)), give the classes more real images,"
        + " or use an extractor that does not learn from them (onnx)", e.getMessage());
    assertEquals(null, learning.trainedOn, "nothing trained");
  }

  @Test
  void sameSeedGivesTheSameGateJsonBytes() throws Exception {
    new FidGateStage(params("drop-class")).apply(data(), ctx(dir.resolve("one")));
    new FidGateStage(params("drop-class")).apply(data(), ctx(dir.resolve("two")));
    assertEquals(Files.readString(dir.resolve("one/artifacts/gate/gate.json")),
        Files.readString(dir.resolve("two/artifacts/gate/gate.json")));
  }

  @Test
  void aGateBeforeAnyGeneratorSaysWhereToPutIt() throws Exception {
    Dataset realOnly = data().real();
    StageException e = assertThrows(StageException.class,
        () -> new FidGateStage(params("fail")).apply(realOnly, ctx(dir)));
    assertTrue(e.getMessage().contains("at stage index 3 has no synthetic images to measure"), e.getMessage());
    assertTrue(e.getMessage().contains("place the fid-gate after a stage that makes images"), e.getMessage());
  }

  @Test
  void unknownExtractorListsTheKnownOnes() throws Exception {
    FidGateParams p = Json.mapper().readValue("{\"extractor\": \"inception\", \"maxRatio\": 2}", FidGateParams.class);
    StageException e = assertThrows(StageException.class, () -> new FidGateStage(p).apply(data(), ctx(dir)));
    assertEquals("unknown feature extractor 'inception' (parameter extractor); known extractors: pixels",
        e.getMessage());
  }

  @Test
  void badExtractorParamsAreNamedUnderExtractorParams() throws Exception {
    FidGateParams p = Json.mapper().readValue(
        "{\"extractor\": \"pixels\", \"maxRatio\": 2, \"extractorParams\": {\"gian\": 2}}", FidGateParams.class);
    StageException e = assertThrows(StageException.class, () -> new FidGateStage(p).apply(data(), ctx(dir)));
    assertEquals("extractorParams.gian: extractor 'pixels' has no such parameter; its parameters: [gain]",
        e.getMessage());
  }

  @Test
  void aStageListedInStagesThatMadeNoImagesIsNamed() throws Exception {
    FidGateParams p = Json.mapper().readValue("{\"extractor\": \"pixels\", \"maxRatio\": 2, \"stages\": [\"gna\"]}",
        FidGateParams.class);
    StageException e = assertThrows(StageException.class, () -> new FidGateStage(p).apply(data(), ctx(dir)));
    assertTrue(e.getMessage().startsWith("stages lists 'gna', but no image entering the gate at stage index 3 was"
        + " made by a stage of that id; stages that made images: [aug, gan]"), e.getMessage());
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    out.sort(null);
    return out;
  }
}
