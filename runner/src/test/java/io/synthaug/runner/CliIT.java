package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands other than run, through the built distribution. */
class CliIT {

  @TempDir
  Path dir;

  @Test
  void pluginsListsBuiltInsWithVersionsAndStageTypes() throws Exception {
    Dist.Result r = Dist.runner(dir, "plugins");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().matches("(?s).*classic\\s+0\\.1\\.0-SNAPSHOT\\s+ok\\s+classic.*"), r.out());
  }

  @Test
  void helpOnEveryCommand() throws Exception {
    for (String cmd : new String[] {"run", "validate", "plugins", "describe", "schema", "fetch"}) {
      Dist.Result r = Dist.runner(dir, cmd, "--help");
      assertEquals(0, r.code(), cmd + ": " + r.all());
      assertTrue(r.out().contains("Usage: runner " + cmd), r.out());
    }
    Dist.Result top = Dist.runner(dir, "--help");
    assertTrue(top.out().contains("Exit codes"), top.out());
  }

  @Test
  void describeShowsParametersTypesAndDefaults() throws Exception {
    Dist.Result r = Dist.runner(dir, "describe", "classic");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("copies (integer) default 1"), r.out());
    assertTrue(r.out().contains("ops (list of object) required"), r.out());
    assertTrue(r.out().contains("rotate"), r.out());
    Dist.Result unknown = Dist.runner(dir, "describe", "blur");
    assertEquals(2, unknown.code(), "a bad command line, not a spec: " + unknown.all());
    assertTrue(unknown.err().contains("unknown stage type 'blur'; known stage types: classic, fid-gate, gan"),
        unknown.err());
    assertFalse(unknown.err().contains("<spec>"), unknown.err());
  }

  @Test
  void validateNamesInputFilesThatAreNotThere() throws Exception {
    Path spec = Dist.write(dir.resolve("idx.json"), """
        {"input": {"format": "idx", "images": "data/images.gz", "labels": "data/labels.gz"}, "output": {"path": "out"},
         "stages": []}
        """);
    Dist.Result r = Dist.runner(dir, "validate", spec.toString());
    assertEquals(4, r.code(), r.all());
    assertTrue(r.err().contains("the input images file ($.input.images) of " + spec + " does not exist"), r.err());
    Dist.writeIdx(dir.resolve("data/images.gz"), dir.resolve("data/labels.gz"), 4, 8);
    Dist.Result ok = Dist.runner(dir, "validate", spec.toString());
    assertEquals(0, ok.code(), ok.all());
  }

  @Test
  void validateGoodAndBadSpecs() throws Exception {
    Path good = Dist.write(dir.resolve("good.json"), """
        {"input": {"format": "mnist"}, "output": {"path": "out"},
         "stages": [{"type": "classic", "params": {"ops": [{"hflip": {}}]}}]}
        """);
    Dist.Result ok = Dist.runner(dir, "validate", good.toString());
    assertEquals(0, ok.code(), ok.all());
    assertTrue(ok.out().contains("ok: "), ok.out());

    Path bad = Dist.write(dir.resolve("bad.json"), """
        {"input": {"format": "mnist"}, "output": {"path": "out"},
         "stages": [{"type": "classic",
                     "params": {"ops": [{"hflip": {}}], "copiez": 3}}]}
        """);
    Dist.Result e = Dist.runner(dir, "validate", bad.toString());
    assertEquals(3, e.code(), e.all());
    assertTrue(e.err().contains("bad.json:3:"), e.err());
    assertTrue(e.err().contains("$.stages[0].params.copiez"), e.err());
    assertTrue(e.err().contains("unknown field 'copiez'"), e.err());
    assertFalse(e.err().contains("\tat io.synthaug."), "no stack trace without --verbose: " + e.err());
    // --verbose is the subcommand's option: it must still reach the error handler (validate
    // reports its errors itself, so run, which reads the spec first).
    Dist.Result v = Dist.runner(dir, "run", bad.toString(), "--verbose");
    assertEquals(3, v.code(), v.all());
    assertTrue(v.err().contains("$.stages[0].params.copiez"), v.err());
    assertTrue(v.err().contains("\tat io.synthaug."), "stack trace with --verbose: " + v.err());

    Path malformed = Dist.write(dir.resolve("malformed.json"), "{\"input\": {\"format\": \"mnist\"},,}");
    Dist.Result m = Dist.runner(dir, "validate", malformed.toString());
    assertEquals(3, m.code(), m.all());
    assertTrue(m.err().contains("malformed.json:1:"), m.err());
  }

  @Test
  void examplesValidate() throws Exception {
    Path examples = Path.of(System.getProperty("synthaug.examples"));
    List<Path> specs;
    try (var files = Files.list(examples)) {
      specs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(specs.size() >= 6, specs.toString());
    for (Path spec : specs) {
      Dist.Result r = Dist.runner(dir, "validate", spec.toString());
      assertEquals(0, r.code(), spec + ": " + r.all());
      // experiment files (with a "pipeline" field) are told apart and checked with their pipeline
      assertTrue(r.out().startsWith("ok: " + spec + " (" + (isExperiment(spec) ? "4 arms, " : "")), r.out());
    }
    Dist.Result classic = Dist.runner(dir, "validate", examples.resolve("mnist-classic.json").toString());
    // the examples' output folders may exist from a run of the main job: validate only notes that
    assertTrue(classic.out().contains("(1 stage: classic)") || classic.out().contains("(1 stage: classic; output"
        + " folder "), classic.out());
  }

  @Test
  void anExperimentFileWithABadPipelineFailsValidationNamingThePipelineFile() throws Exception {
    Dist.write(dir.resolve("pipe.json"), """
        {"input": {"format": "mnist"}, "output": {"path": "out"},
         "stages": [{"id": "classic", "type": "classic", "params": {"ops": [{"hflip": {}}], "copiez": 3}}]}
        """);
    Path exp = Dist.write(dir.resolve("exp.json"), """
        {"pipeline": "pipe.json", "test": {"format": "mnist", "split": "test"},
         "arms": {"real": [], "real+classic": ["classic"]}, "baseline": "real", "seeds": [1, 2]}
        """);
    Dist.Result r = Dist.runner(dir, "validate", exp.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("pipe.json") && r.err().contains("copiez"), r.err());
    assertFalse(r.err().contains("unknown field 'pipeline'"), "read as an experiment, not as a pipeline: " + r.err());
  }

  private static boolean isExperiment(Path file) {
    try {
      return Json.mapper().readTree(file.toFile()).has("pipeline");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void schemaIsJsonWithEveryStageType() throws Exception {
    Dist.Result r = Dist.runner(dir, "schema");
    assertEquals(0, r.code(), r.all());
    JsonNode schema = Json.mapper().readTree(r.out());
    assertEquals("object", schema.get("type").asText());
    assertTrue(schema.toString().contains("\"const\":\"classic\""), r.out());
  }

  @Test
  void badPluginsDirIsAPluginError() throws Exception {
    Dist.Result r = Dist.runner(dir, "plugins", "--plugins-dir", dir.resolve("nope").toString());
    assertEquals(7, r.code(), r.all());
    assertTrue(r.err().contains("the plugins folder does not exist"), r.err());
  }
}
