package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.StageFactory;
import io.synthaug.core.spec.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built outside the project is dropped into a plugins folder beside the built-in ones
 * and used by a spec, with no rebuild of the runner; broken plugins are named and the others
 * still load.
 */
class ThirdPartyPluginIT {

  @TempDir
  Path dir;

  Path plugins;

  @BeforeEach
  void pluginsFolder() throws Exception {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    try (Stream<Path> builtIn = Files.list(Dist.HOME.resolve("plugins"))) {
      for (Path p : builtIn.toList()) {
        Files.copy(p, plugins.resolve(p.getFileName()));
      }
    }
    Path elastic = Path.of(System.getProperty("synthaug.elasticJar"));
    assertTrue(Files.isRegularFile(elastic), "the example plugin is built: " + elastic);
    Files.copy(elastic, plugins.resolve("elastic.jar"), StandardCopyOption.REPLACE_EXISTING);
    Dist.writeIdx(dir.resolve("data/images.gz"), dir.resolve("data/labels.gz"), 4, 16);
  }

  private Path spec(String stages) throws Exception {
    return Dist.write(dir.resolve("spec.json"), """
        {"seed": 3, "input": {"format": "idx", "images": "data/images.gz", "labels": "data/labels.gz"},
         "output": {"path": "out"}, "stages": %s}
        """.formatted(stages));
  }

  @Test
  void droppedInPluginAddsItsStage() throws Exception {
    Dist.Result list = Dist.runner(dir, "plugins", "--plugins-dir", plugins.toString());
    assertEquals(0, list.code(), list.all());
    assertTrue(list.out().matches("(?s).*elastic\\s+0\\.1\\.0-SNAPSHOT\\s+ok\\s+elastic.*"), list.out());

    Dist.Result describe = Dist.runner(dir, "describe", "elastic", "--plugins-dir", plugins.toString());
    assertTrue(describe.out().contains("sigma (number) default 4.0"), describe.out());

    Path spec = spec("""
        [{"id": "warp", "type": "elastic", "params": {"alpha": 8, "sigma": 3, "copies": 2}},
         {"type": "classic", "params": {"ops": [{"hflip": {"p": 1.0}}], "applyTo": "synthetic"}}]""");
    Dist.Result run = Dist.runner(dir, "run", spec.toString(), "--plugins-dir", plugins.toString());
    assertEquals(0, run.code(), run.all());
    JsonNode manifest = Json.mapper().readTree(dir.resolve("out/run.json").toFile());
    assertEquals(24, manifest.get("counts").get("bySource").get("warp").asInt(), manifest.toString());
    assertTrue(manifest.get("plugins").toString().contains("\"id\":\"elastic\""), manifest.toString());
    List<String> rows = Files.readAllLines(dir.resolve("out/manifest.csv"));
    assertTrue(rows.stream().anyMatch(r -> r.contains(",warp,elastic,")), rows.get(20));
  }

  @Test
  void theShippedSpecOfTheExamplePluginValidatesWithItsJar() throws Exception {
    Path spec = Path.of(System.getProperty("synthaug.examples")).resolve("elastic-plugin/mnist-elastic.json");
    Dist.Result r = Dist.runner(dir, "validate", spec.toString(), "--plugins-dir", plugins.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("(2 stages: elastic -> classic)")
        || r.out().contains("(2 stages: elastic -> classic; output folder "), r.out());
  }

  @Test
  void badParamsOfAThirdPartyStageAreSpecErrors() throws Exception {
    Path spec = spec("[{\"type\": \"elastic\", \"params\": {\"sigma\": 0.1}}]");
    Dist.Result r = Dist.runner(dir, "validate", spec.toString(), "--plugins-dir", plugins.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[0].params.sigma"), r.err());
    assertTrue(r.err().contains("0.1"), r.err());
  }

  @Test
  void corruptJarIsNamedAndOtherPluginsStillLoad() throws Exception {
    Files.write(plugins.resolve("broken.jar"), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
    Dist.Result list = Dist.runner(dir, "plugins", "--plugins-dir", plugins.toString());
    assertEquals(7, list.code(), list.all());
    assertTrue(list.out().contains("broken.jar") && list.out().contains("FAILED"), list.out());
    assertTrue(list.err().contains("broken.jar"), list.err());
    assertTrue(list.out().matches("(?s).*classic\\s+\\S+\\s+ok.*"), list.out());

    Dist.Result run = Dist.runner(dir, "run", spec("[{\"type\": \"elastic\"}]").toString(),
        "--plugins-dir", plugins.toString());
    assertEquals(0, run.code(), run.all());
    assertTrue(run.err().contains("warning: plugin broken.jar"), run.err());

    // a stage type no working plugin offers: the broken jar may be the one that would
    Dist.Result missing = Dist.runner(dir, "validate", spec("[{\"type\": \"blur\"}]").toString(),
        "--plugins-dir", plugins.toString());
    assertEquals(7, missing.code(), missing.all());
    assertTrue(missing.err().contains("plugin broken.jar: cannot be loaded: not a readable jar"), missing.err());
    assertTrue(missing.err().contains("unknown stage type 'blur'"), missing.err());
  }

  @Test
  void stageThatThrowsNamesStageAndPlugin() throws Exception {
    buildThrowingPlugin(plugins.resolve("thrower.jar"));
    Dist.Result run = Dist.runner(dir, "run", spec("[{\"id\": \"bad\", \"type\": \"thrower\"}]").toString(),
        "--plugins-dir", plugins.toString());
    assertEquals(5, run.code(), run.all());
    assertTrue(run.err().contains("stage 'bad' (type thrower, plugin thrower)"), run.err());
    assertTrue(run.err().contains("deliberate failure"), run.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /** Compiles and packs a minimal plugin whose stage always throws, as a third party would. */
  private void buildThrowingPlugin(Path jar) throws Exception {
    Path src = Files.createDirectories(dir.resolve("thrower-src/acme"));
    Files.writeString(src.resolve("ThrowerFactory.java"), """
        package acme;
        import io.synthaug.api.*;
        @org.pf4j.Extension
        public class ThrowerFactory implements StageFactory<ThrowerFactory.P> {
          public record P(@Param("unused") Integer n) {}
          public String type() { return "thrower"; }
          public String description() { return "Throws."; }
          public Class<P> paramsType() { return P.class; }
          public Stage create(P p, StageContext c) {
            return (ImageStage) (in, r, s) -> { throw new IllegalStateException("deliberate failure"); };
          }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("thrower-classes"));
    String cp = jarOf(StageFactory.class) + java.io.File.pathSeparator + jarOf(org.pf4j.Extension.class);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", cp, "-processorpath", jarOf(org.pf4j.Extension.class),
        src.resolve("ThrowerFactory.java").toString());
    assertEquals(0, rc, "the throwing plugin compiles");
    assertTrue(Files.exists(classes.resolve("META-INF/extensions.idx")), "PF4J's processor indexed the extension");
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().putValue("Plugin-Id", "thrower");
    mf.getMainAttributes().putValue("Plugin-Version", "1.0.0");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf);
         Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    }
  }

  private static String jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
