package io.synthaug.runner;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner validate spec.json...}: checks specs and their stage parameters without running. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check pipeline specs (structure, stage types, every stage's params) without running them.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Pipeline specs (JSON).")
  List<Path> specs;

  @Override
  public Integer call() {
    RunLog log = common.log();
    int worst = 0;
    try (PluginHost plugins = common.loadPlugins(log)) {
      SpecReader reader = new SpecReader(plugins);
      for (Path spec : specs) {
        try {
          BoundPipeline p = reader.read(spec);
          String stages = p.stages().stream().map(BoundStage::type).collect(Collectors.joining(" -> "));
          cmd.commandLine().getOut().println("ok: " + spec + " (" + p.stages().size() + " stages"
              + (stages.isEmpty() ? "" : ": " + stages) + ")");
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
}
