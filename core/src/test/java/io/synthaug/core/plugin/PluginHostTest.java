package io.synthaug.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.synthaug.api.PluginException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.api.gan.DiffAugmentPolicy;
import io.synthaug.core.testing.TestStages;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.random.RandomGenerator;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PluginHostTest {

  @TempDir
  Path dir;

  @Test
  void twoFactoriesForOneTypeAreAClash() {
    PluginException e = assertThrows(PluginException.class, () ->
        PluginHost.load(null, List.of(new TestStages.Fail(), new TestStages.Fail()), List.of()));
    assertTrue(e.getMessage().contains("stage type 'fail'"), e.getMessage());
    assertTrue(e.getMessage().contains("offers too"), e.getMessage());
  }

  /** Params of the badly named factory. */
  record NoParams() {
  }

  @Test
  void badTypeNameIsRejected() {
    StageFactory<NoParams> bad = new StageFactory<>() {
      @Override
      public String type() {
        return "Bad Name";
      }

      @Override
      public String description() {
        return "";
      }

      @Override
      public Class<NoParams> paramsType() {
        return NoParams.class;
      }

      @Override
      public Stage create(NoParams params, StageContext context) {
        throw new UnsupportedOperationException();
      }
    };
    PluginException e = assertThrows(PluginException.class, () -> PluginHost.load(null, List.of(bad), List.of()));
    assertTrue(e.getMessage().contains("'Bad Name'"), e.getMessage());
  }

  @Test
  void corruptJarIsReportedByNameAndNotFatal() throws Exception {
    Files.writeString(dir.resolve("broken.jar"), "not a zip", StandardCharsets.UTF_8);
    try (PluginHost host = PluginHost.load(dir, List.of(new TestStages.Brighten()), List.of())) {
      assertEquals(1, host.problems().size());
      PluginInfo p = host.problems().get(0);
      assertEquals("broken.jar", p.id());
      assertTrue(p.problem().startsWith("cannot be loaded"), p.problem());
      assertTrue(host.find("brighten").isPresent());
    }
  }

  @Test
  void missingFolderIsAPluginError() {
    PluginException e = assertThrows(PluginException.class, () -> PluginHost.load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
  /**
   * Writes a plugin jar holding only a manifest and PF4J's index of {@code extensions} (binary
   * class names). The classes themselves come from the test class path unless {@code bundled}
   * classes are copied into the jar, where the plugin's class loader finds them first.
   */
  private Path pluginJar(String id, List<String> extensions, Class<?>... bundled) throws Exception {
    return pluginJar(id + ".jar", id, extensions, bundled);
  }

  /**
   * A plugin jar named {@code file} declaring plugin id {@code id} (none when null), with an
   * extension index unless {@code extensions} is null.
   */
  private Path pluginJar(String file, String id, List<String> extensions, Class<?>... bundled) throws Exception {
    return pluginJar(file, id, null, extensions, bundled);
  }

  /** As above, with {@code Plugin-Dependencies} set to {@code dependencies} unless it is null. */
  private Path pluginJar(String file, String id, String dependencies, List<String> extensions, Class<?>... bundled)
      throws Exception {
    Path jar = dir.resolve(file);
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (id != null) {
      mf.getMainAttributes().putValue("Plugin-Id", id);
    }
    if (dependencies != null) {
      mf.getMainAttributes().putValue("Plugin-Dependencies", dependencies);
    }
    mf.getMainAttributes().putValue("Plugin-Version", "1.0.0");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
      if (extensions != null) {
        out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
        out.write(String.join("\n", extensions).concat("\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      for (Class<?> c : bundled) {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
          out.putNextEntry(new JarEntry(resource));
          out.write(in.readAllBytes());
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  private PluginInfo plugin(PluginHost host, String id) {
    return host.plugins().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  /** A stage factory of a plugin under test: a type name and nothing behind it. */
  public abstract static class Fake implements StageFactory<NoParams> {
    private final String type;
    private final String description;

    protected Fake(String type, String description) {
      this.type = type;
      this.description = description;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public Class<NoParams> paramsType() {
      return NoParams.class;
    }

    @Override
    public Stage create(NoParams params, StageContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A working stage factory of a plugin. */
  public static final class Good extends Fake {
    public Good() {
      super("good", "Works.");
    }
  }

  /** A second working factory, listed before a broken one in the same plugin. */
  public static final class Early extends Fake {
    public Early() {
      super("early", "Works, but shares a plugin with a broken factory.");
    }
  }

  /** A factory whose type name is not lower case. */
  public static final class BadName extends Fake {
    public BadName() {
      super("Bad Name", "");
    }
  }

  /** A factory whose params type is not a record. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class NotARecord implements StageFactory {
    @Override
    public String type() {
      return "not-a-record";
    }

    @Override
    public String description() {
      return "";
    }

    @Override
    public Class paramsType() {
      return String.class;
    }

    @Override
    public Stage create(Record params, StageContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A factory that throws when asked for its type. */
  public static final class NoType extends Fake {
    public NoType() {
      super(null, "");
    }

    @Override
    public String type() {
      throw new IllegalStateException("type table not initialised");
    }
  }

  /** Not an extension of any point the host knows. */
  public static final class NotAnExtension implements Runnable {
    @Override
    public void run() {
    }
  }

  /** A DiffAugment policy, an extension the host knows but creates only when asked. */
  public static class Policy implements DiffAugmentPolicy {
    @Override
    public String name() {
      return "test-policy";
    }

    @Override
    public String description() {
      return "Leaves images alone.";
    }

    @Override
    public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
      return images;
    }
  }

  /** A policy whose creation fails, as an extension with a failing injected service would. */
  public static final class BrokenPolicy extends Policy {
    /** Fails. */
    public BrokenPolicy() {
      throw new IllegalStateException("policy service unavailable");
    }
  }

  @Test
  void aPluginWhoseExtensionClassesDoNotLoadIsAProblemAndOthersStillLoad() throws Exception {
    pluginJar("ghost", List.of("acme.GoneFactory"));
    pluginJar("fine", List.of(Good.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      PluginInfo ghost = plugin(host, "ghost");
      assertFalse(ghost.ok());
      assertTrue(ghost.problem().contains("acme.GoneFactory cannot be loaded (ClassNotFoundException"), ghost.problem());
      assertTrue(plugin(host, "fine").ok(), plugin(host, "fine").toString());
      assertTrue(host.find("good").isPresent());
      assertEquals(1, host.problems().size());
    }
  }

  @Test
  void anExtensionOfNoKnownPointIsAProblem() throws Exception {
    pluginJar("alien", List.of(NotAnExtension.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      PluginInfo alien = plugin(host, "alien");
      assertTrue(alien.problem().contains(NotAnExtension.class.getName()
          + " implements none of the extension points this runner knows"), alien.problem());
    }
  }

  @Test
  void aPluginBundlingItsOwnPluginApiIsTold() throws Exception {
    pluginJar("bundler", List.of(Good.class.getName()), Good.class, Fake.class, StageFactory.class);
    try (PluginHost host = PluginHost.load(dir)) {
      PluginInfo bundler = plugin(host, "bundler");
      assertFalse(bundler.ok());
      assertTrue(bundler.problem().contains("implements its own copy of io.synthaug.api.StageFactory"), bundler.problem());
      assertTrue(bundler.problem().contains("declare that dependency as provided"), bundler.problem());
      assertTrue(host.find("good").isEmpty());
    }
  }

  @Test
  void aPluginOfferingOnlyPoliciesIsFine() throws Exception {
    pluginJar("policies", List.of(Policy.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of(), host.problems());
      assertEquals(List.of(), plugin(host, "policies").stageTypes());
      assertEquals(List.of("test-policy"), plugin(host, "policies").policies());
      assertEquals(List.of("test-policy"), host.all(DiffAugmentPolicy.class).stream().map(DiffAugmentPolicy::name).toList());
    }
  }

  @Test
  void badFactoriesFailTheirPluginOnlyAndRegisterNoneOfItsTypes() throws Exception {
    pluginJar("badname", List.of(Early.class.getName(), BadName.class.getName()));
    pluginJar("norecord", List.of(NotARecord.class.getName()));
    pluginJar("notype", List.of(Early.class.getName(), NoType.class.getName()));
    pluginJar("fine", List.of(Good.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "badname").problem().contains("stage type 'Bad Name' of " + BadName.class.getName()
          + " must be lower case letters, digits and dashes"), plugin(host, "badname").problem());
      assertTrue(plugin(host, "norecord").problem().contains("stage type 'not-a-record' must declare a record"),
          plugin(host, "norecord").problem());
      assertTrue(plugin(host, "notype").problem().contains("stage factory " + NoType.class.getName()
          + " fails when asked for its type or params: type table not initialised"), plugin(host, "notype").problem());
      assertEquals(List.of("badname", "norecord", "notype"), host.problems().stream().map(PluginInfo::id).toList());
      assertTrue(host.find("early").isEmpty(), "a failed plugin's good factories are not registered");
      assertEquals(List.of(), plugin(host, "notype").stageTypes());
      assertEquals(List.of("good"), plugin(host, "fine").stageTypes());
      assertEquals(List.of("good"), host.all().stream().map(RegisteredStage::type).toList());
    }
  }

  @Test
  void anExtensionThatCannotBeCreatedFailsItsPlugin() throws Exception {
    pluginJar("broken-policy", List.of(BrokenPolicy.class.getName()));
    pluginJar("fine", List.of(Good.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      PluginInfo broken = plugin(host, "broken-policy");
      assertTrue(broken.problem().startsWith("its DiffAugmentPolicy extensions cannot be created"), broken.problem());
      assertTrue(broken.problem().contains("policy service unavailable"), broken.problem());
      assertEquals(List.of(), host.all(DiffAugmentPolicy.class));
      assertTrue(host.find("good").isPresent());
    }
  }

  /** A policy whose name no spec could write. */
  public static final class BadlyNamedPolicy extends Policy {
    @Override
    public String name() {
      return "My_Policy";
    }
  }

  /** A second policy under {@link Policy}'s name. */
  public static final class SameNamePolicy extends Policy {
  }

  @Test
  void policiesAreListedAndTheirNamesChecked() throws Exception {
    pluginJar("policies", List.of(Policy.class.getName()));
    pluginJar("misnamed", List.of(BadlyNamedPolicy.class.getName()));
    pluginJar("rival", List.of(SameNamePolicy.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "misnamed").problem().contains("DiffAugment policy 'My_Policy' of "
          + BadlyNamedPolicy.class.getName() + " must be lower case letters, digits and dashes"),
          plugin(host, "misnamed").problem());
      assertTrue(plugin(host, "policies").problem().contains("offers DiffAugment policy 'test-policy', which plugin"
          + " rival offers too"), plugin(host, "policies").problem());
      assertEquals(List.of("misnamed", "policies", "rival"), host.problems().stream().map(PluginInfo::id).toList());
    }
    Files.delete(dir.resolve("misnamed.jar"));
    Files.delete(dir.resolve("rival.jar"));
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of("test-policy"), plugin(host, "policies").policies());
      assertEquals(List.of(), plugin(host, "policies").extractors());
    }
  }


  /** Another working factory, offering the same type as {@link Good}. */
  public static final class AlsoGood extends Fake {
    public AlsoGood() {
      super("good", "Works too, under a taken name.");
    }
  }

  @Test
  void twoJarsOfOnePluginIdBothFailWhateverTheirFileNames() throws Exception {
    for (String[] names : new String[][] {{"a-copy.jar", "z-original.jar"}, {"z-copy.jar", "a-original.jar"}}) {
      try (var old = Files.list(dir)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      pluginJar(names[0], "twin", List.of(Good.class.getName()));
      pluginJar(names[1], "twin", List.of(Early.class.getName()));
      pluginJar("fine.jar", "fine", List.of(Policy.class.getName()));
      try (PluginHost host = PluginHost.load(dir)) {
        List<PluginInfo> failed = host.problems();
        assertEquals(List.of(names[0], names[1]).stream().sorted().toList(),
            failed.stream().map(PluginInfo::id).toList(), failed.toString());
        for (PluginInfo p : failed) {
          assertTrue(p.problem().contains("declares plugin id 'twin', as do the jars"), p.problem());
          assertTrue(p.problem().contains(names[0]) && p.problem().contains(names[1]), p.problem());
        }
        assertTrue(host.find("good").isEmpty() && host.find("early").isEmpty(), "neither twin is loaded");
        assertTrue(plugin(host, "fine").ok());
      }
    }
  }

  @Test
  void entriesThatAreNotJarsAreIgnoredWithAWarningAndNeverUnpacked() throws Exception {
    Path zipped = pluginJar("fine.jar", "fine", List.of(Good.class.getName()));
    Files.copy(zipped, dir.resolve("packed.zip"));
    Files.createDirectory(dir.resolve("unpacked"));
    Files.writeString(dir.resolve("disabled.txt"), "", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(".hidden"), "", StandardCharsets.UTF_8);
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of(), host.problems());
      assertEquals(2, host.ignored().size(), host.ignored().toString());
      assertTrue(host.ignored().get(0).startsWith("packed.zip is not a plugin jar and is ignored"), host.ignored().get(0));
      assertTrue(host.ignored().get(1).startsWith("unpacked, a folder, is not a plugin jar"), host.ignored().get(1));
      assertTrue(host.find("good").isPresent());
      assertEquals(List.of(), host.mayOffer("blur"), "an entry that is no jar offers nothing");
    }
    assertFalse(Files.exists(dir.resolve("packed")), "PF4J unpacked the zip");
  }

  @Test
  void dependenciesResolveWhateverTheFileNamesAndAMissingOneFailsOnlyItsDependent() throws Exception {
    pluginJar("a-user.jar", "user", "base", List.of(Good.class.getName()));
    pluginJar("z-base.jar", "base", null, List.of());
    pluginJar("m-orphan.jar", "orphan", "nowhere", List.of(Early.class.getName()));
    pluginJar("n-other.jar", "other", null, List.of(Policy.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "user").ok(), host.plugins().toString());
      assertTrue(plugin(host, "base").ok(), "a library other plugins need may offer nothing: " + host.plugins());
      assertTrue(plugin(host, "other").ok(), host.plugins().toString());
      assertTrue(host.find("good").isPresent());
      assertEquals(List.of("orphan"), host.problems().stream().map(PluginInfo::id).toList(), host.plugins().toString());
      assertEquals("needs plugin nowhere, which the plugins folder does not hold", plugin(host, "orphan").problem());
      assertEquals(dir.resolve("m-orphan.jar"), plugin(host, "orphan").path());
      assertTrue(host.find("early").isEmpty());
      assertEquals(List.of("orphan"), host.mayOffer("early").stream().map(PluginInfo::id).toList());
    }
  }

  @Test
  void chainsCyclesAndFailedLibrariesFailTheirDependentsOnlyAndLoadNeverThrows() throws Exception {
    pluginJar("a.jar", "a", "x", List.of(Good.class.getName()));
    pluginJar("b.jar", "b", "y", List.of(Early.class.getName()));
    pluginJar("c.jar", "c", "b", List.of(Policy.class.getName()));
    pluginJar("p.jar", "p", "q", List.of(NotARecord.class.getName()));
    pluginJar("q.jar", "q", "p", List.of(NoType.class.getName()));
    pluginJar("lib.jar", "lib", null, List.of(BadName.class.getName()));
    pluginJar("zuser.jar", "zuser", "lib", List.of(Bright.class.getName()));
    pluginJar("free.jar", "free", "lib2", List.of(Good.class.getName()));
    pluginJar("lib2.jar", "lib2", null, List.of());
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals("needs plugin x, which the plugins folder does not hold", plugin(host, "a").problem());
      assertEquals("needs plugin y, which the plugins folder does not hold", plugin(host, "b").problem());
      assertEquals("needs plugin b, which failed", plugin(host, "c").problem());
      assertTrue(plugin(host, "p").problem().startsWith("its dependencies lead back to itself"), host.plugins().toString());
      assertTrue(plugin(host, "q").problem().startsWith("its dependencies lead back to itself"), host.plugins().toString());
      assertTrue(plugin(host, "lib").problem().contains("must be lower case"), host.plugins().toString());
      assertEquals("needs plugin lib, which failed", plugin(host, "zuser").problem());
      assertTrue(plugin(host, "free").ok(), "a plugin whose library works is untouched by the rest: " + host.plugins());
      assertTrue(plugin(host, "lib2").ok(), host.plugins().toString());
      assertEquals(List.of("good"), host.all().stream().map(RegisteredStage::type).toList());
      assertEquals(9, host.plugins().size(), "each plugin once: " + host.plugins());
    }
  }

  @Test
  void anOptionalDependencyLeavesEveryPluginsExtensionsFound() throws Exception {
    pluginJar("user.jar", "user", "lib?", List.of(Good.class.getName()));
    pluginJar("other.jar", "other", null, List.of(Early.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of(), host.problems());
      assertEquals(List.of("early", "good"), host.all().stream().map(RegisteredStage::type).toList());
    }
  }

  @Test
  void aDependencyVersionThatCannotBeReadFailsOnlyItsDependent() throws Exception {
    pluginJar("lib.jar", "lib", null, List.of(Policy.class.getName()));
    pluginJar("user.jar", "user", "lib@>=abc", List.of(Good.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "lib").ok(), host.plugins().toString());
      assertTrue(plugin(host, "user").problem().startsWith("needs plugin lib >=abc, but the plugins folder holds"
          + " version 1.0.0 (one of the two cannot be read as a version"), plugin(host, "user").problem());
    }
  }

  @Test
  void anExtensionLeftOutForAnAbsentOptionalPluginIsNoFailure() throws Exception {
    // compiled here, without PF4J's annotation processor, so that the test classes' own
    // extension index (which a plugin jar without one would fall back to) stays empty
    Path src = Files.createDirectories(dir.resolve("src/acme"));
    Files.writeString(src.resolve("NeedsD.java"), """
        package acme;
        @org.pf4j.Extension(plugins = "d")
        public class NeedsD extends io.synthaug.core.plugin.PluginHostTest.Fake {
          public NeedsD() { super("needs-d", "Only with plugin d."); }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), src.resolve("NeedsD.java").toString());
    assertEquals(0, rc, "the probe extension compiles");
    Path jar = pluginJar("bridge.jar", "bridge", "d?", List.of("acme.NeedsD"));
    try (FileSystem fs = FileSystems.newFileSystem(jar)) {
      Files.createDirectories(fs.getPath("acme"));
      Files.copy(classes.resolve("acme/NeedsD.class"), fs.getPath("acme/NeedsD.class"));
    }
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of(), host.problems(), "left out on purpose while d is absent");
      assertTrue(host.find("needs-d").isEmpty());
    }
  }

  @Test
  void aPluginDisabledInDisabledTxtIsNoFailure() throws Exception {
    pluginJar("off", List.of(Good.class.getName()));
    Files.writeString(dir.resolve("disabled.txt"), "off\n", StandardCharsets.UTF_8);
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of(), host.problems());
      assertTrue(plugin(host, "off").disabled());
      assertTrue(host.find("good").isEmpty());
    }
  }

  @Test
  void onePluginOfferingATypeTwiceSaysSo() throws Exception {
    pluginJar("twice", List.of(Good.class.getName(), AlsoGood.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "twice").problem().startsWith("offers stage type 'good' twice, from "),
          plugin(host, "twice").problem());
    }
  }


  @Test
  void aJarWithoutPluginIdOrExtensionIndexIsAProblem() throws Exception {
    pluginJar("anonymous.jar", null, List.of(Good.class.getName()));
    pluginJar("unindexed.jar", "unindexed", null);
    try (PluginHost host = PluginHost.load(dir)) {
      assertTrue(plugin(host, "anonymous.jar").problem().contains("it names no plugin id"),
          host.problems().toString());
      assertTrue(plugin(host, "unindexed").problem().contains("has no META-INF/extensions.idx"),
          host.problems().toString());
      assertTrue(plugin(host, "unindexed").problem().contains("annotation processor"), host.problems().toString());
    }
  }

  @Test
  void twoPluginsOfferingOneTypeBothFailAndTheRestStillLoad() throws Exception {
    pluginJar("first", List.of(Good.class.getName()));
    pluginJar("second", List.of(AlsoGood.class.getName(), Policy.class.getName()));
    pluginJar("other", List.of(Early.class.getName()));
    try (PluginHost host = PluginHost.load(dir)) {
      assertEquals(List.of("first", "second"), host.problems().stream().map(PluginInfo::id).toList());
      assertTrue(plugin(host, "first").problem().contains("offers stage type 'good', which plugin second offers"),
          plugin(host, "first").problem());
      assertTrue(plugin(host, "second").problem().contains("which plugin first offers"),
          plugin(host, "second").problem());
      assertTrue(host.find("good").isEmpty());
      assertEquals(List.of("early"), host.all().stream().map(RegisteredStage::type).toList());
      assertEquals(List.of(), host.all(DiffAugmentPolicy.class), "a failed plugin's policies are not handed out");
    }
  }

  @Test
  void aPluginOfferingATypeGivenInCodeFails() throws Exception {
    pluginJar("brightener", List.of(Bright.class.getName()));
    try (PluginHost host = PluginHost.load(dir, List.of(new TestStages.Brighten()), List.of())) {
      assertTrue(plugin(host, "brightener").problem().contains("offers stage type 'brighten', which plugin "
          + PluginHost.BUILT_IN + " offers too"), host.problems().toString());
      assertTrue(host.find("brighten").isPresent(), "the factory given in code stays");
    }
  }

  /** A plugin's factory under the type of {@link TestStages.Brighten}. */
  public static final class Bright extends Fake {
    public Bright() {
      super("brighten", "Takes a name that is given in code.");
    }
  }
}
