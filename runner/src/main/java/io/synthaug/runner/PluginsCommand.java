package io.synthaug.runner;

import io.synthaug.api.PluginException;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.PluginInfo;
import io.synthaug.core.run.RunLog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runner plugins}: the loaded plugins, their versions, and the stage types and other extensions they offer. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List the plugins in the plugins folder with their versions and what they offer: stage types,"
        + " DiffAugment policies, FID feature extractors; and the plugins that failed, with the reason.")
final class PluginsCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Override
  public Integer call() {
    RunLog log = common.log();
    PrintWriter out = cmd.commandLine().getOut();
    try (PluginHost plugins = common.loadPlugins(log)) {
      out.println("plugins folder: " + common.pluginsDir().toAbsolutePath());
      int width = Math.max(14, plugins.plugins().stream().mapToInt(p -> p.id().length()).max().orElse(0));
      String row = "%-" + width + "s %-16s %-8s %s%n";
      out.printf(row, "PLUGIN", "VERSION", "STATUS", "OFFERS");
      for (PluginInfo p : plugins.plugins()) {
        out.printf(row, p.id(), p.version().isEmpty() ? "-" : p.version(),
            p.disabled() ? "disabled" : p.ok() ? "ok" : "FAILED", p.ok() ? offers(p) : p.problem());
      }
      out.flush();
      return plugins.problems().isEmpty() ? 0 : PluginException.EXIT_CODE;
    }
  }

  /** Its stage types, then its DiffAugment policies and feature extractors, which specs name too. */
  static String offers(PluginInfo p) {
    List<String> parts = new ArrayList<>();
    if (!p.stageTypes().isEmpty()) {
      parts.add(String.join(", ", p.stageTypes()));
    }
    if (!p.policies().isEmpty()) {
      parts.add("DiffAugment policies: " + String.join(", ", p.policies()));
    }
    if (!p.extractors().isEmpty()) {
      parts.add("feature extractors: " + String.join(", ", p.extractors()));
    }
    return String.join("; ", parts);
  }
}
