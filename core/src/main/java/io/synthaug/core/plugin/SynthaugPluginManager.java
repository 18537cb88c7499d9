package io.synthaug.core.plugin;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DependencyResolver;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginDependency;
import org.pf4j.PluginRepository;
import org.pf4j.PluginWrapper;

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

  /**
   * Loads one plugin jar without resolving dependencies ({@link #loadPlugin} resolves after each
   * jar, judging a plugin before the plugin it needs is loaded); returns its id.
   */
  String loadWithoutResolving(Path jar) {
    return loadPluginFromPath(jar).getPluginId();
  }

  /**
   * Resolves the dependencies of every loaded plugin. A plugin that needs a plugin the folder
   * lacks, or another version of one, or whose dependencies form a cycle, is unloaded and the
   * rest resolved again; returns why each was unloaded, by plugin id.
   */
  Map<String, String> resolveAll() {
    Map<String, String> refused = new TreeMap<>();
    while (true) {
      Set<String> before = new TreeSet<>(plugins.keySet());
      try {
        resolvePlugins();
      } catch (DependencyResolver.DependenciesNotFoundException e) {
        for (PluginWrapper w : List.copyOf(plugins.values())) {
          List<String> missing = w.getDescriptor().getDependencies().stream().filter(d -> !d.isOptional())
              .map(PluginDependency::getPluginId).filter(e.getDependencies()::contains).toList();
          if (!missing.isEmpty()) {
            refuse(w.getPluginId(), "needs plugin" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + ", which the plugins folder does not hold", refused);
          }
        }
      } catch (DependencyResolver.DependenciesWrongVersionException e) {
        for (DependencyResolver.WrongDependencyVersion v : e.getDependencies()) {
          refuse(v.getDependentId(), "needs plugin " + v.getDependencyId() + " " + v.getRequiredVersion()
              + ", but the plugins folder holds version " + v.getExistingVersion(), refused);
        }
      } catch (DependencyResolver.CyclicDependencyException e) {
        for (PluginWrapper w : List.copyOf(plugins.values())) {
          if (w.getDescriptor().getDependencies().stream().anyMatch(d -> !d.isOptional())) {
            refuse(w.getPluginId(), "its dependencies and those of other plugins in the folder form a cycle",
                refused);
          }
        }
      }
      if (plugins.keySet().equals(before)) {
        return refused;
      }
    }
  }

  private void refuse(String id, String why, Map<String, String> refused) {
    refused.putIfAbsent(id, why);
    drop(id);
  }

  /** Stops and unloads one plugin, leaving the plugins that depend on it to the caller. */
  void drop(String id) {
    unloadPlugin(id, false);
  }
}
