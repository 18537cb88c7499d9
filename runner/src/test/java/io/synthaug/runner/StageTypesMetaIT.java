package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Param;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.run.ConsoleProgress;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.run.RunOptions;
import io.synthaug.core.spec.Json;
import io.synthaug.core.spec.SpecReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage type of every plugin (built-in and the third-party example) must have a test
 * fixture in {@code src/test/resources/fixtures/<type>.json}; with it, one seed gives the same
 * output twice and the stage really changes images.
 *
 * <p>A stage that acts on images earlier stages made (a quality gate) also has
 * {@code fixtures/<type>.before.json}, a JSON array of the stages that run before it. For such a
 * stage "acts" means: its output differs from the output of those earlier stages alone.
 */
class StageTypesMetaIT {

  @TempDir
  Path dir;

  /**
   * Each documented {@code @Param} default must be what the record's constructor fills in:
   * dropping that field from the fixture and binding again gives the documented value.
   */
  private static void checkDocumentedDefaults(RegisteredStage s, String fixture) throws Exception {
    ObjectMapper mapper = Json.mapper();
    for (RecordComponent rc : s.factory().paramsType().getRecordComponents()) {
      Param doc = rc.getAnnotation(Param.class);
      assertNotNull(doc, s.type() + "." + rc.getName() + " has @Param documentation");
      if (doc.defaultValue().isEmpty()) {
        continue;
      }
      ObjectNode params = (ObjectNode) mapper.readTree(fixture);
      params.remove(rc.getName());
      JsonNode bound = mapper.valueToTree(mapper.treeToValue(params, s.factory().paramsType()));
      JsonNode expected = mapper.readTree(doc.defaultValue());
      JsonNode actual = bound.get(rc.getName());
      String where = s.type() + "." + rc.getName();
      assertNotNull(actual, where + " gets a default");
      if (expected.isNumber()) {
        assertEquals(expected.asDouble(), actual.asDouble(), 0.0, where);
      } else {
        assertEquals(expected, actual, where);
      }
    }
  }

  private Path spec(String name, ArrayNode stages) throws Exception {
    ObjectNode spec = Json.mapper().createObjectNode().put("seed", 11);
    spec.putObject("input").put("format", "idx").put("images", "images.gz").put("labels", "labels.gz");
    spec.set("stages", stages);
    return Dist.write(dir.resolve(name), spec.toString());
  }

  /** The image files of an output tree, without the artifacts and records around them. */
  private static Map<String, String> images(Map<String, String> tree) {
    Map<String, String> out = new java.util.TreeMap<>(tree);
    out.keySet().removeIf(path -> !path.startsWith("images/"));
    return out;
  }

  @Test
  void everyStageTypeIsDeterministicAndActs() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    try (Stream<Path> builtIn = Files.list(Dist.HOME.resolve("plugins"))) {
      for (Path p : builtIn.toList()) {
        Files.copy(p, plugins.resolve(p.getFileName()));
      }
    }
    Files.copy(Path.of(System.getProperty("synthaug.elasticJar")), plugins.resolve("elastic.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    Dist.writeIdx(dir.resolve("images.gz"), dir.resolve("labels.gz"), 6, 28);

    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (PluginHost host = PluginHost.load(plugins)) {
      assertEquals(List.of(), host.problems());
      assertTrue(host.all().size() >= 2);
      for (RegisteredStage s : host.all()) {
        String fixture = Dist.resource("/fixtures/" + s.type() + ".json");
        assertNotNull(fixture, "stage type " + s.type() + " has a fixture");
        String before = Dist.class.getResource("/fixtures/" + s.type() + ".before.json") == null ? null
            : Dist.resource("/fixtures/" + s.type() + ".before.json");
        ArrayNode earlier = before == null ? Json.mapper().createArrayNode() : (ArrayNode) Json.mapper().readTree(before);
        ArrayNode stages = earlier.deepCopy();
        stages.addObject().put("id", "under-test").put("type", s.type()).set("params", Json.mapper().readTree(fixture));
        PipelineRunner runner = new PipelineRunner(host, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
        SpecReader reader = new SpecReader(host);
        Path spec = spec(s.type() + ".json", stages);
        runner.run(reader.read(spec), new RunOptions(dir.resolve(s.type() + "-1").toString(), false, false, null, null));
        runner.run(reader.read(spec), new RunOptions(dir.resolve(s.type() + "-2").toString(), false, false, null, null));
        Map<String, String> a = Dist.tree(dir.resolve(s.type() + "-1"));
        Map<String, String> b = Dist.tree(dir.resolve(s.type() + "-2"));
        assertEquals(a, b, s.type() + ": one seed, one output");
        if (before != null) {
          // A stage that acts on earlier stages' images acts when its output differs from theirs.
          runner.run(reader.read(spec(s.type() + "-before.json", earlier)),
              new RunOptions(dir.resolve(s.type() + "-0").toString(), false, false, null, null));
          assertNotEquals(images(Dist.tree(dir.resolve(s.type() + "-0"))), images(a),
              s.type() + " changed the images the stages before it made");
        } else {
          List<String> rows = Files.readAllLines(dir.resolve(s.type() + "-1/manifest.csv"));
          Set<String> real = new HashSet<>();
          Set<String> made = new HashSet<>();
          for (String row : rows.subList(1, rows.size())) {
            String path = row.substring(0, row.indexOf(','));
            (row.contains(",real,") ? real : made).add(a.get(path));
          }
          assertFalse(made.isEmpty(), s.type() + " made images");
          made.removeAll(real);
          assertFalse(made.isEmpty(), s.type() + " changed images with its fixture");
        }
        checkDocumentedDefaults(s, fixture);
      }
    }
  }
}
