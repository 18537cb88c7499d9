package io.synthaug.core.plugin;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
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
            String first = missing.get(0);
            refuse(w.getPluginId(), refused.containsKey(first) ? "needs plugin " + first + ", which failed"
                : "needs plugin" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + ", which the plugins folder does not hold", refused);
          }
        }
      } catch (DependencyResolver.DependenciesWrongVersionException e) {
        for (DependencyResolver.WrongDependencyVersion v : e.getDependencies()) {
          refuse(v.getDependentId(), "needs plugin " + v.getDependencyId() + " " + v.getRequiredVersion()
              + ", but the plugins folder holds version " + v.getExistingVersion(), refused);
        }
      } catch (DependencyResolver.CyclicDependencyException e) {
        // only the plugins on a cycle; those that need them fail on the next pass
        for (String id : onCycles()) {
          refuse(id, "its dependencies lead back to itself (a cycle among the plugins' Plugin-Dependencies)",
              refused);
        }
      }
      if (plugins.keySet().equals(before)) {
        return refused;
      }
    }
  }

  /** The loaded plugins from which required dependencies lead back to themselves. */
  private Set<String> onCycles() {
    Set<String> found = new TreeSet<>();
    for (String start : plugins.keySet()) {
      Deque<String> todo = new ArrayDeque<>(required(start));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String id = todo.pop();
        if (id.equals(start)) {
          found.add(start);
          break;
        }
        if (seen.add(id)) {
          todo.addAll(required(id));
        }
      }
    }
    return found;
  }

  /** The ids of the loaded plugins that plugin {@code id} requires (not optionally). */
  private List<String> required(String id) {
    PluginWrapper w = plugins.get(id);
    return w == null ? List.of() : w.getDescriptor().getDependencies().stream().filter(d -> !d.isOptional())
        .map(PluginDependency::getPluginId).filter(plugins::containsKey).toList();
  }

  private void refuse(String id, String why, Map<String, String> refused) {
    refused.putIfAbsent(id, why);
    drop(id);
  }

  /**
   * Stops and unloads one plugin, leaving the plugins that depend on it to the caller, and
   * without PF4J's own resolving afterwards, which throws while a refused plugin's dependents are
   * still loaded.
   */
  void drop(String id) {
    unloadPlugin(id, false, false);
  }
}
