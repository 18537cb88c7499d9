package io.synthaug.runner;

import io.synthaug.api.PluginException;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.PluginInfo;
import io.synthaug.core.run.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: where plugins live and how much to say. */
final class CommonOptions {

  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = "Folder of plugin jars (default: the distribution's plugins/).")
  Path pluginsDir;

  @Option(names = {"-v", "--verbose"}, description = "Show debug lines and stack traces.")
  boolean verbose;

  RunLog log() {
    return RunLog.stderr(verbose);
  }

  /** The plugins folder in use. */
  Path pluginsDir() {
    if (pluginsDir != null) {
      return pluginsDir;
    }
    String home = System.getProperty("synthaug.home");
    if (home == null) {
      throw new PluginException("<none>", "no plugins folder: pass --plugins-dir, or start the runner with bin/runner");
    }
    return Path.of(home, "plugins");
  }

  /** Loads the plugins, reporting the ones that failed on the log. */
  PluginHost loadPlugins(RunLog log) {
    Path dir = pluginsDir();
    if (!Files.isDirectory(dir)) {
      throw new PluginException(dir.toString(), Files.exists(dir) ? "the plugins folder is a file, not a folder"
          : "the plugins folder does not exist");
    }
    PluginHost host = PluginHost.load(dir);
    for (String line : host.ignored()) {
      log.warn("plugins folder " + dir + ": " + line);
    }
    for (PluginInfo p : host.problems()) {
      log.warn("plugin " + p.id() + " (" + p.path() + ") " + p.problem() + "; the other plugins still load, and"
          + " a spec that needs none of its stage types runs without it");
    }
    return host;
  }
}
