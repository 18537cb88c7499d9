package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ParamException;
import io.synthaug.api.ValidationContext;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gate checks when a spec is read, before the stages ahead of it run. */
class FidGateFactoryTest {

  @TempDir
  Path dir;

  private static FidGateParams params(String json) throws Exception {
    return Json.mapper().readValue(json, FidGateParams.class);
  }

  /** The gate {@code gate} after the stages {@code earlier}, in a spec in {@link #dir}. */
  private ValidationContext at(List<String> earlier) {
    return new ValidationContext() {
      @Override
      public ExtensionLookup extensions() {
        return new GateTestContext(dir, 0, List.of(new ClassifierExtractorFactory(), new OnnxExtractorFactory()))
            .extensions();
      }

      @Override
      public String stageId() {
        return "gate";
      }

      @Override
      public List<String> earlierStageIds() {
        return earlier;
      }

      @Override
      public Path resolve(String path) {
        return dir.resolve(path);
      }
    };
  }

  private ParamException refused(String json, List<String> earlier) {
    return assertThrows(ParamException.class, () -> new FidGateFactory().validate(params(json), at(earlier)));
  }

  @Test
  void stagesMustComeBeforeTheGate() throws Exception {
    ParamException unknown = refused("{\"maxRatio\": 2, \"stages\": [\"cgan\", \"nope\"]}", List.of("cgan"));
    assertEquals("stages", unknown.field());
    assertEquals("lists 'nope', which is no stage before this gate; stages before it: cgan", unknown.problem());
    ParamException itself = refused("{\"maxRatio\": 2, \"stages\": [\"gate\"]}", List.of());
    assertEquals("lists 'gate', which is this gate itself; it measures stages placed before it, and none is",
        itself.problem());
    new FidGateFactory().validate(params("{\"maxRatio\": 2, \"stages\": [\"cgan\"]}"), at(List.of("classic", "cgan")));
  }

  @Test
  void anOnnxModelThatIsNotThereIsNamedBeforeAnythingRuns() throws Exception {
    String spec = "{\"maxRatio\": 2, \"extractor\": \"onnx\", \"extractorParams\": {\"path\": \"models/net.onnx\"}}";
    ParamException missing = refused(spec, List.of("cgan"));
    assertEquals("extractorParams.path", missing.field());
    assertEquals("no such file: " + dir.resolve("models/net.onnx") + " ('models/net.onnx', resolved against the spec's"
        + " folder) (extractor 'onnx')", missing.problem());
    Files.createDirectories(dir.resolve("models/net.onnx"));
    assertEquals("is a folder, not a model file: " + dir.resolve("models/net.onnx") + " ('models/net.onnx', resolved"
        + " against the spec's folder) (extractor 'onnx')", refused(spec, List.of("cgan")).problem());
    Files.delete(dir.resolve("models/net.onnx"));
    Files.writeString(dir.resolve("models/net.onnx"), "checked when the gate opens it");
    new FidGateFactory().validate(params(spec), at(List.of("cgan")));
  }
}
