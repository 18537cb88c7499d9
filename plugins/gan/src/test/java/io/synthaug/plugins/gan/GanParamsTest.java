package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.ParamException;
import io.synthaug.api.SpecException;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.plugin.StageTypes;
import io.synthaug.core.spec.Json;
import io.synthaug.core.spec.SpecReader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stage's parameters reject every training setting that training itself would reject when
 * they are bound, so {@code runner validate} reports them at their JSON path before any stage runs.
 */
class GanParamsTest {

  private static final String SAMPLE = "\"sample\": {\"perClass\": 10}";

  private static GanParams bind(String json) throws Exception {
    return Json.mapper().readValue(json, GanParams.class);
  }

  private static ParamException fails(String json) {
    Exception e = assertThrows(Exception.class, () -> bind(json));
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ParamException p) {
        return p;
      }
    }
    throw new AssertionError("no ParamException in " + e);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "\"beta1\": 1.5                                 | beta1: must be in [0, 1), got 1.5",
      "\"beta1\": -0.1                                | beta1: must be in [0, 1), got -0.1",
      "\"beta2\": 1.0                                 | beta2: must be in [0, 1), got 1.0",
      "\"generatorLr\": 0                             | generatorLr: must be a positive finite number, got 0.0",
      "\"discriminatorLr\": -2e-4                     | discriminatorLr: must be a positive finite number, got -2.0E-4",
      "\"discriminatorSteps\": 0                      | discriminatorSteps: must be between 1 and 100, got 0",
      "\"discriminatorSteps\": 101                    | discriminatorSteps: must be between 1 and 100, got 101",
      "\"family\": \"wgan-gp\", \"gradientPenalty\": 0  | gradientPenalty: must be a positive finite number, got 0.0",
      "\"family\": \"wgan-gp\", \"gradientPenalty\": -1 | gradientPenalty: must be a positive finite number, got -1.0",
      "\"gradientPenalty\": 10                         | gradientPenalty: applies to wgan-gp only, got 10.0 with CGAN"})
  void trainingSettingsAreCheckedWhenBound(String field, String message) {
    ParamException e = fails("{" + SAMPLE + ", " + field + "}");
    assertEquals(message, e.getMessage());
    assertEquals(message.substring(0, message.indexOf(':')), e.field());
  }

  @Test
  void theSameSettingsPassAndReachTheTrainingConfiguration() throws Exception {
    GanParams p = bind("{" + SAMPLE + ", \"family\": \"wgan-gp\", \"beta1\": 0, \"beta2\": 0.99,"
        + " \"generatorLr\": 1e-4, \"discriminatorLr\": 3e-4, \"discriminatorSteps\": 100, \"gradientPenalty\": 5}");
    GanTrainingConfig c = p.trainingConfig(28, 1, 10, 3);
    assertEquals(0.0, c.beta1());
    assertEquals(0.99, c.beta2());
    assertEquals(1e-4, c.generatorLr());
    assertEquals(3e-4, c.discriminatorLr());
    assertEquals(100, c.discriminatorSteps());
    assertEquals(5.0, c.gradientPenalty());
    GanTrainingConfig defaults = bind("{" + SAMPLE + "}").trainingConfig(28, 1, 10, 3);
    assertEquals(GanTrainingConfig.builder(GanFamily.CGAN, defaults.architecture()).optSeed(3).build(), defaults,
        "left out, every setting takes the family's default");
  }

  @Test
  void theSpecReaderReportsABadSettingAtItsJsonPath() {
    StageTypes gan = new StageTypes() {
      private final RegisteredStage stage = new RegisteredStage("gan", new GanStageFactory(), "gan", "test");

      @Override
      public Optional<RegisteredStage> find(String type) {
        return Optional.of(stage).filter(s -> s.type().equals(type));
      }

      @Override
      public Collection<RegisteredStage> all() {
        return List.of(stage);
      }
    };
    String spec = "{\"input\": {\"format\": \"mnist\"}, \"output\": {\"path\": \"out\"}, \"stages\": [\n"
        + "{\"type\": \"gan\", \"params\": {" + SAMPLE + ",\n \"beta1\": 1.5}}]}";
    SpecException e = assertThrows(SpecException.class,
        () -> new SpecReader(gan).read(spec, Path.of("spec.json"), Path.of("/tmp")));
    assertEquals("$.stages[0].params.beta1", e.jsonPath());
    assertEquals("must be in [0, 1), got 1.5", e.problem());
    assertEquals(3, e.line());
  }
}
