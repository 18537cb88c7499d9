package io.synthaug.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.PluginException;
import io.synthaug.api.StageFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the plugins of one folder, creates their extensions through Guice and indexes the stage
 * types they offer.
 *
 * <p>PF4J's own {@code loadPlugins()} logs and skips a corrupt jar; here each jar is loaded on
 * its own so the failure can be reported to the user by name, while the other plugins still
 * load. Two plugins offering one stage type are an error naming both.
 */
public final class PluginHost implements StageTypes, ExtensionLookup, AutoCloseable {

  /** The plugin id shown for stage factories registered in code rather than by a plugin. */
  public static final String BUILT_IN = "built-in";

  private final SynthaugPluginManager manager;
  private final Injector injector;
  private final List<PluginInfo> plugins = new ArrayList<>();
  private final Map<String, RegisteredStage> stages = new TreeMap<>();
  private final Map<Class<?>, List<?>> extensionCache = new ConcurrentHashMap<>();

  private PluginHost(Path pluginsDir, List<StageFactory<?>> builtIns, List<Module> modules) {
    Injector[] holder = new Injector[1];
    this.manager = pluginsDir == null ? null : new SynthaugPluginManager(pluginsDir, () -> holder[0]);
    List<Module> all = new ArrayList<>(modules);
    all.add(new AbstractModule() {
      @Override
      protected void configure() {
        bind(ExtensionLookup.class).toInstance(PluginHost.this);
        bind(StageTypes.class).toInstance(PluginHost.this);
      }
    });
    this.injector = Guice.createInjector(all);
    holder[0] = injector;
    for (StageFactory<?> f : builtIns) {
      register(f, BUILT_IN, "");
    }
    if (pluginsDir != null) {
      loadFolder(pluginsDir);
    }
  }

  /**
   * Loads every plugin in {@code pluginsDir}.
   *
   * @param pluginsDir the plugins folder; null for none
   * @param builtIns stage factories registered in code (tests, embedding applications)
   * @param modules extra Guice modules binding services extensions may inject
   */
  public static PluginHost load(Path pluginsDir, List<StageFactory<?>> builtIns, List<Module> modules) {
    if (pluginsDir != null && !Files.isDirectory(pluginsDir)) {
      throw new PluginException(pluginsDir.toString(), "the plugins folder does not exist");
    }
    return new PluginHost(pluginsDir, builtIns, modules);
  }

  /** Loads every plugin in {@code pluginsDir}, with no built-in stages or extra services. */
  public static PluginHost load(Path pluginsDir) {
    return load(pluginsDir, List.of(), List.of());
  }

  private void loadFolder(Path pluginsDir) {
    List<Path> paths = new ArrayList<>(manager.pluginPaths());
    paths.sort(Comparator.naturalOrder());
    for (Path path : paths) {
      try {
        manager.loadPlugin(path);
      } catch (RuntimeException e) {
        plugins.add(new PluginInfo(path.getFileName().toString(), "", "", path, List.of(),
            "cannot be loaded: " + rootMessage(e)));
      }
    }
    manager.startPlugins();
    List<PluginWrapper> loaded = new ArrayList<>(manager.getPlugins());
    loaded.sort(Comparator.comparing(PluginWrapper::getPluginId));
    for (PluginWrapper w : loaded) {
      String id = w.getPluginId();
      String version = w.getDescriptor().getVersion();
      String description = w.getDescriptor().getPluginDescription();
      if (w.getPluginState() != PluginState.STARTED) {
        String why = w.getFailedException() == null ? "state " + w.getPluginState() : rootMessage(w.getFailedException());
        plugins.add(new PluginInfo(id, version, description, w.getPluginPath(), List.of(), "cannot be started: " + why));
        continue;
      }
      List<String> types = new ArrayList<>();
      String problem = null;
      try {
        @SuppressWarnings("rawtypes")
        List<StageFactory> factories = manager.getExtensions(StageFactory.class, id);
        for (StageFactory<?> f : factories) {
          register(f, id, version);
          types.add(f.type());
        }
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException | LinkageError e) {
        problem = "its stage factories cannot be created: " + rootMessage(e);
      }
      types.sort(Comparator.naturalOrder());
      plugins.add(new PluginInfo(id, version, description, w.getPluginPath(), List.copyOf(types), problem));
    }
    plugins.sort(Comparator.comparing(PluginInfo::id));
  }

  private void register(StageFactory<?> factory, String pluginId, String version) {
    String type = factory.type();
    if (type == null || !type.matches("[a-z][a-z0-9-]*")) {
      throw new PluginException(pluginId, "stage type '" + type + "' of " + factory.getClass().getName()
          + " must be lower case letters, digits and dashes");
    }
    if (factory.paramsType() == null || !factory.paramsType().isRecord()) {
      throw new PluginException(pluginId, "stage type '" + type + "' must declare a record as its params type");
    }
    RegisteredStage previous = stages.get(type);
    if (previous != null) {
      throw new PluginException(pluginId, "offers stage type '" + type + "', which plugin "
          + previous.pluginId() + " offers too; remove one of the two jars from the plugins folder");
    }
    stages.put(type, new RegisteredStage(type, factory, pluginId, version));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return (msg == null ? t.getClass().getSimpleName() : msg);
  }

  /** Every plugin found, working or not, sorted by id. */
  public List<PluginInfo> plugins() {
    return List.copyOf(plugins);
  }

  /** The plugins that failed to load, start or create their extensions. */
  public List<PluginInfo> problems() {
    return plugins.stream().filter(p -> !p.ok()).toList();
  }

  /** The injector, for core services. */
  public Injector injector() {
    return injector;
  }

  @Override
  public Optional<RegisteredStage> find(String type) {
    return Optional.ofNullable(stages.get(type));
  }

  @Override
  public Collection<RegisteredStage> all() {
    return List.copyOf(stages.values());
  }

  @Override
  public ExtensionLookup extensions() {
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> all(Class<T> type) {
    return (List<T>) extensionCache.computeIfAbsent(type, t -> {
      List<Object> found = new ArrayList<>();
      if (manager == null) {
        return List.of();
      }
      List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
      started.sort(Comparator.comparing(PluginWrapper::getPluginId));
      for (PluginWrapper w : started) {
        List<?> ext = new ArrayList<>(manager.getExtensions(t, w.getPluginId()));
        ext.sort(Comparator.comparing(o -> o.getClass().getName()));
        found.addAll(ext);
      }
      return List.copyOf(found);
    });
  }

  @Override
  public void close() {
    if (manager == null) {
      return;
    }
    manager.stopPlugins();
    manager.unloadPlugins();
  }
}
