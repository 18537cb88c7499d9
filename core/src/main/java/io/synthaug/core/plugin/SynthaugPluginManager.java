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
import org.pf4j.DefaultVersionManager;
import org.pf4j.DependencyResolver;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginDependency;
import org.pf4j.PluginRepository;
import org.pf4j.PluginWrapper;
import org.pf4j.VersionManager;

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
   * PF4J's version checks, except that a version or constraint that cannot be read (a plugin's
   * {@code Plugin-Version: 1.0}, a dependency {@code lib@>=abc}) fails that dependency instead of
   * throwing out of the resolving of every plugin.
   */
  @Override
  protected VersionManager createVersionManager() {
    return new DefaultVersionManager() {
      @Override
      public boolean checkVersionConstraint(String version, String constraint) {
        try {
          return super.checkVersionConstraint(version, constraint);
        } catch (RuntimeException e) {
          return false;
        }
      }
    };
  }

  /**
   * Jars only. {@link PluginHost} lists the folder itself and never asks PF4J to; should anything
   * call PF4J's own {@code loadPlugins()}, its default repository would unpack zip files into the
   * folder and load folders as plugins, which the host treats as entries to ignore.
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
              + ", but the plugins folder holds version " + v.getExistingVersion()
              + (readable(v.getExistingVersion(), v.getRequiredVersion()) ? ""
                  : " (one of the two cannot be read as a version: x.y.z, and a constraint such as >=1.2.0)"),
              refused);
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

  /** Whether PF4J's own version manager reads {@code version} and {@code constraint} without an error. */
  private static boolean readable(String version, String constraint) {
    try {
      new DefaultVersionManager().checkVersionConstraint(version, constraint);
      return true;
    } catch (RuntimeException e) {
      return false;
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
