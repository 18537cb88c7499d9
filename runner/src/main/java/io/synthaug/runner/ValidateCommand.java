package io.synthaug.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Progress;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.experiment.ExperimentRunner;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.InputLoader;
import io.synthaug.core.run.OutputExistsException;
import io.synthaug.core.run.OutputStaging;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.ExperimentReader;
import io.synthaug.core.spec.Json;
import io.synthaug.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
        + " folders exist) and experiment files without running them. An experiment's pipeline input and test set"
        + " are read (no stage runs), as by 'runner experiment --check': classes, image shape, test images not in"
        + " the input, the validation share of every class. An existing output folder is noted.")
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
              ? checkExperiment(new ExperimentReader(plugins).read(spec), plugins, log)
              : describe(present(reader.read(spec)))) + ")");
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
        + (p.spec().output() == null ? "; no output.path, so run it with --out"
            : existing(p.resolve(p.spec().output().path())));
  }

  /**
   * What {@code validate} says of an experiment file: the checks of {@code runner experiment
   * --check}, the data read, except that an existing results folder is noted rather than an error,
   * since {@code validate} takes no {@code --out} or {@code --force}.
   */
  private static String checkExperiment(BoundExperiment e, PluginHost plugins, RunLog log) {
    present(e);
    ExperimentRunner.Options options = new ExperimentRunner.Options(null, false, null, null);
    ExperimentRunner.Checked checked = new ExperimentRunner(plugins, log, Progress.silent()).checkInputs(e, options);
    return describe(e) + "; " + describe(checked) + existing(checked.output());
  }

  /**
   * A note when {@code output} exists: a run refuses it without {@code --force}, which replaces
   * only an earlier run's output; {@code validate} checks files, not a command line, so it only
   * tells.
   */
  private static String existing(Path output) {
    if (output == null) {
      return "";
    }
    try {
      OutputStaging.checkReplaceable(output, true);
      return Files.exists(output, LinkOption.NOFOLLOW_LINKS) ? "; output folder " + output
          + " exists: the run needs --force to replace it" : "";
    } catch (OutputExistsException ex) {
      return "; output folder " + output + " exists and is no earlier run's output: choose another output path";
    }
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

  /** What {@code validate} and {@code experiment --check} say of an experiment's data once checked. */
  static String describe(ExperimentRunner.Checked c) {
    return String.format(Locale.ROOT, "input %,d images, test %,d images, %s", c.pool().size(), c.test().size(),
        c.shared() == 0 ? "none of them in the input" : c.shared() + " of them in the input");
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
