package io.synthaug.runner;

import io.synthaug.core.describe.ParamDescriber;
import io.synthaug.core.describe.ParamDoc;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.PluginInfo;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.run.RunLog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner describe <type>}: a stage type's parameters with types, defaults and docs. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a stage type's parameters: name, type, default and what each does.")
final class DescribeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "STAGE-TYPE", description = "The stage type, as in a spec's \"type\".")
  String type;

  @Override
  public Integer call() {
    RunLog log = common.log();
    PrintWriter out = cmd.commandLine().getOut();
    try (PluginHost plugins = common.loadPlugins(log)) {
      RegisteredStage s = plugins.find(type).orElseThrow(() -> unknownType(plugins));
      out.println(s.type() + " (plugin " + s.pluginId() + " " + s.pluginVersion() + ")");
      out.println("  " + s.factory().description());
      out.println();
      out.println("Parameters:");
      print(out, ParamDescriber.describe(s.factory().paramsType()), "  ");
      out.flush();
      return 0;
    }
  }

  /** A command-line error: the type names no loaded stage. */
  private ParameterException unknownType(PluginHost plugins) {
    String known = plugins.all().stream().map(RegisteredStage::type).collect(Collectors.joining(", "));
    return new ParameterException(cmd.commandLine(), "unknown stage type '" + type + "'; known stage types: "
        + (known.isEmpty() ? "none (no plugin with stages loaded from " + common.pluginsDir() + ")" : known)
        + (plugins.mayOffer(type).isEmpty() ? "" : "; plugins that failed to load, one of which may offer it: "
            + plugins.mayOffer(type).stream().map(PluginInfo::id).collect(Collectors.joining(", "))));
  }

  private static void print(PrintWriter out, List<ParamDoc> docs, String indent) {
    for (ParamDoc d : docs) {
      StringBuilder line = new StringBuilder(indent).append(d.name()).append(" (").append(d.type()).append(')');
      if (d.required()) {
        line.append(" required");
      } else if (!d.defaultValue().isEmpty()) {
        line.append(" default ").append(d.defaultValue());
      }
      out.println(line);
      if (!d.doc().isEmpty()) {
        out.println(indent + "    " + d.doc());
      }
      if (!d.children().isEmpty()) {
        print(out, d.children(), indent + "    ");
      }
    }
  }
}
