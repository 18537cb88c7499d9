package io.synthaug.plugins.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.StageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Extension;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

class ClassicStageFactoryTest {

  private final ClassicStageFactory factory = new ClassicStageFactory();

  @Test
  void describesItself() {
    assertEquals("classic", factory.type());
    assertEquals(ClassicParams.class, factory.paramsType());
    assertFalse(factory.description().isBlank());
    assertFalse(factory.description().contains("\n"));
    assertNotNull(ClassicStageFactory.class.getAnnotation(Extension.class));
  }

  @Test
  void extensionIndexListsTheFactory() throws IOException {
    boolean listed = false;
    for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
      try (InputStream in = url.openStream()) {
        listed |= new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .anyMatch(ClassicStageFactory.class.getName()::equals);
      }
    }
    assertTrue(listed, "no META-INF/extensions.idx names " + ClassicStageFactory.class.getName());
  }

  /** Lays the compiled plugin out as a PF4J plugin folder and lets PF4J find its extension. */
  @Test
  void pf4jLoadsThePluginAndFindsTheFactory(@TempDir Path pluginsDir) throws IOException, URISyntaxException {
    Path classes = Path.of(ClassicStageFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pluginDir = pluginsDir.resolve("classic");
    copyTree(classes, pluginDir.resolve("classes"));
    Files.writeString(pluginDir.resolve("plugin.properties"), String.join("\n",
        "plugin.id=classic", "plugin.version=0.1.0", ""));

    PluginManager manager = new DefaultPluginManager(pluginsDir);
    try {
      manager.loadPlugins();
      manager.startPlugins();
      assertEquals(PluginState.STARTED, manager.getPlugin("classic").getPluginState());
      @SuppressWarnings("rawtypes")
      List<StageFactory> factories = manager.getExtensions(StageFactory.class, "classic");
      assertEquals(1, factories.size());
      assertEquals("classic", factories.get(0).type());
      // Loaded by the plugin's own class loader, as in a real installation.
      assertEquals(manager.getPluginClassLoader("classic"), factories.get(0).getClass().getClassLoader());
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
