package io.synthaug.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.PluginException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.features.FeatureExtractorFactory;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.AbstractExtensionFinder;
import org.pf4j.Extension;
import org.pf4j.PluginDependency;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the plugins of one folder, creates their extensions through Guice and indexes the stage
 * types they offer.
 *
 * <p>PF4J's own {@code loadPlugins()} logs and skips a corrupt jar; here each jar is loaded on
 * its own so the failure can be reported to the user by name, while the other plugins still
 * load. The same holds for a plugin that starts but offers a bad stage factory (a type name that
 * is not lower case, params that are not a record, a factory that throws) or whose declared
 * extensions cannot be used at all: it is reported as failed and none of its stage types is
 * registered. Two plugins offering one stage type, or two jars declaring one plugin id, all fail
 * with problems naming each other, whatever their file names; an entry of the folder that is not
 * a jar is reported too. A failed plugin's extensions of any kind are never handed out.
 */
public final class PluginHost implements StageTypes, ExtensionLookup, AutoCloseable {

  /** The plugin id shown for stage factories registered in code rather than by a plugin. */
  public static final String BUILT_IN = "built-in";

  /** The extension points this host uses; a plugin's extensions must implement at least one. */
  static final List<Class<?>> EXTENSION_POINTS = List.of(StageFactory.class, DiffAugmentPolicy.class,
      FeatureExtractorFactory.class);

  private final SynthaugPluginManager manager;
  private final Injector injector;
  private final List<PluginInfo> plugins = new ArrayList<>();
  private final Map<String, RegisteredStage> stages = new TreeMap<>();
  private final Map<Class<?>, List<?>> extensionCache = new ConcurrentHashMap<>();
  /** Entries of the plugins folder that are no plugin jar, with why: warnings, not failures. */
  private final List<String> ignored = new ArrayList<>();
  /**
   * The stage types each started plugin's factories listed, by id, whether or not the plugin
   * failed later; absent where they could not all be asked, or the plugin never started.
   */
  private final Map<String, List<String>> listedTypes = new TreeMap<>();
  /** What a stage type, DiffAugment policy or feature extractor may be called: specs name them. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  /** Files PF4J reads from the plugins folder to enable or disable plugins by id. */
  private static final Set<String> PF4J_STATUS_FILES = Set.of("enabled.txt", "disabled.txt");

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
      throw new PluginException(pluginsDir.toString(), Files.exists(pluginsDir)
          ? "the plugins folder is a file, not a folder" : "the plugins folder does not exist");
    }
    return new PluginHost(pluginsDir, builtIns, modules);
  }

  /** Loads every plugin in {@code pluginsDir}, with no built-in stages or extra services. */
  public static PluginHost load(Path pluginsDir) {
    return load(pluginsDir, List.of(), List.of());
  }

  private void loadFolder(Path pluginsDir) {
    Map<String, Path> jarOf = new TreeMap<>();
    for (Path path : pluginJars(pluginsDir)) {
      try {
        jarOf.put(manager.loadWithoutResolving(path), path);
      } catch (RuntimeException e) {
        fail(path, "cannot be loaded: " + rootMessage(e));
      }
    }
    // Dependencies are resolved once, over every jar: jar by jar, a plugin would be judged before
    // the plugin it needs was loaded.
    Map<String, String> problems = new TreeMap<>(manager.resolveAll());
    manager.startPlugins();
    List<PluginWrapper> loaded = new ArrayList<>(manager.getPlugins());
    loaded.sort(Comparator.comparing(PluginWrapper::getPluginId));
    Set<String> needed = new TreeSet<>();
    loaded.forEach(w -> w.getDescriptor().getDependencies().forEach(d -> needed.add(d.getPluginId())));
    // First what each plugin offers, then the clashes between them, then the registration: which
    // of two clashing plugins loaded first must not decide which one works.
    Map<String, List<RegisteredStage>> offeredBy = new TreeMap<>();
    Map<String, List<String>> policiesBy = new TreeMap<>();
    Map<String, List<String>> extractorsBy = new TreeMap<>();
    Set<String> disabled = new TreeSet<>();
    for (PluginWrapper w : loaded) {
      String id = w.getPluginId();
      if (w.getPluginState() == PluginState.DISABLED) {
        disabled.add(id);
        continue;
      }
      if (w.getPluginState() != PluginState.STARTED) {
        problems.put(id, "cannot be started: " + (w.getFailedException() == null ? "state " + w.getPluginState()
            : rootMessage(w.getFailedException())));
        continue;
      }
      // A plugin's stage types are registered only once all of its factories pass, so a plugin
      // that fails is either wholly in or wholly out.
      List<RegisteredStage> offered = new ArrayList<>();
      String problem;
      try {
        problem = checkFactories(manager.getExtensions(StageFactory.class, id), id, w.getDescriptor().getVersion(),
            offered);
      } catch (RuntimeException | LinkageError e) {
        problem = "its stage factories cannot be created: " + rootMessage(e);
      }
      // what the plugin would offer, for a spec naming a type no working plugin has
      if (problem == null) {
        listedTypes.put(id, offered.stream().map(RegisteredStage::type).toList());
      }
      List<String> policies = new ArrayList<>();
      List<String> extractors = new ArrayList<>();
      if (problem == null) {
        problem = names(id, DiffAugmentPolicy.class, DiffAugmentPolicy::name, "DiffAugment policy", policies);
      }
      if (problem == null) {
        problem = names(id, FeatureExtractorFactory.class, FeatureExtractorFactory::name, "feature extractor",
            extractors);
      }
      // a plugin with no extensions is broken, unless it is a library other plugins depend on
      if (problem == null && offered.isEmpty() && policies.isEmpty() && extractors.isEmpty() && !needed.contains(id)) {
        problem = unusableExtensions(w);
      }
      if (problem != null) {
        problems.put(id, problem);
      } else {
        offeredBy.put(id, offered);
        policiesBy.put(id, policies);
        extractorsBy.put(id, extractors);
      }
    }
    Map<String, List<String>> typesBy = new TreeMap<>();
    offeredBy.forEach((id, offered) -> typesBy.put(id, offered.stream().map(RegisteredStage::type).toList()));
    clashes("stage type", typesBy, stages.keySet(), problems);
    clashes("DiffAugment policy", policiesBy, Set.of(), problems);
    clashes("feature extractor", extractorsBy, Set.of(), problems);
    dependentsOfFailed(loaded, problems, disabled);
    for (PluginWrapper w : loaded) {
      String id = w.getPluginId();
      boolean ok = !problems.containsKey(id) && !disabled.contains(id);
      List<String> types = new ArrayList<>();
      if (ok) {
        for (RegisteredStage r : offeredBy.get(id)) {
          add(r);
          types.add(r.type());
        }
      }
      types.sort(Comparator.naturalOrder());
      plugins.add(new PluginInfo(id, w.getDescriptor().getVersion(), w.getDescriptor().getPluginDescription(),
          w.getPluginPath(), List.copyOf(types), ok ? policiesBy.get(id) : List.of(),
          ok ? extractorsBy.get(id) : List.of(), problems.get(id), disabled.contains(id)));
    }
    // plugins refused while resolving dependencies are no longer loaded: listed by id and jar
    problems.forEach((id, problem) -> {
      if (manager.getPlugin(id) == null && jarOf.containsKey(id)) {
        plugins.add(new PluginInfo(id, "", "", jarOf.get(id), List.of(), List.of(), List.of(), problem, false));
      }
    });
    // a failed plugin is stopped and unloaded, so nothing of it stays in use
    for (PluginWrapper w : loaded) {
      if (problems.containsKey(w.getPluginId()) && manager.getPlugin(w.getPluginId()) != null) {
        manager.drop(w.getPluginId());
      }
    }
    plugins.sort(Comparator.comparing(PluginInfo::id));
  }

  /**
   * Marks the plugins that need a failed or disabled plugin as failed too, until none is left:
   * they cannot work without it.
   */
  private static void dependentsOfFailed(List<PluginWrapper> loaded, Map<String, String> problems,
      Set<String> disabled) {
    boolean more = true;
    while (more) {
      more = false;
      for (PluginWrapper w : loaded) {
        if (problems.containsKey(w.getPluginId()) || disabled.contains(w.getPluginId())) {
          continue;
        }
        for (PluginDependency d : w.getDescriptor().getDependencies()) {
          if (!d.isOptional() && (problems.containsKey(d.getPluginId()) || disabled.contains(d.getPluginId()))) {
            problems.put(w.getPluginId(), "needs plugin " + d.getPluginId() + ", which "
                + (disabled.contains(d.getPluginId()) ? "is disabled" : "failed"));
            more = true;
            break;
          }
        }
      }
    }
  }

  /** Records a file of the plugins folder that is not a working plugin, under its file name. */
  private void fail(Path path, String problem) {
    plugins.add(new PluginInfo(path.getFileName().toString(), "", "", path, List.of(), List.of(), List.of(), problem,
        false));
  }

  /**
   * The jars of the plugins folder whose plugin id no other jar there declares, sorted. Anything
   * else is recorded as a problem by file name: an entry that is not a jar (PF4J would unpack a
   * zip into the folder, and load a folder as a plugin), a jar that cannot be read or has no
   * plugin id, and every jar of an id two jars declare (loading one of them would let the file
   * names decide which, and quietly drop the other).
   */
  private List<Path> pluginJars(Path pluginsDir) {
    List<Path> entries;
    try (Stream<Path> list = Files.list(pluginsDir)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      throw new PluginException(pluginsDir.toString(), "the plugins folder cannot be read: " + e.getMessage(), e);
    }
    Map<String, List<Path>> byId = new TreeMap<>();
    for (Path path : entries) {
      String name = path.getFileName().toString();
      if (name.startsWith(".") || PF4J_STATUS_FILES.contains(name)) {
        continue;
      }
      if (!name.toLowerCase(Locale.ROOT).endsWith(".jar") || !Files.isRegularFile(path)) {
        ignored.add(name + (Files.isDirectory(path) ? ", a folder," : "") + " is not a plugin jar and is ignored: the"
            + " plugins folder holds plugin jars (.jar files) only; move it out of the folder");
        continue;
      }
      try {
        byId.computeIfAbsent(pluginId(path), k -> new ArrayList<>()).add(path);
      } catch (NotAPlugin e) {
        fail(path, e.getMessage());
      }
    }
    List<Path> jars = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : byId.entrySet()) {
      List<Path> paths = e.getValue();
      if (paths.size() == 1) {
        jars.add(paths.get(0));
        continue;
      }
      String names = paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
      for (Path path : paths) {
        fail(path, "declares plugin id '" + e.getKey() + "', as do the jars " + names + " in this folder; none of"
            + " them is loaded: remove all but one (two versions of one plugin, or a plugin copying another's id)");
      }
    }
    jars.sort(Comparator.naturalOrder());
    return jars;
  }

  /**
   * The plugin id of {@code jar}: {@code plugin.id} in a {@code plugin.properties} at its root,
   * else {@code Plugin-Id} in its manifest, the order in which PF4J reads them; a problem saying
   * why there is none.
   */
  private static String pluginId(Path jar) throws NotAPlugin {
    String id = null;
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry properties = file.getJarEntry("plugin.properties");
      if (properties != null) {
        Properties p = new Properties();
        try (InputStream in = file.getInputStream(properties)) {
          p.load(in);
        }
        id = p.getProperty("plugin.id");
      }
      Manifest manifest = file.getManifest();
      if ((id == null || id.isBlank()) && manifest != null) {
        id = manifest.getMainAttributes().getValue("Plugin-Id");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new NotAPlugin("cannot be loaded: not a readable jar (" + e.getMessage() + ")");
    }
    if (id == null || id.isBlank()) {
      throw new NotAPlugin("cannot be loaded: it names no plugin id; a plugin jar's manifest"
          + " (META-INF/MANIFEST.MF) gives its Plugin-Id, Plugin-Version and Plugin-Class, as"
          + " examples/elastic-plugin's pom writes them");
    }
    return id.trim();
  }

  /** Why a jar of the plugins folder is no plugin. */
  private static final class NotAPlugin extends Exception {
    private static final long serialVersionUID = 1L;

    NotAPlugin(String problem) {
      super(problem);
    }
  }

  /**
   * Marks every plugin offering a {@code kind} name that another plugin, or a factory given in
   * code ({@code inCode}, built-in), offers too: the problem names the others, and none of the
   * plugin's extensions is used.
   */
  private static void clashes(String kind, Map<String, List<String>> namesBy, Set<String> inCode,
      Map<String, String> problems) {
    Map<String, List<String>> owners = new TreeMap<>();
    namesBy.forEach((id, names) -> new TreeSet<>(names).forEach(n -> owners.computeIfAbsent(n, k -> new ArrayList<>())
        .add(id)));
    owners.forEach((name, ids) -> {
      List<String> all = new ArrayList<>(ids);
      if (inCode.contains(name)) {
        all.add(0, BUILT_IN);
      }
      if (all.size() < 2) {
        return;
      }
      for (String id : ids) {
        List<String> others = all.stream().filter(o -> !o.equals(id)).toList();
        problems.putIfAbsent(id, "offers " + kind + " '" + name + "', which " + (others.size() == 1 ? "plugin "
            : "plugins ") + String.join(", ", others) + (others.size() == 1 ? " offers" : " offer")
            + " too, so neither is used; remove one of the jars from the plugins folder");
      }
    });
  }

  /**
   * Creates the plugin's extensions of {@code point} and adds their names to {@code names},
   * sorted; returns the problem when one cannot be created, has no proper name (lower case
   * letters, digits and dashes, as specs write them) or shares its name with another, else null.
   */
  private <T> String names(String pluginId, Class<T> point, Function<T, String> name, String kind,
      List<String> names) {
    List<T> found;
    try {
      found = manager.getExtensions(point, pluginId);
    } catch (RuntimeException | LinkageError e) {
      return "its " + point.getSimpleName() + " extensions cannot be created: " + rootMessage(e);
    }
    for (T extension : found) {
      String n;
      try {
        n = name.apply(extension);
      } catch (RuntimeException | LinkageError e) {
        return kind + " " + extension.getClass().getName() + " fails when asked for its name: " + rootMessage(e);
      }
      if (n == null || !NAME.matcher(n).matches()) {
        return kind + " '" + n + "' of " + extension.getClass().getName()
            + " must be lower case letters, digits and dashes, or no spec can name it";
      }
      if (names.contains(n)) {
        return "offers two " + kind + "s named '" + n + "'";
      }
      names.add(n);
    }
    names.sort(Comparator.naturalOrder());
    return null;
  }

  /**
   * Checks a plugin's stage factories, adding each to {@code offered}; returns the problem of the
   * first bad one (a type name that is not lower case, no record params, a factory that throws
   * when asked), or null when all pass.
   */
  @SuppressWarnings("rawtypes")
  private static String checkFactories(List<StageFactory> factories, String pluginId, String version,
      List<RegisteredStage> offered) {
    for (StageFactory<?> f : factories) {
      String type;
      Class<?> params;
      try {
        type = f.type();
        params = f.paramsType();
      } catch (RuntimeException | LinkageError e) {
        return "stage factory " + f.getClass().getName() + " fails when asked for its type or params: " + rootMessage(e);
      }
      String problem = factoryProblem(f, type, params);
      if (problem != null) {
        return problem;
      }
      for (RegisteredStage earlier : offered) {
        if (earlier.type().equals(type)) {
          return "offers stage type '" + type + "' twice, from " + earlier.factory().getClass().getName() + " and "
              + f.getClass().getName();
        }
      }
      offered.add(new RegisteredStage(type, f, pluginId, version));
    }
    return null;
  }

  /** Why a factory with this type name and params type cannot be registered, or null. */
  private static String factoryProblem(StageFactory<?> factory, String type, Class<?> params) {
    if (type == null || !NAME.matcher(type).matches()) {
      return "stage type '" + type + "' of " + factory.getClass().getName()
          + " must be lower case letters, digits and dashes";
    }
    if (params == null || !params.isRecord()) {
      return "stage type '" + type + "' must declare a record as its params type";
    }
    return null;
  }

  /**
   * Why a started plugin that offers no stage factory is broken, or null when it is fine. PF4J
   * only logs an extension class it cannot load, and skips one that implements another copy of an
   * extension point (a plugin bundling its own plugin API): a plugin whose declared extensions
   * all fail that way would otherwise show as working while offering nothing. So would a plugin
   * that declares no extension at all: compiled without PF4J's annotation processor, its jar has
   * no extension index. A plugin with extensions of other points only (DiffAugment policies,
   * feature extractors) is fine.
   */
  private String unusableExtensions(PluginWrapper w) {
    Set<String> declared = manager.getExtensionClassNames(w.getPluginId());
    if (declared == null || declared.isEmpty()) {
      return "declares no extensions, so it offers nothing: its jar has no META-INF/extensions.idx, the index"
          + " PF4J's annotation processor writes for the classes marked @Extension when the plugin is compiled;"
          + " compile with pf4j on the annotation processor path (Maven: annotationProcessorPaths, as"
          + " examples/elastic-plugin's pom; Gradle: annotationProcessor)";
    }
    List<String> reasons = new ArrayList<>();
    int inactive = 0;
    for (String name : new TreeSet<>(declared)) {
      Class<?> c;
      try {
        c = Class.forName(name, false, w.getPluginClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        reasons.add(name + " cannot be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        continue;
      }
      if (EXTENSION_POINTS.stream().anyMatch(point -> point.isAssignableFrom(c))) {
        Extension annotation = AbstractExtensionFinder.findExtensionAnnotation(c);
        if (annotation != null && Arrays.stream(annotation.plugins()).anyMatch(p -> !started(p))) {
          // @Extension(plugins = ...) on a plugin that is absent or disabled: left out on purpose
          inactive++;
          continue;
        }
        reasons.add(name + " is an extension this runner knows, yet PF4J did not create it");
        continue;
      }
      reasons.add(name + " " + notAnExtension(c));
    }
    return reasons.isEmpty() && inactive > 0 ? null
        : "none of its extensions can be used: " + String.join("; ", reasons);
  }

  /** Whether plugin {@code id} is loaded and started. */
  private boolean started(String id) {
    PluginWrapper w = manager.getPlugin(id);
    return w != null && w.getPluginState() == PluginState.STARTED;
  }

  /** Says why {@code c}, which implements none of {@link #EXTENSION_POINTS}, is of no use. */
  private static String notAnExtension(Class<?> c) {
    Set<Class<?>> seen = new HashSet<>();
    List<Class<?>> todo = new ArrayList<>(List.of(c));
    while (!todo.isEmpty()) {
      Class<?> k = todo.remove(todo.size() - 1);
      if (k == null || !seen.add(k)) {
        continue;
      }
      for (Class<?> point : EXTENSION_POINTS) {
        if (k.getName().equals(point.getName())) {
          return "implements its own copy of " + point.getName() + ", not the runner's: the jar bundles the Synthaug"
              + " plugin API; declare that dependency as provided so the runner's copy is used";
        }
      }
      todo.add(k.getSuperclass());
      todo.addAll(List.of(k.getInterfaces()));
    }
    return "implements none of the extension points this runner knows ("
        + EXTENSION_POINTS.stream().map(Class::getName).collect(Collectors.joining(", ")) + ")";
  }

  /** Registers a factory given in code, whose faults are the caller's, not a plugin's. */
  private void register(StageFactory<?> factory, String pluginId, String version) {
    String type = factory.type();
    String problem = factoryProblem(factory, type, factory.paramsType());
    if (problem != null) {
      throw new PluginException(pluginId, problem);
    }
    add(new RegisteredStage(type, factory, pluginId, version));
  }

  /** Adds a checked stage type; two plugins offering one type are an error naming both. */
  private void add(RegisteredStage stage) {
    RegisteredStage previous = stages.get(stage.type());
    if (previous != null) {
      throw new PluginException(stage.pluginId(), "offers stage type '" + stage.type() + "', which plugin "
          + previous.pluginId() + " offers too; remove one of the two jars from the plugins folder");
    }
    stages.put(stage.type(), stage);
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

  /** The entries of the plugins folder that are no plugin jar, each with a line saying so. */
  public List<String> ignored() {
    return List.copyOf(ignored);
  }

  /**
   * The failed plugins that may offer {@code type}: those that offered it, and those that failed
   * before their stage factories could be asked.
   */
  @Override
  public List<PluginInfo> mayOffer(String type) {
    return problems().stream()
        .filter(p -> !listedTypes.containsKey(p.id()) || listedTypes.get(p.id()).contains(type)).toList();
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
      Set<String> working = plugins.stream().filter(PluginInfo::ok).map(PluginInfo::id).collect(Collectors.toSet());
      List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
      started.sort(Comparator.comparing(PluginWrapper::getPluginId));
      for (PluginWrapper w : started) {
        if (!working.contains(w.getPluginId())) {
          continue;
        }
        List<?> ext;
        try {
          ext = new ArrayList<>(manager.getExtensions(t, w.getPluginId()));
        } catch (RuntimeException | LinkageError e) {
          throw new PluginException(w.getPluginId(), "its " + t.getSimpleName() + " extensions cannot be created: "
              + rootMessage(e), e);
        }
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
