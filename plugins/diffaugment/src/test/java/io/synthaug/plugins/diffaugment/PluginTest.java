package io.synthaug.plugins.diffaugment;

import io.synthaug.api.gan.DiffAugment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.gan.DiffAugmentPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.RuntimeMode;

class PluginTest {

  private static Path classes() throws URISyntaxException {
    return Path.of(TranslationPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void extensionIndexListsTheThreePolicies() throws IOException, URISyntaxException {
    Set<String> listed = Files.readAllLines(classes().resolve("META-INF/extensions.idx"), StandardCharsets.UTF_8)
        .stream().filter(line -> !line.startsWith("#")).collect(Collectors.toSet());
    assertEquals(Set.of(TranslationPolicy.class.getName(), CutoutPolicy.class.getName(), ColorPolicy.class.getName()),
        listed);
  }

  /**
   * PF4J in development mode, reading the compiled classes in place, finds the three policies
   * through their own plugin class loader, as the GAN stage's extension lookup will.
   */
  @Test
  void pf4jFindsThePoliciesByName(@TempDir Path pluginsDir) throws IOException, URISyntaxException {
    Path plugin = pluginsDir.resolve("diffaugment");
    Files.createDirectories(plugin.resolve("target"));
    Path link = Files.createSymbolicLink(plugin.resolve("target/classes"), classes());
    Files.writeString(plugin.resolve("plugin.properties"), "plugin.id=diffaugment\nplugin.version=0.1.0\n");
    PluginManager manager = new DefaultPluginManager(pluginsDir) {
      @Override
      public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEVELOPMENT;
      }
    };
    try {
      manager.loadPlugins();
      manager.startPlugins();
      List<DiffAugmentPolicy> policies = manager.getExtensions(DiffAugmentPolicy.class, "diffaugment");
      assertEquals(Set.of("translation", "cutout", "color"),
          policies.stream().map(DiffAugmentPolicy::name).collect(Collectors.toSet()));
      for (DiffAugmentPolicy p : policies) {
        assertEquals(manager.getPluginClassLoader("diffaugment"), p.getClass().getClassLoader());
      }
      assertEquals(3, DiffAugment.parse("color,translation,cutout", policies).size());
      assertTrue(policies.stream().noneMatch(p -> p.getClass() == TranslationPolicy.class),
          "loaded apart from the test's own copy of the classes");
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
      // Removed here so that JUnit's clean-up never follows it into the build output.
      Files.delete(link);
    }
  }
}
