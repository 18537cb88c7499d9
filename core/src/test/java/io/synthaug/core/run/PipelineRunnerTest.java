package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Checks;
import io.synthaug.api.Dataset;
import io.synthaug.api.DatasetStage;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.ImageStage;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Param;
import io.synthaug.api.Sample;
import io.synthaug.api.SpecException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.data.PngCodec;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.SpecReader;
import io.synthaug.core.testing.TestStages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {

  @TempDir
  Path dir;

  PluginHost host;
  PipelineRunner runner;

  @BeforeEach
  void setUp() {
    host = PluginHost.load(null, List.of(new TestStages.Brighten(), new TestStages.Fail()), List.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    runner = new PipelineRunner(host, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      float[] px = new float[36];
      px[i % 36] = 0.5f;
      samples.add(new Sample(new Image(6, 6, 1, px), i % 2, Origin.real("x#" + i)));
    }
    IdxFormat.write(new Dataset(List.of("a", "b"), samples), dir.resolve("i.gz"), dir.resolve("l.gz"));
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private BoundPipeline spec(String stages) throws IOException {
    return spec("""
        "input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
         "output": {"path": "out"}""", stages);
  }

  private BoundPipeline spec(String inputAndOutput, String stages) throws IOException {
    Path f = Files.writeString(dir.resolve("spec.json"), """
        {"seed": 4, %s, "stages": %s}""".formatted(inputAndOutput, stages));
    return new SpecReader(host).read(f);
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Hashes.sha256(p));
      }
    }
    return files;
  }

  @Test
  void resultDoesNotDependOnThreadCount() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2, \"copies\": 3}}]");
    RunResult one = runner.run(p, new RunOptions(dir.resolve("t1").toString(), false, false, null, 1));
    runner.run(p, new RunOptions(dir.resolve("t2").toString(), false, false, null, 2));
    assertEquals(80, one.samples());
    assertEquals(Map.of("real", 20, "brighten-0", 60), one.bySource());
    Map<String, String> a = tree(dir.resolve("t1"));
    Map<String, String> b = tree(dir.resolve("t2"));
    a.remove("run.json");
    b.remove("run.json");
    assertEquals(a, b);
    assertTrue(a.containsKey("report.html"), "the run writes its report, the same bytes for the same seed");
    String html = Files.readString(dir.resolve("t1/report.html"));
    assertTrue(html.contains("<th>class</th><th>real</th><th>made by brighten-0</th>"), html);
    assertTrue(html.contains("<td>brighten-0</td><td class=\"num\">30</td><td class=\"num\">30</td>"
        + "<td class=\"num\">60</td>"), html);
  }

  @Test
  void failingStageLeavesNoOutputButNamesTheStage() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}, {\"id\": \"x\", \"type\": \"fail\"}]");
    StageException e = assertThrows(StageException.class, () -> runner.run(p, RunOptions.defaults()));
    assertTrue(e.getMessage().startsWith("stage 'x' (type fail, plugin built-in): boom"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".out.staging")), "staging removed");
    }
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")), "a checkpoints folder with no checkpoint removed");
    // so the next run needs no --resume
    runner.run(spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}]"), RunOptions.defaults());
    assertTrue(Files.exists(dir.resolve("out/manifest.csv")));
  }

  @Test
  void checkpointsOfAnInterruptedRunNeedResume() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}]");
    Files.createDirectories(dir.resolve(".out.checkpoints/brighten-0"));
    Files.writeString(dir.resolve(".out.checkpoints/brighten-0/training.ckpt"), "a checkpoint");
    SynthaugException e = assertThrows(SynthaugException.class, () -> runner.run(p, RunOptions.defaults()));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    runner.run(p, new RunOptions(null, false, true, null, null));
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")), "a successful run removes its checkpoints");
    SynthaugException noCheckpoint = assertThrows(SynthaugException.class,
        () -> runner.run(p, new RunOptions(dir.resolve("o2").toString(), false, true, null, null)));
    assertTrue(noCheckpoint.getMessage().contains("no interrupted run"), noCheckpoint.getMessage());
  }

  @Test
  void aResumeIsRefusedBeforeAnyStageRunsWhileCheckpointsOfAStageTheSpecLacksWait() throws IOException {
    // the stage whose training was killed was renamed (or removed) before --resume
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}, {\"id\": \"x\", \"type\": \"fail\"}]");
    Path checkpoint = Files.createDirectories(dir.resolve(".out.checkpoints/g")).resolve("training.ckpt");
    Files.writeString(checkpoint, "a checkpoint");
    Files.createDirectories(dir.resolve(".out.checkpoints/brighten-0"));

    SpecException e = assertThrows(SpecException.class,
        () -> runner.run(p, new RunOptions(null, false, true, null, null)));

    assertEquals(SpecException.EXIT_CODE, e.exitCode());
    assertEquals(dir.resolve("spec.json") + " at $.stages: cannot resume: " + dir.resolve(".out.checkpoints")
        + " holds checkpoints of stage 'g', but the spec has no stage of that id (its stages: 'brighten-0', 'x'), so"
        + " no stage would go on from them and a successful run would delete them; give the stage its id again to"
        + " continue it, or delete " + dir.resolve(".out.checkpoints/g") + " to run without them", e.getMessage());
    assertEquals("a checkpoint", Files.readString(checkpoint), "nothing is deleted");
    assertEquals(List.of(".out.checkpoints", "i.gz", "l.gz", "spec.json"), listing(), "no stage ran, nothing staged");
  }

  @Test
  void aFailedRunThatKeepsCheckpointsSaysWhereAndWhatToDo() throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
    PipelineRunner r = new PipelineRunner(host, new RunLog(out, false), new ConsoleProgress(out, false, 60_000));
    BoundPipeline p = spec("[{\"id\": \"x\", \"type\": \"fail\"}]");
    Files.createDirectories(dir.resolve(".out.checkpoints/x"));
    Files.writeString(dir.resolve(".out.checkpoints/x/training.ckpt"), "a checkpoint");

    assertThrows(StageException.class, () -> r.run(p, new RunOptions(null, false, true, null, null)));

    assertTrue(log.toString().contains("the checkpoints of stage 'x' stay in " + dir.resolve(".out.checkpoints")
        + ": rerun with --resume to continue from them, or delete that folder to start over"), log.toString());
    SynthaugException plain = assertThrows(SynthaugException.class, () -> r.run(p, RunOptions.defaults()));
    assertEquals("found checkpoints of stage 'x' of an earlier run of this output that did not finish (it failed or"
        + " was stopped) in " + dir.resolve(".out.checkpoints") + ": rerun with --resume to continue from them, or"
        + " delete that folder to start over", plain.getMessage());
  }

  /** Params of {@link Recorder}. */
  public record RecorderParams() {
  }

  /** A dataset stage that reports running on the CPU and records a fact, as the GAN stage does. */
  public static final class Recorder implements StageFactory<RecorderParams> {
    @Override
    public String type() {
      return "recorder";
    }

    @Override
    public String description() {
      return "Records how it ran.";
    }

    @Override
    public Class<RecorderParams> paramsType() {
      return RecorderParams.class;
    }

    @Override
    public Stage create(RecorderParams p, StageContext ctx) {
      return (DatasetStage) (in, c) -> {
        c.usedDevice("training", Device.CPU);
        c.record("samplingSeed", "-42");
        c.usedDevice("sampling", Device.CPU);
        return in;
      };
    }
  }

  @Test
  void runJsonRecordsTheDeviceUsedBesideTheOneAskedForAndWhatStagesRecorded() throws IOException {
    try (PluginHost h = PluginHost.load(null, List.of(new TestStages.Brighten(), new Recorder()), List.of())) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      PipelineRunner r = new PipelineRunner(h, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
      Path f = Files.writeString(dir.resolve("rec.json"), """
          {"input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
           "output": {"path": "out"}, "stages": [{"type": "brighten", "params": {"amount": 0.2}},
           {"id": "g", "type": "recorder"}]}""");

      r.run(new SpecReader(h).read(f), new RunOptions(null, false, false, Device.GPU, null));

      var run = io.synthaug.core.spec.Json.mapper().readTree(dir.resolve("out/run.json").toFile());
      assertEquals("cpu", run.get("device").asText(), "no stage ran on a GPU");
      assertEquals("gpu", run.get("deviceRequested").asText());
      assertFalse(run.get("resumed").asBoolean());
      assertEquals("{\"g\":{\"devices\":{\"training\":\"cpu\",\"sampling\":\"cpu\"},\"samplingSeed\":\"-42\"}}",
          run.get("stages").toString());
    }
  }

  @Test
  void checkpointFoldersWithoutACheckpointAreNoInterruptedRun() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}]");
    // what a run killed before its first checkpoint leaves
    Files.createDirectories(dir.resolve(".out.checkpoints/brighten-0"));
    SynthaugException e = assertThrows(SynthaugException.class,
        () -> runner.run(p, new RunOptions(null, false, true, null, null)));
    assertTrue(e.getMessage().contains("the earlier run left no checkpoint"), e.getMessage());
    assertTrue(e.getMessage().endsWith("rerun without --resume to start afresh"), e.getMessage());
    assertEquals(40, runner.run(p, RunOptions.defaults()).samples());
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")));
  }

  @Test
  void existingOutputIsKeptWithoutForce() throws IOException {
    BoundPipeline p = spec("[]");
    Files.createDirectories(dir.resolve("out"));
    assertThrows(OutputExistsException.class, () -> runner.run(p, RunOptions.defaults()));
    RunResult r = runner.run(p, new RunOptions(null, true, false, null, null));
    assertEquals(20, r.samples());
    assertTrue(Files.exists(dir.resolve("out/manifest.csv")));
  }

  @Test
  void anOutputThatIsOrHoldsTheSpecsFolderOrAnInputIsRefusedEvenWhenForced() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"fail\"}]");
    List<String> before = listing();

    SpecException folder = assertThrows(SpecException.class,
        () -> runner.run(p, new RunOptions(dir.toString(), true, false, null, null)));
    assertEquals("--out", folder.jsonPath());
    assertTrue(folder.problem().startsWith("the output folder " + dir + " is the spec's folder " + dir),
        folder.problem());
    SpecException above = assertThrows(SpecException.class,
        () -> runner.run(p, new RunOptions(dir.getParent().toString(), true, false, null, null)));
    assertTrue(above.problem().startsWith("the output folder " + dir.getParent() + " holds the spec's folder "
        + dir), above.problem());
    SpecException file = assertThrows(SpecException.class,
        () -> runner.run(p, new RunOptions(dir.resolve("spec.json").toString(), true, false, null, null)));
    assertTrue(file.problem().startsWith("the output folder " + dir.resolve("spec.json") + " is the spec file "
        + dir.resolve("spec.json")), file.problem());

    BoundPipeline intoInput = spec("""
        "input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
         "output": {"path": "i.gz"}""", "[{\"type\": \"fail\"}]");
    SpecException input = assertThrows(SpecException.class,
        () -> runner.run(intoInput, new RunOptions(null, true, false, null, null)));
    assertEquals("$.output.path", input.jsonPath());
    assertTrue(input.problem().startsWith("the output folder " + dir.resolve("i.gz") + " is the input images file"
        + " ($.input.images) " + dir.resolve("i.gz")), input.problem());
    assertEquals(before, listing(), "nothing was moved, deleted or staged");
  }

  @Test
  void anOutputInsideAnInputFolderIsRefused() throws IOException {
    writePngs("folder", List.of("a", "b"), 1);
    BoundPipeline p = spec("""
        "input": {"format": "imagefolder", "path": "folder"}, "output": {"path": "folder/out"}""", "[]");
    SpecException e = assertThrows(SpecException.class, () -> runner.run(p, RunOptions.defaults()));
    assertTrue(e.problem().startsWith("the output folder " + dir.resolve("folder/out") + " lies inside the input"
        + " image folder ($.input.path) " + dir.resolve("folder")), e.problem());
    assertFalse(Files.exists(dir.resolve("folder/out")));
  }

  /** An image folder {@code name} with {@code perClass} 4x4 images of each class, of {@code channels}. */
  private void writePngs(String name, List<String> classes, int channels) throws IOException {
    for (String c : classes) {
      Path classDir = Files.createDirectories(dir.resolve(name).resolve(c));
      for (int i = 0; i < 3; i++) {
        float[] px = new float[16 * channels];
        px[i] = 1f;
        PngCodec.write(new Image(4, 4, channels, px), classDir.resolve(i + ".png"));
      }
    }
  }

  @Test
  void idxOutputOfRgbImagesIsRefusedBeforeAnyStageRuns() throws IOException {
    writePngs("rgb", List.of("a", "b"), 3);
    BoundPipeline p = spec("""
        "input": {"format": "imagefolder", "path": "rgb"}, "output": {"path": "out", "idx": true}""",
        "[{\"type\": \"fail\"}]");
    SpecException e = assertThrows(SpecException.class, () -> runner.run(p, RunOptions.defaults()));
    assertEquals("$.output.idx", e.jsonPath());
    assertTrue(e.problem().startsWith("IDX files store one grayscale channel but the input images are 4x4x3"),
        e.problem());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void classFoldersThatWouldShareAnOutputFolderFailWhenTheInputIsRead() throws IOException {
    writePngs("cased", List.of("Cat", "cat"), 1);
    BoundPipeline p = spec("""
        "input": {"format": "imagefolder", "path": "cased"}, "output": {"path": "out"}""",
        "[{\"type\": \"fail\"}]");
    InputException e = assertThrows(InputException.class, () -> runner.run(p, RunOptions.defaults()));
    assertEquals("cased", e.file());
    assertTrue(e.getMessage().contains("class names 'Cat' and 'cat' differ only in letter case"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void aPerClassShortfallNamesTheFileAndTheFieldThatAskedForIt() throws IOException {
    BoundPipeline p = spec("""
        "input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"], "perClass": 11},
         "output": {"path": "out"}""", "[]");
    InputException e = assertThrows(InputException.class, () -> runner.run(p, RunOptions.defaults()));
    assertEquals("i.gz: class 'a' has 10 samples, fewer than the 11 per class asked for by $.input.perClass in "
        + dir.resolve("spec.json") + "; ask for at most 10 per class or add images to that class", e.getMessage());
  }

  /**
   * Params of {@code unreadable}.
   *
   * @param perImage whether the stage fails per image rather than on the whole dataset
   */
  public record UnreadableParams(@Param(value = "Fail per image.", defaultValue = "false") Boolean perImage) {
    public UnreadableParams {
      perImage = Checks.orDefault(perImage, false);
    }
  }

  /** A stage whose model file cannot be read, as a stage resuming from a corrupt checkpoint finds. */
  public static final class Unreadable implements StageFactory<UnreadableParams> {
    @Override
    public String type() {
      return "unreadable";
    }

    @Override
    public String description() {
      return "Cannot read its model.";
    }

    @Override
    public Class<UnreadableParams> paramsType() {
      return UnreadableParams.class;
    }

    @Override
    public Stage create(UnreadableParams p, StageContext ctx) {
      InputException e = new InputException("model.ckpt", "checkpoint is truncated");
      if (p.perImage()) {
        return (ImageStage) (sample, random, seed) -> {
          throw e;
        };
      }
      return (DatasetStage) (in, c) -> {
        throw e;
      };
    }
  }

  /** Params of {@link Relabel}. */
  public record RelabelParams() {
  }

  /** A dataset stage that renames the classes, which no stage may do. */
  public static final class Relabel implements StageFactory<RelabelParams> {
    @Override
    public String type() {
      return "relabel";
    }

    @Override
    public String description() {
      return "Renames the classes.";
    }

    @Override
    public Class<RelabelParams> paramsType() {
      return RelabelParams.class;
    }

    @Override
    public Stage create(RelabelParams p, StageContext ctx) {
      return (DatasetStage) (in, c) -> new Dataset(List.of("x", "y"), in.samples());
    }
  }

  @Test
  void aStageThatChangesTheClassesFailsAndNamesThem() throws IOException {
    try (PluginHost h = PluginHost.load(null, List.of(new TestStages.Brighten(), new Relabel()), List.of())) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      PipelineRunner r = new PipelineRunner(h, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
      Path f = Files.writeString(dir.resolve("relabel.json"), """
          {"input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
           "output": {"path": "out"}, "stages": [{"id": "r", "type": "relabel"}]}""");
      StageException e = assertThrows(StageException.class, () -> r.run(new SpecReader(h).read(f), RunOptions.defaults()));
      assertEquals("stage 'r' (type relabel, plugin built-in) changed the dataset's classes from [a, b] to [x, y]; a"
          + " stage adds and drops images, never classes", e.getMessage());
      assertFalse(Files.exists(dir.resolve("out")));
    }
  }

  @Test
  void anInputErrorInsideAStageNamesTheStageAndKeepsItsFileAndExitCode() throws IOException {
    try (PluginHost h = PluginHost.load(null, List.of(new TestStages.Brighten(), new Unreadable()), List.of())) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      PipelineRunner r = new PipelineRunner(h, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
      for (boolean perImage : new boolean[] {false, true}) {
        Path f = Files.writeString(dir.resolve("unreadable.json"), """
            {"input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
             "output": {"path": "out"}, "stages": [{"type": "brighten", "params": {"amount": 0.2}},
             {"id": "m", "type": "unreadable", "params": {"perImage": %s}}]}""".formatted(perImage));
        BoundPipeline p = new SpecReader(h).read(f);

        InputException e = assertThrows(InputException.class, () -> r.run(p, RunOptions.defaults()));

        assertEquals("stage 'm' (type unreadable, plugin built-in): model.ckpt: checkpoint is truncated",
            e.getMessage(), "per image: " + perImage);
        assertEquals("model.ckpt", e.file());
        assertEquals(InputException.EXIT_CODE, e.exitCode());
        assertFalse(Files.exists(dir.resolve("out")));
      }
    }
  }

  @Test
  void aFailingSampleIsReportedByTheLowestPositionAndTheStageClosesAfterItsLastCall() throws IOException {
    TestStages.Flaky flaky = new TestStages.Flaky();
    try (PluginHost flakyHost = PluginHost.load(null, List.of(flaky), List.of())) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      PipelineRunner r = new PipelineRunner(flakyHost, new RunLog(quiet, false), new ConsoleProgress(quiet, false,
          60_000));
      Path f = Files.writeString(dir.resolve("flaky.json"), """
          {"input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
           "output": {"path": "out"}, "stages": [{"type": "flaky", "params": {"fail": [3, 15, 16]}}]}""");
      BoundPipeline p = new SpecReader(flakyHost).read(f);

      StageException e = assertThrows(StageException.class,
          () -> r.run(p, new RunOptions(null, false, false, null, 4)));

      assertEquals("stage 'flaky-0' (type flaky, plugin built-in): failed: IllegalStateException: sample 3 is bad",
          e.getMessage(), "sample 3 fails last in time but first in order");
      assertEquals(0, flaky.runningAtClose.get(), "no call was running when the stage was closed");
      assertEquals(0, flaky.callsAfterClose.get());
      assertFalse(Files.exists(dir.resolve("out")));
    }
  }
}
