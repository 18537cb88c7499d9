package io.synthaug.runner;

import io.synthaug.api.Device;
import io.synthaug.api.Origin;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.ConsoleProgress;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.run.RunOptions;
import io.synthaug.core.run.RunResult;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner run spec.json}: runs a pipeline and writes its output folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a pipeline spec.",
        "The output is staged in a hidden folder beside it and moved into place only when every stage succeeded."})
final class RunCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC", description = "The pipeline spec (JSON).")
  Path spec;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (overrides the spec's output.path).")
  String out;

  @Option(names = {"-f", "--force"}, description = "Replace the output folder if it is an earlier run's output (it holds"
      + " run.json) or empty; anything else is refused.")
  boolean force;

  @Option(names = "--resume", description = "Continue an interrupted run from its checkpoints.")
  boolean resume;

  @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (overrides the spec).")
  Device device;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads for per-image stages, 1 to 1024 (default: the spec's threads, else all cores).")
  Integer threads;

  /**
   * The images by source as a line: the real ones first, then each stage's in pipeline order
   * ("real 200, g 50"), then any other source a stage named.
   */
  static String sources(Map<String, Integer> bySource, List<String> stageIds) {
    List<String> order = new ArrayList<>();
    order.add(Origin.REAL);
    order.addAll(stageIds);
    bySource.keySet().stream().filter(k -> !order.contains(k)).sorted().forEach(order::add);
    return String.join(", ", order.stream().filter(bySource::containsKey).map(k -> k + " " + bySource.get(k))
        .toList());
  }

  @Override
  public Integer call() {
    OptionChecks.notEmpty(command, "--out", out);
    OptionChecks.between(command, "--threads", threads, 1, RunOptions.MAX_THREADS);
    RunLog log = common.log();
    try (PluginHost plugins = common.loadPlugins(log)) {
      BoundPipeline pipeline = new SpecReader(plugins).read(spec);
      RunOptions options = new RunOptions(out, force, resume, device, threads);
      RunResult result = new PipelineRunner(plugins, log, ConsoleProgress.forStderr()).run(pipeline, options);
      log.info("sources: " + sources(result.bySource(), pipeline.stages().stream().map(BoundStage::id).toList()));
      return 0;
    }
  }
}
