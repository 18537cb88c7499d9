package io.synthaug.core.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code runner plugins} shows of one plugin jar.
 *
 * @param id the plugin id (the jar's file name when it could not be read)
 * @param version the plugin version, or empty
 * @param description the plugin's description, or empty
 * @param path the jar or folder
 * @param stageTypes the stage types it offers
 * @param policies the names of the DiffAugment policies it offers
 * @param extractors the names of the FID feature extractors it offers
 * @param problem why it failed to load or start, or null when it works or is disabled
 * @param disabled whether PF4J's {@code disabled.txt} (or {@code enabled.txt}) in the plugins
 *     folder leaves it out; it then offers nothing and is no failure
 */
public record PluginInfo(String id, String version, String description, Path path, List<String> stageTypes,
    List<String> policies, List<String> extractors, String problem, boolean disabled) {

  /** Whether the plugin loaded and started, or was left out on purpose (disabled). */
  public boolean ok() {
    return problem == null;
  }
}
