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
import java.util.Optional;
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
    return at(earlier, null);
  }

  /** As {@link #at(List)}, once a run has read an input with {@code counts} images a class (null: not yet). */
  private ValidationContext at(List<String> earlier, List<Integer> counts) {
    return new ValidationContext() {
      @Override
      public Optional<List<Integer>> classCounts() {
        return Optional.ofNullable(counts);
      }

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

  @Test
  void aTrainShareThatLeavesNoRealImageToMeasureWithIsRefusedOnceTheInputIsKnown() throws Exception {
    FidGateParams p = params("{\"maxRatio\": 2}");
    List<Integer> onePerClass = java.util.Collections.nCopies(10, 1);
    new FidGateFactory().validate(p, at(List.of("cgan")));
    ParamException e = assertThrows(ParamException.class,
        () -> new FidGateFactory().validate(p, at(List.of("cgan"), onePerClass)));
    assertEquals("trainShare", e.field());
    assertEquals("0.500 of each class's real images (rounded) train the classifier extractor, 10 of the 10, which"
        + " leaves 0 for the gate to measure with; FID and KID need at least 4 (two halves of 2 images); lower"
        + " trainShare (a class of n images keeps n - round(n x trainShare)), give the classes more real images, or use"
        + " an extractor that does not learn from them (onnx)", e.problem());
    // round(1 x 0.4) = 0: every class keeps its image
    new FidGateFactory().validate(params("{\"maxRatio\": 2, \"trainShare\": 0.4}"), at(List.of("cgan"), onePerClass));
    // an extractor that does not learn measures with every real image
    Files.writeString(dir.resolve("net.onnx"), "checked when the gate opens it");
    new FidGateFactory().validate(params("{\"maxRatio\": 2, \"extractor\": \"onnx\", \"extractorParams\":"
        + " {\"path\": \"net.onnx\"}}"), at(List.of("cgan"), onePerClass));
  }
}
