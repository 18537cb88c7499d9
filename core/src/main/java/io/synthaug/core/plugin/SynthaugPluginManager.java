package io.synthaug.core.plugin;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginRepository;

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

  /**
   * Jars only: PF4J's default repository also unpacks zip files into the plugins folder and loads
   * folders as plugins, which {@link PluginHost} reports as entries that are not plugin jars.
   */
  @Override
  protected PluginRepository createPluginRepository() {
    return new JarPluginRepository(getPluginsRoots());
  }
}
