package io.synthaug.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Device;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.PluginException;
import io.synthaug.api.SpecException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.plugin.StageTypes;
import io.synthaug.core.testing.TestStages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

  static PluginHost host;
  static SpecReader reader;

  @BeforeAll
  static void setUp() {
    host = PluginHost.load(null, List.of(new TestStages.Brighten(), new TestStages.Fail()), List.of());
    reader = new SpecReader(host);
  }

  @AfterAll
  static void tearDown() {
    host.close();
  }

  private static BoundPipeline read(String json) {
    return reader.read(json, Path.of("spec.json"), Path.of("/tmp"));
  }

  private static SpecException fails(String json) {
    return assertThrows(SpecException.class, () -> read(json));
  }

  private static final String INPUT = "\"input\": {\"format\": \"mnist\"}";

  @Test
  void anExperimentFileIsToldToGoToTheExperimentCommand() {
    SpecException e = fails("{\"pipeline\": \"p.json\", \"test\": {\"format\": \"mnist\"}, \"arms\": {\"real\": []}}");
    assertEquals("$", e.jsonPath());
    assertTrue(e.getMessage().contains("this is an experiment file (it has 'arms'")
        && e.getMessage().contains("run it with 'runner experiment'"), e.getMessage());
  }

  @Test
  void aSpecWithoutStagesIsRefusedAndAnEmptyListCopiesTheInput() {
    SpecException e = fails("{" + INPUT + ", \"output\": {\"path\": \"out\"}}");
    assertEquals("$.stages", e.jsonPath());
    assertTrue(e.getMessage().contains("missing required field 'stages'"), e.getMessage());
    assertEquals("$.stages", fails("{" + INPUT + ", \"stages\": null}").jsonPath());
    assertTrue(read("{" + INPUT + ", \"stages\": []}").stages().isEmpty());
  }

  @Test
  void factoryValidationRunsAtReadTimeAndIsReportedAtItsPath() {
    String spec = "{" + INPUT + ", \"output\": {\"path\": \"out\"},\n\"stages\": [{\"type\": \"fail\",\n"
        + " \"params\": {\"message\": \"extension:%s\"}}]}";
    SpecException e = fails(spec.formatted("zoom"));
    assertEquals("$.stages[0].params.message", e.jsonPath());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("no plugin offers 'zoom'"), e.getMessage());
    // params the factory accepts bind as usual
    read(spec.replace("extension:%s", "boom"));
  }

  @Test
  void bindsEnvelopeAndParamsWithDefaults() {
    BoundPipeline p = read("{" + INPUT + ", \"seed\": 7, \"device\": \"CPU\", \"output\": {\"path\": \"out\"},"
        + "\"stages\": [{\"type\": \"brighten\", \"params\": {\"amount\": 0.5, \"which\": \"real-only\"}}]}");
    assertEquals(7L, p.spec().seed());
    assertEquals(Device.CPU, p.spec().device());
    assertEquals(1, p.stages().size());
    TestStages.BrightenParams bp = (TestStages.BrightenParams) p.stages().get(0).params();
    assertEquals(0.5, bp.amount());
    assertEquals(1, bp.copies());
    assertEquals(TestStages.Which.REAL_ONLY, bp.which());
    assertEquals("brighten-0", p.stages().get(0).id());
    assertEquals("real-only", p.stages().get(0).resolvedParams().get("which").asText());
    assertEquals(1, p.stages().get(0).resolvedParams().get("copies").asInt());
    assertEquals("brighten-0", p.resolved().get("stages").get(0).get("id").asText());
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    SpecException e = fails("{\n  \"seed\": 1,\n  \"stages\": [\n}");
    assertTrue(e.getMessage().startsWith("spec.json:4:"), e.getMessage());
    assertTrue(e.problem().startsWith("malformed JSON"), e.problem());
  }

  @Test
  void trailingContentAndDuplicateKeysAreErrors() {
    assertTrue(fails("{" + INPUT + "} {}").problem().contains("malformed JSON"));
    SpecException dup = fails("{" + INPUT + ", \"seed\": 1, \"seed\": 2}");
    assertTrue(dup.problem().contains("seed"), dup.problem());
  }

  @Test
  void unknownStageTypeListsKnownTypes() {
    SpecException e = fails("{" + INPUT + ",\n \"stages\": [\n  {\"type\": \"blur\"}]}");
    assertEquals("$.stages[0].type", e.jsonPath());
    assertEquals(3, e.line());
    assertTrue(e.problem().contains("unknown stage type 'blur'"), e.problem());
    assertTrue(e.problem().contains("known stage types: brighten, fail"), e.problem());
  }

  @Test
  void unknownTypeWithAFailedPluginNamesThePlugin(@TempDir Path plugins) throws Exception {
    Files.writeString(plugins.resolve("blur-plugin.jar"), "truncated", StandardCharsets.UTF_8);
    try (PluginHost withFailure = PluginHost.load(plugins, List.of(new TestStages.Brighten()), List.of())) {
      PluginException e = assertThrows(PluginException.class, () -> new SpecReader(withFailure)
          .read("{" + INPUT + ",\n \"stages\": [\n  {\"type\": \"blur\"}]}", Path.of("spec.json"), Path.of("/tmp")));
      assertEquals(PluginException.EXIT_CODE, e.exitCode());
      assertTrue(e.getMessage().startsWith("plugin blur-plugin.jar: cannot be loaded: not a readable jar"),
          e.getMessage());
      assertTrue(e.getMessage().contains("may be the plugin that offers the spec's stage type"), e.getMessage());
      assertTrue(e.getMessage().contains("$.stages[0].type"), e.getMessage());
      assertTrue(e.getMessage().contains("unknown stage type 'blur'"), e.getMessage());
    }
  }

  @Test
  void aStrayFileInThePluginsFolderLeavesAnUnknownTypeASpecError(@TempDir Path plugins) throws Exception {
    Files.writeString(plugins.resolve("README.txt"), "notes", StandardCharsets.UTF_8);
    try (PluginHost withStray = PluginHost.load(plugins, List.of(new TestStages.Brighten()), List.of())) {
      SpecException e = assertThrows(SpecException.class, () -> new SpecReader(withStray)
          .read("{" + INPUT + ", \"stages\": [{\"type\": \"brigten\"}]}", Path.of("spec.json"), Path.of("/tmp")));
      assertTrue(e.problem().startsWith("unknown stage type 'brigten'"), e.problem());
    }
  }

  @Test
  void aFractionWhereAWholeNumberBelongsIsAnErrorNotCut() {
    SpecException seed = fails("{" + INPUT + ", \"seed\": 42.9, \"stages\": []}");
    assertEquals("$.seed", seed.jsonPath());
    assertEquals("expected an integer, got 42.9", seed.problem());
    SpecException threads = fails("{" + INPUT + ", \"threads\": \"two\", \"stages\": []}");
    assertEquals("expected an integer, got the string \"two\"", threads.problem());
    SpecException stages = fails("{" + INPUT + ", \"stages\": {}}");
    assertEquals("expected a list, got an object", stages.problem());
  }

  @Test
  void aWholeNumberWrittenAsAFloatIsAnInteger() {
    BoundPipeline p = read("{" + INPUT + ", \"seed\": 1e3, \"threads\": 2.0, \"stages\": []}");
    assertEquals(1000L, p.spec().seed());
    assertEquals(2, p.spec().threads());
  }

  @Test
  void anUnknownEnumValueAndANonNumberReadPlainly() {
    SpecException device = fails("{" + INPUT + ", \"device\": \"tpu\", \"stages\": []}");
    assertEquals("$.device", device.jsonPath());
    assertTrue(device.problem().startsWith("got \"tpu\"; expected one of: "), device.problem());
    assertFalse(device.problem().contains("`"), device.problem());
    SpecException nan = fails("{" + INPUT + ", \"seed\": NaN, \"stages\": []}");
    assertEquals("malformed JSON: 'NaN' is not a JSON number; write a finite number", nan.problem());
  }

  @Test
  void aMissingOrUnknownFormatListsTheKnownOnes() {
    SpecException missing = fails("{\"input\": {\"split\": \"train\"}, \"stages\": []}");
    assertEquals("missing 'format'; known formats: idx, imagefolder, mnist", missing.problem());
    SpecException unknown = fails("{\"input\": {\"format\": \"png\"}, \"stages\": []}");
    assertEquals("unknown format 'png'; known formats: idx, imagefolder, mnist", unknown.problem());
  }

  @Test
  void tooManyThreadsIsASpecError() {
    SpecException e = fails("{" + INPUT + ", \"threads\": 100000, \"stages\": []}");
    assertEquals("$.threads", e.jsonPath());
    assertEquals("must be from 1 to 1024, got 100000", e.problem());
  }

  @Test
  void unknownParamNamesPathAndKnownFields() {
    SpecException e = fails("{" + INPUT + ", \"stages\": [{\"type\": \"brighten\",\n"
        + " \"params\": {\"amount\": 0.1,\n \"copiez\": 2}}]}");
    assertEquals("$.stages[0].params.copiez", e.jsonPath());
    assertEquals(3, e.line());
    assertTrue(e.problem().contains("unknown field 'copiez'"), e.problem());
    assertTrue(e.problem().contains("copies"), e.problem());
  }

  @Test
  void mistypedParamIsAnError() {
    SpecException e = fails("{" + INPUT + ", \"stages\": [{\"type\": \"brighten\", \"params\": {\"amount\": 0.1, \"copies\": \"two\"}}]}");
    assertEquals("$.stages[0].params.copies", e.jsonPath());
    assertTrue(e.line() > 0);
  }

  @Test
  void badEnumListsAcceptedValues() {
    SpecException e = fails("{" + INPUT + ", \"stages\": [{\"type\": \"brighten\", \"params\": {\"amount\": 0.1, \"which\": \"some\"}}]}");
    assertEquals("$.stages[0].params.which", e.jsonPath());
    assertTrue(e.problem().contains("all, real-only"), e.problem());
  }

  @Test
  void missingRequiredParamIsNamed() {
    SpecException e = fails("{" + INPUT + ", \"stages\": [{\"type\": \"brighten\", \"params\": {\"copies\": 2}}]}");
    assertEquals("$.stages[0].params", e.jsonPath());
    assertTrue(e.problem().contains("missing required field 'amount'"), e.problem());
    SpecException nested = fails("{" + INPUT + ", \"stages\": [{\"type\": \"brighten\", \"params\": {\"amount\": 0, \"inner\": {}}}]}");
    assertEquals("$.stages[0].params.inner", nested.jsonPath());
    assertTrue(nested.problem().contains("'level'"), nested.problem());
  }

  @Test
  void outOfRangeParamNamesFieldAndValue() {
    SpecException e = fails("{" + INPUT + ",\n \"stages\": [{\"type\": \"brighten\",\n \"params\": {\"amount\": 0.1,\n \"copies\": 99}}]}");
    assertEquals("$.stages[0].params.copies", e.jsonPath());
    assertEquals(4, e.line());
    assertTrue(e.problem().contains("99"), e.problem());
  }

  @Test
  void envelopeErrors() {
    assertEquals("$.input", fails("{\"stages\": []}").jsonPath());
    SpecException format = fails("{\"input\": {\"format\": \"csv\"}}");
    assertTrue(format.problem().contains("unknown format 'csv'"), format.problem());
    assertTrue(format.problem().contains("imagefolder"), format.problem());
    SpecException unknown = fails("{" + INPUT + ", \"sede\": 1}");
    assertEquals("$.sede", unknown.jsonPath());
    assertTrue(unknown.problem().contains("known fields"), unknown.problem());
    assertEquals("$.version", fails("{" + INPUT + ", \"version\": 2}").jsonPath());
    assertEquals("$.input.images", fails("{\"input\": {\"format\": \"idx\", \"labels\": \"l\"}}").jsonPath());
    SpecException dupId = fails("{" + INPUT + ", \"stages\": [{\"type\": \"fail\", \"id\": \"a\"}, {\"type\": \"fail\", \"id\": \"a\"}]}");
    assertEquals("$.stages[1].id", dupId.jsonPath());
    assertEquals("$", fails("[1, 2]").jsonPath());
  }

  @Test
  void aNullStageIsNamedByItsPath() {
    SpecException e = fails("{" + INPUT + ",\n \"stages\": [{\"type\": \"fail\"},\n null]}");
    assertEquals("$.stages[1]", e.jsonPath());
    assertEquals(3, e.line());
    assertEquals("a stage must be an object with a 'type'", e.problem());
  }

  @Test
  void classNamesThatCannotBeOutputFoldersAreNamedByTheirPath() {
    String idx = "{\"input\": {\"format\": \"idx\", \"images\": \"i\", \"labels\": \"l\",\n \"classes\": %s}}";
    SpecException twice = fails(idx.formatted("[\"cat\", \"dog\", \"cat\"]"));
    assertEquals("$.input.classes[2]", twice.jsonPath());
    assertEquals(2, twice.line());
    assertEquals("class name 'cat' is given twice (classes 0 and 2); each class needs its own name", twice.problem());
    SpecException cased = fails(idx.formatted("[\"Cat\", \"cat\"]"));
    assertEquals("$.input.classes[1]", cased.jsonPath());
    assertTrue(cased.problem().startsWith("class names 'Cat' and 'cat' differ only in letter case"), cased.problem());
    SpecException slash = fails(idx.formatted("[\"a/b\"]"));
    assertEquals("$.input.classes[0]", slash.jsonPath());
    assertTrue(slash.problem().startsWith("class name 'a/b' cannot be used as a folder name"), slash.problem());
    SpecException none = fails(idx.formatted("[\"a\", null]"));
    assertEquals("$.input.classes[1]", none.jsonPath());
    assertTrue(none.problem().startsWith("class 1 has no name"), none.problem());
  }

  @Test
  void missingFileIsASpecError() {
    SpecException e = assertThrows(SpecException.class, () -> reader.read(Path.of("/nonexistent/spec.json")));
    assertTrue(e.getMessage().contains("/nonexistent/spec.json"));
    assertTrue(e.problem().contains("not found"));
  }
  /** A stage type of plugin "acme" whose validation throws what {@code failure} makes. */
  private static StageTypes throwingValidation(Supplier<RuntimeException> failure, ExtensionLookup lookup) {
    StageFactory<TestStages.FailParams> factory = new StageFactory<>() {
      @Override
      public String type() {
        return "checker";
      }

      @Override
      public String description() {
        return "Checks through other plugins.";
      }

      @Override
      public Class<TestStages.FailParams> paramsType() {
        return TestStages.FailParams.class;
      }

      @Override
      public void validate(TestStages.FailParams p, ExtensionLookup extensions) {
        extensions.all(StageFactory.class);
        throw failure.get();
      }

      @Override
      public Stage create(TestStages.FailParams params, StageContext context) {
        throw new UnsupportedOperationException();
      }
    };
    RegisteredStage reg = new RegisteredStage("checker", factory, "acme", "1.0.0");
    return new StageTypes() {
      @Override
      public Optional<RegisteredStage> find(String type) {
        return "checker".equals(type) ? Optional.of(reg) : Optional.empty();
      }

      @Override
      public Collection<RegisteredStage> all() {
        return List.of(reg);
      }

      @Override
      public ExtensionLookup extensions() {
        return lookup;
      }
    };
  }

  private static final String CHECKER = "{" + INPUT + ",\n \"stages\": [\n {\"type\": \"checker\", \"params\": {}}]}";

  @Test
  void aParamsRecordThatThrowsSomethingElseIsAPluginError() {
    PluginException e = assertThrows(PluginException.class, () -> read("{" + INPUT
        + ",\n \"stages\": [\n {\"type\": \"fail\", \"params\": {\"message\": \"bug\"}}]}"));
    assertEquals(PluginException.EXIT_CODE, e.exitCode());
    assertTrue(e.getMessage().startsWith("plugin " + PluginHost.BUILT_IN + ": stage type 'fail' failed while checking"),
        e.getMessage());
    assertTrue(e.getMessage().contains("$.stages[0].params"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.IllegalStateException: params record bug"), e.getMessage());
  }

  @Test
  void aSpecWithAByteOrderMarkReads(@TempDir Path folder) throws Exception {
    Path spec = Files.writeString(folder.resolve("bom.json"), "\uFEFF{" + INPUT + ", \"stages\": []}",
        StandardCharsets.UTF_8);
    assertEquals(0, reader.read(spec).stages().size());
    Path latin = Files.write(folder.resolve("latin.json"), new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
    SpecException e = assertThrows(SpecException.class, () -> reader.read(latin));
    assertTrue(e.problem().startsWith("the spec file is not UTF-8 text"), e.problem());
  }

  @Test
  void aPluginThatThrowsWhileValidatingIsAPluginErrorAtTheStagesPath() {
    ExtensionLookup none = new ExtensionLookup() {
      @Override
      public <T> List<T> all(Class<T> type) {
        return List.of();
      }
    };
    SpecReader r = new SpecReader(throwingValidation(
        () -> new RuntimeException("Unable to provision", new IllegalStateException("model cache missing")), none));
    PluginException e = assertThrows(PluginException.class,
        () -> r.read(CHECKER, Path.of("spec.json"), Path.of("/tmp")));
    assertTrue(e.getMessage().startsWith("plugin acme: stage type 'checker' failed while checking spec.json:3:"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" at $.stages[0].params: java.lang.IllegalStateException: model cache missing"),
        e.getMessage());
    assertEquals(PluginException.EXIT_CODE, e.exitCode());
  }

  @Test
  void aFailingExtensionLookupNamesBothPluginsAndThePath() {
    ExtensionLookup broken = new ExtensionLookup() {
      @Override
      public <T> List<T> all(Class<T> type) {
        throw new PluginException("policies", "its StageFactory extensions cannot be created: boom");
      }
    };
    SpecReader r = new SpecReader(throwingValidation(() -> new IllegalStateException("not reached"), broken));
    PluginException e = assertThrows(PluginException.class, () -> r.read(CHECKER, null, Path.of("/tmp")));
    assertTrue(e.getMessage().startsWith("plugin acme: stage type 'checker' failed while checking <spec>:3:"),
        e.getMessage());
    assertTrue(e.getMessage().contains(" at $.stages[0].params: plugin policies: its StageFactory extensions cannot be"
        + " created: boom"), e.getMessage());
  }
}
