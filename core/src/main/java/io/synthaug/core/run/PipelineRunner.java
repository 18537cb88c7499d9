package io.synthaug.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.DatasetStage;
import io.synthaug.api.Device;
import io.synthaug.api.ImageStage;
import io.synthaug.api.InputException;
import io.synthaug.api.ParamException;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.SpecException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.DatasetWriter;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.data.OutputWriteException;
import io.synthaug.core.data.Parallel;
import io.synthaug.core.data.StageRecord;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.PluginInfo;
import io.synthaug.core.report.RunReport;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.Json;
import io.synthaug.core.spec.SpecReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Runs a bound pipeline: reads the input, runs each stage in order, and writes the dataset, the
 * manifest and the run record through a staging folder that becomes the output only on
 * success.
 */
public final class PipelineRunner {

  /** The version recorded in run manifests and ONNX metadata. */
  public static final String VERSION = versionOf();

  private final PluginHost plugins;
  private final RunLog log;
  private final Progress progress;

  /** A runner using the stages of {@code plugins}. */
  public PipelineRunner(PluginHost plugins, RunLog log, Progress progress) {
    this.plugins = plugins;
    this.log = log;
    this.progress = progress;
  }

  /** The output folder a run of {@code pipeline} with {@code options} writes. */
  public static Path outputOf(BoundPipeline pipeline, RunOptions options) {
    if (options.outputOverride() != null) {
      return Path.of(options.outputOverride()).toAbsolutePath().normalize();
    }
    if (pipeline.spec().output() == null) {
      throw new SpecException(pipeline.specName(), "$.output", -1, -1,
          "missing required field 'output' (give output.path in the spec, or --out)");
    }
    return pipeline.resolve(pipeline.spec().output().path()).toAbsolutePath();
  }

  /** The device a run uses: the override when given, else the spec's. */
  public static Device deviceOf(BoundPipeline pipeline, Device override) {
    return override != null ? override : pipeline.spec().device();
  }

  /** The worker threads a run uses: the override, else the spec's, else every core. */
  public static int threadsOf(BoundPipeline pipeline, Integer override) {
    return override != null ? override
        : pipeline.spec().threads() != null ? pipeline.spec().threads() : Runtime.getRuntime().availableProcessors();
  }

  /** Runs the pipeline. */
  public RunResult run(BoundPipeline pipeline, RunOptions options) {
    long started = System.nanoTime();
    Path out = outputOf(pipeline, options);
    OutputStaging staging = new OutputStaging(out, log);
    String clash = staging.clash(readPaths(pipeline));
    if (clash != null) {
      throw new SpecException(pipeline.specName(), options.outputOverride() != null ? "--out" : "$.output.path", -1,
          -1, clash);
    }
    staging.recoverStale().forEach(log::info);
    staging.checkOutput(options.force(), options.resume());
    if (options.resume()) {
      checkCheckpointsHaveStages(pipeline, staging);
    }
    long seed = pipeline.spec().seed();
    Device device = deviceOf(pipeline, options.deviceOverride());
    int threads = threadsOf(pipeline, options.threadsOverride());

    InputLoader.Loaded input = InputLoader.load(pipeline, log);
    logInput(input.dataset());
    boolean idx = pipeline.spec().output() != null && pipeline.spec().output().idx();
    if (idx) {
      checkIdx(pipeline, input.dataset());
    }

    staging.create();
    Map<String, Double> metrics = new TreeMap<>();
    StageFacts facts = new StageFacts();
    boolean ok = false;
    try {
      Dataset data = runAll(pipeline, input.dataset(), seed, device, threads, staging.staging().resolve("artifacts"),
          staging.checkpoints(), options.resume(), metrics, facts);
      Map<String, StageRecord> records = new LinkedHashMap<>();
      for (BoundStage bs : pipeline.stages()) {
        records.put(bs.id(), new StageRecord(bs.type(), compact(bs.resolvedParams())));
      }
      try (Progress.Task task = progress.start("write", data.size(), "img")) {
        DatasetWriter.write(data, staging.staging(), records, threads);
        task.advance(data.size());
      }
      if (idx) {
        DatasetWriter.writeIdx(data, staging.staging());
      }
      Map<String, Integer> bySource = countBySource(data);
      writeManifest(staging.staging().resolve("run.json"), pipeline, input, data, bySource, metrics, device, threads,
          options.resume(), facts);
      RunReport.write(staging.staging().resolve("report.html"), pipeline, data, seed, metrics,
          staging.staging().resolve("artifacts"));
      staging.commit();
      ok = true;
      log.info(String.format(Locale.ROOT, "wrote %d images to %s in %.1f s", data.size(), out,
          (System.nanoTime() - started) / 1e9));
      return new RunResult(out, data.size(), bySource, Map.copyOf(metrics));
    } finally {
      if (!ok) {
        staging.abort();
      }
    }
  }

  /**
   * Refuses a resumed run when the checkpoints folder holds checkpoints of a stage id the spec
   * no longer has (the stage was renamed or removed): no stage would go on from them, and the
   * run, once it succeeded, would delete them with the rest of the folder. Checked before any
   * stage runs; nothing is deleted.
   */
  private static void checkCheckpointsHaveStages(BoundPipeline pipeline, OutputStaging staging) {
    List<String> ids = pipeline.stages().stream().map(BoundStage::id).toList();
    List<String> orphans = staging.checkpointStages().stream().filter(id -> !ids.contains(id)).toList();
    if (orphans.isEmpty()) {
      return;
    }
    String which = orphans.size() == 1 ? "stage '" + orphans.get(0) + "'"
        : "stages " + String.join(", ", orphans.stream().map(id -> "'" + id + "'").toList());
    throw new SpecException(pipeline.specName(), "$.stages", -1, -1, "cannot resume: " + staging.checkpoints()
        + " holds checkpoints of " + which + ", but the spec has no stage of that id (its stages: "
        + (ids.isEmpty() ? "none" : String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()))
        + "), so no stage would go on from them and a successful run would delete them; give the stage its id"
        + " again to continue it, or delete " + (orphans.size() == 1 ? staging.checkpoints().resolve(orphans.get(0))
            : "those folders in " + staging.checkpoints()) + " to run without them");
  }

  /**
   * What a run of {@code pipeline} reads, which its output must keep clear of (see
   * {@link OutputStaging#clash}): the spec's folder (an output may lie inside it), the spec file
   * and the input's files.
   */
  public static List<OutputStaging.Kept> readPaths(BoundPipeline pipeline) {
    List<OutputStaging.Kept> kept = new ArrayList<>();
    kept.add(new OutputStaging.Kept("the spec's folder", pipeline.baseDir(), true));
    kept.add(new OutputStaging.Kept("the spec file", pipeline.specFile(), false));
    kept.addAll(InputLoader.paths(pipeline.spec().input(), "$.input", pipeline::resolve));
    return kept;
  }

  /**
   * Refuses {@code output.idx} for an input IDX cannot store, before any stage runs rather than
   * after all of them: stages keep the channel count and the classes.
   */
  private static void checkIdx(BoundPipeline pipeline, Dataset input) {
    String shape = input.samples().get(0).image().shape();
    if (input.samples().get(0).image().channels() != 1) {
      throw new SpecException(pipeline.specName(), "$.output.idx", -1, -1, "IDX files store one grayscale channel"
          + " but the input images are " + shape + " (height x width x channels); set output.idx to false, the"
          + " image folder is written either way, or read grayscale images");
    }
    if (input.classCount() > IdxFormat.MAX_CLASSES) {
      throw new SpecException(pipeline.specName(), "$.output.idx", -1, -1, "IDX labels are single bytes but the input"
          + " has " + input.classCount() + " classes; set output.idx to false, the image folder is written either way");
    }
  }

  /**
   * Runs every stage of {@code pipeline} on {@code input} with run seed {@code seed} and keeps
   * the result in memory: nothing is written but the stages' artifacts, which go to
   * {@code artifactsRoot/<stageId>/}. Checkpoints go to a hidden folder beside
   * {@code artifactsRoot} that is removed when this returns, so an interrupted call starts over.
   * An experiment uses this to run one pipeline under several seeds.
   *
   * @param input the pipeline's input, as {@link InputLoader#load(BoundPipeline, RunLog)} reads it
   * @return the final dataset and the figures the stages recorded, by {@code <stageId>.<name>}
   */
  public StagesResult runStages(BoundPipeline pipeline, Dataset input, long seed, Device device, int threads,
      Path artifactsRoot) {
    Path checkpoints = artifactsRoot.resolveSibling("." + artifactsRoot.getFileName() + ".checkpoints");
    Map<String, Double> metrics = new TreeMap<>();
    try {
      Dataset data = runAll(pipeline, input, seed, device, threads, artifactsRoot, checkpoints, false, metrics,
          new StageFacts());
      return new StagesResult(data, Map.copyOf(metrics));
    } finally {
      try {
        OutputStaging.deleteTree(checkpoints);
      } catch (IOException e) {
        log.warn("cannot remove the checkpoints in " + checkpoints + ": " + e.getMessage());
      }
    }
  }

  /** The first line every run logs about its input. */
  public void logInput(Dataset data) {
    log.info(String.format(Locale.ROOT, "input: %d images, %d classes, %s", data.size(), data.classCount(),
        data.size() == 0 ? "-" : data.samples().get(0).image().shape()));
  }

  private Dataset runAll(BoundPipeline pipeline, Dataset input, long seed, Device device, int threads,
      Path artifactsRoot, Path checkpointsRoot, boolean resume, Map<String, Double> metrics, StageFacts facts) {
    // every stage's params again, now with the input's classes and counts, before the first stage runs:
    // a class the data does not have is a spec error at once, not after a GAN's training
    new SpecReader(plugins).checkAgainstInput(pipeline, input);
    Dataset data = input;
    for (BoundStage bs : pipeline.stages()) {
      long t0 = System.nanoTime();
      int before = data.size();
      List<String> classes = data.classNames();
      data = runStage(bs, data, seed, device, threads, artifactsRoot, checkpointsRoot, resume, pipeline, metrics,
          facts);
      if (!data.classNames().equals(classes)) {
        throw new StageException("stage '" + bs.id() + "' (type " + bs.type() + ", plugin " + bs.registered().pluginId()
            + ") changed the dataset's classes from " + classes + " to " + data.classNames() + "; a stage adds and"
            + " drops images, never classes");
      }
      log.info(String.format(Locale.ROOT, "[%s] %s: %d -> %d images in %.1f s", bs.id(), bs.type(), before,
          data.size(), (System.nanoTime() - t0) / 1e9));
    }
    return data;
  }

  private Dataset runStage(BoundStage bs, Dataset data, long runSeed, Device device, int threads,
      Path artifactsRoot, Path checkpointsRoot, boolean resume, BoundPipeline pipeline, Map<String, Double> metrics,
      StageFacts facts) {
    long stageSeed = Seeds.derive(runSeed, bs.index());
    RunStageContext ctx = new RunStageContext(bs.id(), bs.index(), stageSeed, data.classNames(),
        artifactsRoot.resolve(bs.id()), checkpointsRoot.resolve(bs.id()), resume,
        device, pipeline::resolve, progress, log, plugins, metrics, facts);
    try (Stage stage = create(bs, ctx, pipeline)) {
      if (stage instanceof ImageStage image) {
        return runPerImage(bs, image, data, stageSeed, threads);
      }
      Dataset result = ((DatasetStage) stage).apply(data, ctx);
      if (result == null) {
        throw new StageException("returned no dataset");
      }
      return result;
    } catch (SynthaugException e) {
      if (e instanceof StageException && !e.getMessage().startsWith("stage '")) {
        throw new StageException(identify(bs) + e.getMessage(), e.getCause() == null ? e : e.getCause());
      }
      if (e instanceof InputException ie && !ie.getMessage().startsWith("stage '")) {
        // a checkpoint or model the stage cannot read: named like its other failures, still exiting as bad input
        throw new StageInputException(identify(bs), ie);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      throw new StageException(identify(bs) + "failed: " + describe(e), e);
    }
  }

  private static String identify(BoundStage bs) {
    return "stage '" + bs.id() + "' (type " + bs.type() + ", plugin " + bs.registered().pluginId() + "): ";
  }

  /**
   * An {@link InputException} from inside a stage, its message led by the stage's identity; the
   * file and the exit code stay those of the original.
   */
  private static final class StageInputException extends InputException {

    private static final long serialVersionUID = 1L;

    private final String message;

    StageInputException(String stage, InputException e) {
      super(e.file(), e.problem(), e);
      this.message = stage + e.getMessage();
    }

    @Override
    public String getMessage() {
      return message;
    }
  }

  private static String describe(Throwable e) {
    String msg = e.getMessage();
    return msg == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + msg;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Stage create(BoundStage bs, RunStageContext ctx, BoundPipeline pipeline) {
    Stage stage;
    try {
      stage = ((StageFactory) bs.registered().factory()).create(bs.params(), ctx);
    } catch (ParamException e) {
      // a factory that checks its params against the plugins found (a policy name, say) reports
      // like the spec reader does, by JSON path
      throw new SpecException(pipeline.specName(), "$.stages[" + bs.index() + "].params." + e.field(), -1, -1,
          e.problem(), e);
    }
    if (stage == null) {
      throw new StageException("the factory made no stage");
    }
    return stage;
  }

  private Dataset runPerImage(BoundStage bs, ImageStage stage, Dataset data, long stageSeed, int threads) {
    List<Sample> in = data.samples();
    @SuppressWarnings("unchecked")
    List<Sample>[] outs = new List[in.size()];
    // A failing sample does not end the others early: the stage is closed when this returns, so
    // no worker may still be calling it, and the error reported is the one of the lowest failing
    // index, whatever the schedule. Samples after a known failure are skipped, since they cannot
    // change which one that is.
    Throwable[] failures = new Throwable[in.size()];
    AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
    ForkJoinPool pool = new ForkJoinPool(threads);
    try (Progress.Task task = progress.start(bs.id(), in.size(), "img")) {
      // Each sample's stream depends only on its position, so the result is the same for any
      // thread count or schedule.
      Parallel.await(pool.submit(() -> IntStream.range(0, in.size()).parallel().forEach(i -> {
        if (i > firstFailure.get()) {
          return;
        }
        try {
          long seed = Seeds.derive(stageSeed, i);
          List<Sample> result = stage.apply(in.get(i), new SplittableRandom(seed), seed);
          if (result == null) {
            throw new StageException("returned null for sample " + i);
          }
          outs[i] = result;
          task.advance(1);
        } catch (RuntimeException | Error e) {
          failures[i] = e;
          firstFailure.accumulateAndGet(i, Math::min);
        }
      })));
    } finally {
      pool.shutdown();
      Parallel.awaitTermination(pool);
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException re) {
        throw re;
      }
      if (failure instanceof Error err) {
        throw err;
      }
    }
    List<Sample> all = new ArrayList<>();
    for (List<Sample> o : outs) {
      all.addAll(o);
    }
    return data.withSamples(all);
  }

  private static Map<String, Integer> countBySource(Dataset data) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Sample s : data.samples()) {
      counts.merge(s.origin().stage(), 1, Integer::sum);
    }
    return counts;
  }

  private void writeManifest(Path file, BoundPipeline pipeline, InputLoader.Loaded input, Dataset data,
      Map<String, Integer> bySource, Map<String, Double> metrics, Device device, int threads, boolean resumed,
      StageFacts facts) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("synthaug", VERSION);
    root.put("spec", pipeline.specFile() == null ? "<spec>" : pipeline.specFile().getFileName().toString());
    root.put("specSha256", Hashes.sha256(compact(pipeline.resolved())));
    root.put("seed", pipeline.spec().seed());
    // the device the stages report using; the one asked for beside it (auto, or a GPU that was not there)
    root.put("device", Json.enumName(facts.used()));
    root.put("deviceRequested", Json.enumName(device));
    root.put("threads", threads);
    root.put("resumed", resumed);
    ArrayNode files = root.putArray("inputFiles");
    for (InputLoader.InputFile f : input.files()) {
      files.addObject().put("path", f.path()).put("sha256", f.sha256());
    }
    ArrayNode plugs = root.putArray("plugins");
    for (PluginInfo p : plugins.plugins()) {
      if (p.ok()) {
        plugs.addObject().put("id", p.id()).put("version", p.version())
            .put("jar", p.path().getFileName().toString()).put("sha256", Files.isRegularFile(p.path())
                ? Hashes.sha256(p.path()) : "");
      }
    }
    ObjectNode counts = root.putObject("counts");
    counts.put("total", data.size());
    ObjectNode src = counts.putObject("bySource");
    bySource.forEach(src::put);
    ObjectNode cls = counts.putObject("byClass");
    int[] byClass = data.countByClass();
    for (int i = 0; i < byClass.length; i++) {
      cls.put(data.classNames().get(i), byClass[i]);
    }
    ObjectNode m = root.putObject("metrics");
    metrics.forEach(m::put);
    facts.writeTo(root.putObject("stages"));
    root.set("resolvedSpec", pipeline.resolved());
    try {
      Files.writeString(file, Json.mapper().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw OutputWriteException.writing(file, e);
    }
  }

  private static String compact(com.fasterxml.jackson.databind.JsonNode node) {
    return node.toString();
  }

  private static String versionOf() {
    String v = PipelineRunner.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
