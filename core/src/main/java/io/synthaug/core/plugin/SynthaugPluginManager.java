package io.synthaug.core.plugin;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.pf4j.DefaultPluginManager;

/**
 * PF4J's plugin manager with extensions created through Guice.
 */
final class SynthaugPluginManager extends DefaultPluginManager {

  SynthaugPluginManager(Path pluginsDir, Supplier<Injector> injector) {
    super(pluginsDir);
    // PF4J calls createExtensionFactory() from its own constructor, before this class's fields
    // exist, so the Guice-backed factory replaces the default one here instead.
    this.extensionFactory = new GuiceExtensionFactory(injector);
  }

  /** The jars and folders of the plugins folder that PF4J would try to load. */
  List<Path> pluginPaths() {
    return pluginRepository.getPluginPaths();
  }
}
