package io.synthaug.runner;

import io.synthaug.api.Device;
import io.synthaug.core.experiment.ExperimentResult;
import io.synthaug.core.experiment.ExperimentRunner;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.ConsoleProgress;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.run.RunOptions;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.ExperimentReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runner experiment experiment.json}: does augmentation help the classifier, and by how much? */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Train and test a classifier on each arm of an experiment (real only, + classic, + GAN, ...) and,"
        + " if the file has \"ratios\", on a sweep of synthetic-to-real ratios, over several seeds, and compare each"
        + " with the baseline arm.",
        "Writes results.json, results.csv, report.html, accuracy-vs-ratio.png (only with \"ratios\") and each seed's"
            + " stage artifacts; the output is staged and moved into place only when everything succeeded."})
final class ExperimentCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment file (JSON).")
  Path file;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Results folder (overrides output.path).")
  String out;

  @Option(names = {"-f", "--force"}, description = "Replace the results folder if it is an earlier experiment's (it"
      + " holds results.json) or empty; anything else is refused.")
  boolean force;

  @Option(names = "--seeds", paramLabel = "SEED", split = ",",
      description = "Seeds to use instead of the file's, comma separated (at least 2, all different).")
  List<Long> seeds;

  @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (overrides the pipeline).")
  Device device;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads for per-image stages, 1 to 1024"
      + " (default: the pipeline spec's threads, else all cores).")
  Integer threads;

  @Option(names = "--check", description = "Only check, then stop: the experiment file and its pipeline, the"
      + " output folder (as this command line would treat it), and, reading the pipeline's input and the test set"
      + " (fetching MNIST if needed, no stage runs): their classes and image shape, that the test images are not in"
      + " the input (by pixels), and that each class has enough images for the validation share.")
  boolean check;

  @Override
  public Integer call() {
    checkSeeds();
    OptionChecks.notEmpty(command, "--out", out);
    OptionChecks.between(command, "--threads", threads, 1, RunOptions.MAX_THREADS);
    RunLog log = common.log();
    try (PluginHost plugins = common.loadPlugins(log)) {
      BoundExperiment experiment = new ExperimentReader(plugins).read(file);
      if (seeds != null) {
        experiment = experiment.withSeeds(seeds);
      }
      ExperimentRunner.Options options = new ExperimentRunner.Options(out, force, device, threads);
      ExperimentRunner runner = new ExperimentRunner(plugins, log, ConsoleProgress.forStderr());
      if (check) {
        ValidateCommand.present(experiment);
        ExperimentRunner.Checked checked = runner.check(experiment, options);
        command.commandLine().getOut().println("ok: " + file + " (" + ValidateCommand.describe(experiment) + "; "
            + ValidateCommand.describe(checked) + ")");
        command.commandLine().getOut().flush();
        return 0;
      }
      ExperimentResult result = runner.run(experiment, options);
      command.commandLine().getOut().print(result.summaryTable());
      command.commandLine().getOut().flush();
      return 0;
    }
  }

  /**
   * Fails on a {@code --seeds} list the experiment cannot use, before anything is read, by the
   * experiment file's rules: core's {@code BoundExperiment.withSeeds} would report it as an invalid
   * spec although it came from the command line.
   */
  private void checkSeeds() {
    String problem = seeds == null ? null : BoundExperiment.seedProblem(seeds);
    if (problem != null) {
      throw OptionChecks.bad(command, "--seeds", problem);
    }
  }
}
