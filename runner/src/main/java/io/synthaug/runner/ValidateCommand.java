package io.synthaug.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.InputLoader;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.ExperimentReader;
import io.synthaug.core.spec.Json;
import io.synthaug.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runner validate file.json...}: checks pipeline specs and their stage parameters, and
 * experiment files with their pipelines, without running them.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check pipeline specs (structure, stage types, every stage's params, that the input files and"
        + " folders exist) and experiment files (with their pipelines and test sets) without running them.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Pipeline specs or experiment files (JSON).")
  List<Path> specs;

  @Override
  public Integer call() {
    RunLog log = common.log();
    int worst = 0;
    try (PluginHost plugins = common.loadPlugins(log)) {
      SpecReader reader = new SpecReader(plugins);
      for (Path spec : specs) {
        try {
          cmd.commandLine().getOut().println("ok: " + spec + " (" + (isExperiment(spec)
              ? describe(present(new ExperimentReader(plugins).read(spec))) : describe(present(reader.read(spec))))
              + ")");
        } catch (SynthaugException e) {
          cmd.commandLine().getErr().println("error: " + e.getMessage());
          worst = Math.max(worst, e.exitCode());
        }
      }
    }
    cmd.commandLine().getOut().flush();
    cmd.commandLine().getErr().flush();
    return worst;
  }

  private static String describe(BoundPipeline p) {
    String stages = p.stages().stream().map(BoundStage::type).collect(Collectors.joining(" -> "));
    return p.stages().size() + (p.stages().size() == 1 ? " stage" : " stages") + (stages.isEmpty() ? "" : ": " + stages)
        + (p.spec().output() == null ? "; no output.path, so run it with --out" : "");
  }

  /** {@code p}, once the files and folders its input reads are known to be there. */
  static BoundPipeline present(BoundPipeline p) {
    InputLoader.checkPresent(p.spec().input(), p.specName(), "$.input", p::resolve);
    return p;
  }

  /** {@code e}, once the inputs of its pipeline and its test set are known to be there. */
  static BoundExperiment present(BoundExperiment e) {
    present(e.pipeline());
    InputLoader.checkPresent(e.spec().test(), e.name(), "$.test", e::resolve);
    return e;
  }

  /** What {@code validate} and {@code experiment --check} say of a valid experiment file. */
  static String describe(BoundExperiment e) {
    int points = e.ratios() == null ? 0 : e.ratios().values().size();
    return e.arms().size() + " arms, " + points + " sweep points, seeds " + e.seeds() + ", baseline " + e.baseline()
        + (e.spec().output() == null ? "; no output.path, so run it with --out" : "");
  }

  /**
   * Whether {@code file} is an experiment file: a JSON object with an {@code arms} field, which
   * no pipeline spec has. A file that cannot be read as JSON is left to the spec reader, whose
   * error names the line and column.
   */
  static boolean isExperiment(Path file) {
    try {
      JsonNode root = Json.mapper().readTree(file.toFile());
      return root != null && root.isObject() && root.has("arms");
    } catch (IOException e) {
      return false;
    }
  }
}
