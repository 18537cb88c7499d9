package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.ParamException;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageLog;
import io.synthaug.api.ValidationContext;
import io.synthaug.core.ml.LabelAgreement;
import io.synthaug.core.ml.LabelPredictor;
import io.synthaug.core.report.ImageGrid;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stage as a pipeline runs it: what it refuses before any training, and what its quality
 * checks compare the samples with.
 */
class GanStageTest {

  /** Small networks and two steps: enough to export, sample and judge in a few seconds. */
  private static final String TINY = "\"steps\": 2, \"batchSize\": 8, \"baseChannels\": 4, \"zDim\": 8,"
      + " \"gridEvery\": 0, \"emaDecay\": 0";

  @TempDir
  Path tmp;

  private static GanParams params(String json) throws Exception {
    return Json.mapper().readValue("{" + json + "}", GanParams.class);
  }

  private static List<String> classes(int n) {
    return IntStream.range(0, n).mapToObj(c -> "c" + c).toList();
  }

  /** A bright bar whose row tells the class (three rows in turn), on a dark, slightly noisy ground. */
  private static Image bar(int label, SplittableRandom r) {
    float[] px = new float[28 * 28];
    for (int p = 0; p < px.length; p++) {
      px[p] = Math.abs(p / 28 - (6 + 8 * (label % 3))) <= 1 ? 0.9f : (float) (0.05 * r.nextDouble());
    }
    return new Image(28, 28, 1, px);
  }

  /** Uniform noise: nothing like the real images, with far more pixel variance. */
  private static Image noise(SplittableRandom r) {
    float[] px = new float[28 * 28];
    for (int p = 0; p < px.length; p++) {
      px[p] = (float) r.nextDouble();
    }
    return new Image(28, 28, 1, px);
  }

  /**
   * {@code made[c]} images of each class c from an earlier stage, followed by {@code real[c]}
   * input images of each class.
   */
  private static Dataset dataset(List<String> classes, int[] real, int[] made) {
    SplittableRandom r = new SplittableRandom(11);
    List<Sample> samples = new ArrayList<>();
    for (int c = 0; c < made.length; c++) {
      for (int i = 0; i < made[c]; i++) {
        samples.add(new Sample(noise(r), c, Origin.made("classic-0", i, Map.of())));
      }
    }
    for (int c = 0; c < real.length; c++) {
      for (int i = 0; i < real[c]; i++) {
        samples.add(new Sample(bar(c, r), c, Origin.real("x#" + c + "." + i)));
      }
    }
    return new Dataset(classes, samples);
  }

  /** A stage context over temporary folders that keeps the stage's log lines. */
  private final class Context implements StageContext {
    final List<String> info = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Map<String, Double> metrics = new TreeMap<>();
    final Map<String, String> records = new TreeMap<>();
    final Map<String, Device> devices = new TreeMap<>();
    private final List<String> classNames;
    private final boolean resume;

    Context(List<String> classNames, boolean resume) {
      this.classNames = classNames;
      this.resume = resume;
    }

    @Override
    public String stageId() {
      return "g";
    }

    @Override
    public int stageIndex() {
      return 1;
    }

    @Override
    public List<String> classNames() {
      return classNames;
    }

    @Override
    public long seed() {
      return 5;
    }

    @Override
    public Path artifactDir() {
      return created(tmp.resolve("artifacts/g"));
    }

    @Override
    public Path checkpointDir() {
      return created(tmp.resolve(".out.checkpoints/g"));
    }

    private Path created(Path dir) {
      try {
        return Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public boolean resume() {
      return resume;
    }

    @Override
    public Device device() {
      return Device.CPU;
    }

    @Override
    public Path resolve(String path) {
      return tmp.resolve(path);
    }

    @Override
    public void usedDevice(String part, Device used) {
      devices.put(part, used);
    }

    @Override
    public void record(String name, String value) {
      records.put(name, value);
    }

    @Override
    public Progress progress() {
      return Progress.silent();
    }

    @Override
    public StageLog log() {
      return new StageLog() {
        @Override
        public void info(String message) {
          info.add(message);
        }

        @Override
        public void warn(String message) {
          warnings.add(message);
        }

        @Override
        public void debug(String message) {
        }
      };
    }

    @Override
    public ExtensionLookup extensions() {
      return new ExtensionLookup() {
        @Override
        public <T> List<T> all(Class<T> type) {
          return List.of();
        }
      };
    }

    @Override
    public void metric(String name, double value) {
      metrics.put(name, value);
    }
  }

  private void assertNothingTrained() {
    assertFalse(Files.exists(tmp.resolve("artifacts/g/losses.csv")), "no training ran");
    assertFalse(Files.exists(tmp.resolve(".out.checkpoints/g/training.ckpt")), "no checkpoint was written");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"perClass\": 5}", "{\"ratio\": 1.0}", "{\"fillTo\": 30}"})
  void aClassWhoseRealImagesAnEarlierStageRemovedIsRefusedBeforeTraining(String amount) throws Exception {
    // c2 holds only what an earlier stage made: its real images were filtered out
    Dataset in = dataset(classes(3), new int[] {10, 10, 0}, new int[] {4, 4, 4});
    GanStage stage = new GanStage(params("\"sample\": " + amount + ", " + TINY));

    StageException e = assertThrows(StageException.class, () -> stage.apply(in, new Context(in.classNames(), false)));

    assertEquals("the GAN has no real images of class 'c2' to learn from (their images were removed by an earlier"
        + " stage, or the input has none), so it cannot make images of it; keep some of their real images in the"
        + " earlier stages, or set trainOn to \"all\" to learn from the images the earlier stages made of it",
        e.getMessage());
    assertNothingTrained();
  }

  @Test
  void classesWithNoImagesAtAllAreRefusedWhenTrainingOnAll() throws Exception {
    Dataset in = dataset(classes(4), new int[] {10, 10, 0, 0}, new int[] {4, 4, 0, 0});
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 5}, \"trainOn\": \"all\", " + TINY));

    StageException e = assertThrows(StageException.class, () -> stage.apply(in, new Context(in.classNames(), false)));

    assertEquals("the GAN has no images of classes 'c2', 'c3' to learn from (their images were removed by an earlier"
        + " stage, or the input has none), so it cannot make images of them; keep some of their images in the"
        + " earlier stages, or remove those classes from the input", e.getMessage());
    assertNothingTrained();
  }

  @Test
  void moreSamplesThanAListHoldsAreRefusedBeforeTraining() throws Exception {
    // 215 x 10,000,000 overflows an int
    int[] one = new int[215];
    java.util.Arrays.fill(one, 1);
    Dataset in = dataset(classes(215), one, new int[0]);
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 10000000}, \"baseChannels\": 4, \"zDim\": 8"));

    StageException e = assertThrows(StageException.class, () -> stage.apply(in, new Context(in.classNames(), false)));

    assertEquals("sample (perClass 10000000) asks for 2150000000 synthetic images over 215 classes; with the 215"
        + " images the dataset holds already that is more than one list can hold (2147483639 images); lower"
        + " sample.perClass", e.getMessage());
    assertNothingTrained();
  }

  @Test
  void tooManyClassesAreReportedAsWhatTheDataHoldsNotAsASpecField() throws Exception {
    int[] real = new int[10_001];
    java.util.Arrays.fill(real, 0, 64, 1);
    Dataset in = dataset(classes(10_001), real, new int[0]);
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 1}, " + TINY));

    StageException e = assertThrows(StageException.class, () -> stage.apply(in, new Context(in.classNames(), false)));

    assertEquals("the GAN is conditioned on at most 10000 classes, but the dataset has 10001; merge classes, or"
        + " split them over several runs", e.getMessage());
  }

  @Test
  void aCheckpointOfOtherDataNamesTheFolderToDeleteToStartAfresh() throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, 10, 10}, new int[0]);
    Context ctx = new Context(in.classNames(), true);
    Path checkpoint = ctx.checkpointDir().resolve("training.ckpt");
    try (DjlGanTrainer other = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      other.trainStep();
      other.saveCheckpoint(checkpoint);
    }
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 2}, " + TINY));

    InputException e = assertThrows(InputException.class, () -> stage.apply(in, ctx));

    assertEquals(checkpoint.toString(), e.file());
    assertTrue(e.getMessage().startsWith(checkpoint + ": checkpoint was written for other training data"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; resume with the training data it was written for; to start afresh, delete "
        + tmp.resolve(".out.checkpoints") + ": a run without --resume is refused while that folder exists"),
        e.getMessage());
  }

  @Test
  void resumingACheckpointWrittenOnAnotherDeviceWarnsAndGoesOn() throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, 10, 10}, new int[0]);
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 2}, " + TINY));
    Context first = new Context(in.classNames(), false);
    stage.apply(in, first);
    assertEquals(List.of(), first.warnings.stream().filter(w -> w.contains("made elsewhere")).toList());
    Path checkpoint = first.checkpointDir().resolve("training.ckpt");
    GanCheckpoint.read(checkpoint).put(DjlGanTrainer.DEVICE_KEY, "gpu(0)").write(checkpoint);

    Context resumed = new Context(in.classNames(), true);
    Dataset out = new GanStage(params("\"sample\": {\"perClass\": 2}, " + TINY)).apply(in, resumed);

    assertEquals(in.size() + 6, out.size());
    assertTrue(resumed.info.contains("resuming training at step 2 of 2"), resumed.info.toString());
    String warning = "resuming a checkpoint made elsewhere (" + checkpoint + "): written on gpu(0), resumed on"
        + " cpu(); training goes on, but the generator and its samples will not be the bytes an uninterrupted run"
        + " would have made";
    assertEquals(List.of(warning), resumed.warnings.stream().filter(w -> w.contains("elsewhere")).toList());
    // run.json keeps what the log said
    assertEquals("2", resumed.records.get("resumedFromStep"));
    assertEquals(warning, resumed.records.get("resumeWarning"));
    assertEquals(null, first.records.get("resumedFromStep"));
  }

  @Test
  void theDevicesUsedAndTheSamplingSeedAreRecordedAndTheSeedGivesEveryImage() throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, 10, 10}, new int[0]);
    Context ctx = new Context(in.classNames(), false);

    Dataset out = new GanStage(params("\"sample\": {\"perClass\": 2}, \"judgeEpochs\": 0, " + TINY)).apply(in, ctx);

    assertEquals(Map.of("training", Device.CPU, "sampling", Device.CPU), ctx.devices);
    long seed = Long.parseLong(ctx.records.get("samplingSeed"));
    assertEquals(io.synthaug.api.Seeds.derive(ctx.seed(), 1), seed);
    // image i of class c comes from the noise of (seed, c, i): what `runner sample --seed` draws
    List<Sample> made = out.samples().stream().filter(s -> s.origin().stage().equals("g")).toList();
    assertEquals(6, made.size());
    for (Sample s : made) {
      int index = Integer.parseInt(s.origin().attributes().get("index"));
      assertEquals(io.synthaug.api.Seeds.derive(seed, s.label(), index), s.origin().seed(), s.origin().toString());
    }
  }

  @Test
  void aResumeWithOtherSettingsNamesEachChangedSettingInTheSpecsTerms() throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, 10, 10}, new int[0]);
    new GanStage(params("\"sample\": {\"perClass\": 1}, \"judgeEpochs\": 0, " + TINY))
        .apply(in, new Context(in.classNames(), false));
    Path checkpoint = tmp.resolve(".out.checkpoints/g/training.ckpt");
    GanStage changed = new GanStage(params("\"sample\": {\"perClass\": 1}, \"judgeEpochs\": 0, "
        + TINY.replace("\"steps\": 2", "\"steps\": 3") + ", \"generatorLr\": 0.0003"));

    StageException e = assertThrows(StageException.class, () -> changed.apply(in, new Context(in.classNames(), true)));

    assertEquals("cannot resume: the training settings changed since the checkpoint in " + checkpoint + ": steps"
        + " changed from 2 to 3; generatorLr changed from 0.0002 to 0.0003; restore the spec, or delete "
        + tmp.resolve(".out.checkpoints") + " to start over with the new settings", e.getMessage());
    assertTrue(Files.exists(checkpoint), "the checkpoint stays for a resume with the old settings");
  }

  @Test
  void aDivergedTrainingRemovesItsCheckpointAndSaysWhichSettingsToLower() throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, 10, 10}, new int[0]);
    Context ctx = new Context(in.classNames(), false);
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 1}, \"judgeEpochs\": 0, \"checkpointEvery\": 1, "
        + TINY.replace("\"steps\": 2", "\"steps\": 50") + ", \"generatorLr\": 1e30"));

    GanDivergedException e = assertThrows(GanDivergedException.class, () -> stage.apply(in, ctx));

    assertTrue(e.step() > 1, "a checkpoint was written before: step " + e.step());
    assertEquals(e.what() + "; its checkpoint was removed, since resuming it with these settings would diverge again."
        + " Lower generatorLr (now 1.0E30) and discriminatorLr (now 0.0002), or try \"family\": \"wgan-gp\", and run again: this stage then trains"
        + " from its first step", e.getMessage());
    assertFalse(Files.exists(tmp.resolve(".out.checkpoints/g")), "nothing a rerun would trip over");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void classesTooSmallForTheJudgesHoldOutAreRefusedBeforeTrainingNamingJudgeEpochs(int few) throws Exception {
    Dataset in = dataset(classes(3), new int[] {10, few, 10}, new int[0]);
    GanStage stage = new GanStage(params("\"sample\": {\"perClass\": 1}, " + TINY.replace("\"batchSize\": 8",
        "\"batchSize\": 4")));

    StageException e = assertThrows(StageException.class, () -> stage.apply(in, new Context(in.classNames(), false)));

    assertEquals("the label-agreement judge (judgeEpochs 10) holds out 0.1 of each class's real images for early"
        + " stopping and needs at least 6 real images a class, but class 'c1' (" + few + ") has fewer; set judgeEpochs"
        + " to 0 to skip the judge, or give every class at least 6 real images", e.getMessage());
    assertNothingTrained();
    // without the judge the same data trains
    new GanStage(params("\"sample\": {\"perClass\": 1}, \"judgeEpochs\": 0, " + TINY.replace("\"batchSize\": 8",
        "\"batchSize\": 4"))).apply(in, new Context(in.classNames(), false));
  }

  @Test
  void theFactoryRefusesClassesTooSmallForTheJudgeOnceTheInputIsKnownAtJudgeEpochs() throws Exception {
    GanStageFactory factory = new GanStageFactory();
    GanParams params = params("\"sample\": {\"perClass\": 1}, " + TINY);
    ExtensionLookup none = new Context(classes(3), false).extensions();
    // only the spec read: nothing to check against
    factory.validate(params, counted(none, null));
    ParamException e = assertThrows(ParamException.class, () -> factory.validate(params, counted(none,
        List.of(10, 3, 10))));
    assertEquals("judgeEpochs", e.field());
    assertTrue(e.getMessage().contains("class 'c1' (3) has fewer; set judgeEpochs to 0"), e.getMessage());
    factory.validate(params, counted(none, List.of(10, 6, 10)));
    factory.validate(params("\"sample\": {\"perClass\": 1}, \"judgeEpochs\": 0, " + TINY), counted(none,
        List.of(10, 3, 10)));
    // no sample to judge: no judge
    factory.validate(params("\"sample\": {\"perClass\": 0}, " + TINY), counted(none, List.of(10, 3, 10)));
  }

  /** A validation context of three classes {@code c0..c2} with {@code counts} images (null: spec only). */
  private static ValidationContext counted(ExtensionLookup extensions, List<Integer> counts) {
    return new ValidationContext() {
      @Override
      public ExtensionLookup extensions() {
        return extensions;
      }

      @Override
      public String stageId() {
        return "g";
      }

      @Override
      public List<String> earlierStageIds() {
        return List.of();
      }

      @Override
      public Path resolve(String path) {
        return Path.of(path);
      }

      @Override
      public Optional<List<String>> classNames() {
        return counts == null ? Optional.empty() : Optional.of(classes(3));
      }

      @Override
      public Optional<List<Integer>> classCounts() {
        return Optional.ofNullable(counts);
      }
    };
  }

  @Test
  void samplesAJudgeCannotTellApartWhileItKnowsTheRealImagesAreAWarning() {
    Dataset real = dataset(classes(3), new int[] {10, 10, 10}, new int[] {0, 0, 0}).real();
    // the bar's row tells the class: this judge reads it, as a trained one would
    LabelPredictor reader = images -> images.stream()
        .mapToInt(im -> im.pixels()[6 * 28] > 0.5f ? 0 : im.pixels()[14 * 28] > 0.5f ? 1 : 2).toArray();
    Context ctx = new Context(real.classNames(), false);
    // chance is 1/3; a tenth of the way to all is 40 %
    GanStage.warnNearChance(LabelAgreement.of(new int[] {0, 0, 0, 0, 0}, new int[] {0, 1, 2, 1, 2}, 3), reader, real,
        GanFamily.CGAN, ctx);
    GanStage.warnNearChance(LabelAgreement.of(new int[] {0, 0, 0, 0, 0}, new int[] {0, 1, 2, 1, 2}, 3), reader, real,
        GanFamily.WGAN_GP, ctx);
    String near = "label agreement 20.0% is near chance (33.3% for 3 classes) while the judge calls 100.0% of"
        + " the real images right: the samples do not show their classes; train longer (steps)";
    assertEquals(List.of(near + ", or try wgan-gp", near), ctx.warnings);

    ctx.warnings.clear();
    GanStage.warnNearChance(LabelAgreement.of(new int[] {0, 1, 0, 0, 0}, new int[] {0, 1, 2, 1, 2}, 3), reader, real,
        GanFamily.CGAN, ctx);
    assertEquals(List.of(), ctx.warnings, "40 % is past a tenth of the way");
    // a judge no better on the real images than on the samples says nothing about them
    GanStage.warnNearChance(LabelAgreement.of(new int[] {0, 0, 0, 0, 0}, new int[] {0, 1, 2, 1, 2}, 3),
        images -> new int[images.size()], real, GanFamily.CGAN, ctx);
    assertEquals(List.of(), ctx.warnings);
  }

  @Test
  void withTrainOnAllTheQualityChecksStillCompareWithTheRealImages() throws Exception {
    // an earlier stage's noise images come first, so a grid or reference set taken from all
    // images would be made of them; c2 has few real images, so its ratio rounds to none
    Dataset in = dataset(classes(3), new int[] {40, 40, 6}, new int[] {6, 6, 6});
    Context ctx = new Context(in.classNames(), false);
    GanStage stage = new GanStage(params("\"sample\": {\"ratio\": 0.05}, \"trainOn\": \"all\", \"judgeEpochs\": 1, "
        + TINY));

    Dataset out = stage.apply(in, ctx);

    List<Sample> synthetic = out.samples().stream().filter(s -> s.origin().stage().equals("g")).toList();
    assertArrayEquals(new int[] {2, 2, 0}, out.withSamples(synthetic).countByClass());
    assertTrue(ctx.info.contains("class 'c2' gets no synthetic images: ratio 0.05 of its 6 real images rounds to 0"),
        ctx.info.toString());
    assertTrue(ctx.info.stream().anyMatch(l -> l.contains("a classifier trained on the 86 real images")),
        ctx.info.toString());

    CollapseCheck expected = CollapseCheck.measure(in.real().samples(), synthetic, 3);
    CollapseCheck againstAll = CollapseCheck.measure(in.samples(), synthetic, 3);
    JsonNode quality = Json.mapper().readTree(tmp.resolve("artifacts/g/quality.json").toFile());
    for (int c = 0; c < 2; c++) {
      JsonNode cls = quality.get("classes").get("c" + c);
      assertEquals(expected.varianceRatio()[c], cls.get("varianceRatio").asDouble(), "c" + c);
      assertEquals(expected.duplicateRate()[c], cls.get("duplicateRate").asDouble(), "c" + c);
      assertNotEquals(againstAll.varianceRatio()[c], expected.varianceRatio()[c], "the test tells the two apart");
    }

    List<List<Image>> rows = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      int label = c;
      rows.add(in.real().samples().stream().filter(s -> s.label() == label).limit(10).map(Sample::image).toList());
    }
    Path grid = tmp.resolve("expected-real.png");
    ImageGrid.write(grid, rows, 2, 2);
    assertArrayEquals(Files.readAllBytes(grid), Files.readAllBytes(tmp.resolve("artifacts/g/real.png")),
        "real.png shows the real images");
  }
}
