package io.synthaug.runner;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.describe.SchemaGenerator;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runner schema}: a JSON Schema for specs using the loaded plugins' stages. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Write a JSON Schema for pipeline specs, generated from the loaded stages' parameter records.",
        "Point a spec's \"$schema\" at it to get completion and checks in an editor."})
final class SchemaCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() throws IOException {
    try (PluginHost plugins = common.loadPlugins(common.log())) {
      String text = Json.mapper().writeValueAsString(new SchemaGenerator().schema(plugins.all())) + "\n";
      if (out == null) {
        cmd.commandLine().getOut().print(text);
        cmd.commandLine().getOut().flush();
      } else {
        try {
          Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new SynthaugException("cannot write " + out + ": " + e.getMessage(), e);
        }
      }
      return 0;
    }
  }
}
