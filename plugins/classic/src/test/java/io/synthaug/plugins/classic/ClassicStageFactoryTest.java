package io.synthaug.plugins.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ParamException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.ValidationContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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

  /** A check with the input's class names when {@code classes} is given, before the input is read when null. */
  private static ValidationContext input(List<String> classes) {
    return new ValidationContext() {
      @Override
      public ExtensionLookup extensions() {
        throw new UnsupportedOperationException("the classic stage looks up no extensions");
      }

      @Override
      public String stageId() {
        return "classic";
      }

      @Override
      public List<String> earlierStageIds() {
        return List.of();
      }

      @Override
      public Path resolve(String path) {
        throw new UnsupportedOperationException("the classic stage reads no files");
      }

      @Override
      public Optional<List<String>> classNames() {
        return Optional.ofNullable(classes);
      }
    };
  }

  @Test
  void classesTheInputDoesNotHaveAreRefusedBeforeAnyStageRuns() throws Exception {
    String json = "{\"classes\": [\"cat\", \"cow\", \"emu\"], \"ops\": [{\"hflip\": {}}]}";
    ClassicParams params = JsonMapper.builder().build().readValue(json, ClassicParams.class);
    factory.validate(params, input(null));
    ParamException e = assertThrows(ParamException.class, () -> factory.validate(params, input(List.of("cat", "dog"))));
    assertEquals("classes", e.field());
    assertEquals("unknown class names [cow, emu]; the input dataset's classes are [cat, dog]", e.problem());
    factory.validate(params, input(List.of("cat", "cow", "emu")));
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
