package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        Path spec = Dist.write(dir.resolve(s.type() + ".json"), """
            {"seed": 11, "input": {"format": "idx", "images": "images.gz", "labels": "labels.gz"},
             "stages": [{"id": "under-test", "type": "%s", "params": %s}]}
            """.formatted(s.type(), fixture));
        PipelineRunner runner = new PipelineRunner(host, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
        SpecReader reader = new SpecReader(host);
        runner.run(reader.read(spec), new RunOptions(dir.resolve(s.type() + "-1").toString(), false, false, null, null));
        runner.run(reader.read(spec), new RunOptions(dir.resolve(s.type() + "-2").toString(), false, false, null, null));
        Map<String, String> a = Dist.tree(dir.resolve(s.type() + "-1"));
        Map<String, String> b = Dist.tree(dir.resolve(s.type() + "-2"));
        assertEquals(a, b, s.type() + ": one seed, one output");

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
        checkDocumentedDefaults(s, fixture);
      }
    }
  }
}
