package io.synthaug.core.ort;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static io.synthaug.core.onnx.OnnxGraphBuilder.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-input float model runner used for classifiers and feature extractors. */
class OrtModelTest {

  private static final OrtRuntime RUNTIME = new OrtRuntime(1, false);

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  /** A tiny classifier head: flatten [N, 1, 2, 2] then two outputs, features and logits. */
  private Path classifier() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("clf").input("pixels", FLOAT, List.of("batch", 1, 2, 2));
    OnnxLayers l = new OnnxLayers(g);
    String features = l.rename(l.flatten("pixels"), "features");
    float[] w = {1, 0, 0, 0, 0, 0, 0, 2, 1, 1, 1, 1};
    l.rename(l.linear("fc", features, w, new float[] {0f, 0f, -1f}, 3, 4), "logits");
    g.output("logits", FLOAT, List.of("batch", 3)).output("features", FLOAT, List.of("batch", 4))
        .metadata("synthaug.kind", "classifier");
    Path file = dir.resolve("clf.onnx");
    g.write(file);
    return file;
  }

  @Test
  void runsTheFirstOutputByDefaultAndANamedOneOnRequest() throws Exception {
    Path file = classifier();
    float[] x = {1, 2, 3, 4, -1, 0, 0, 1};
    try (OrtModel m = OrtModel.open(RUNTIME, file, Device.CPU, log::add, null)) {
      assertEquals("pixels", m.inputName());
      assertArrayEquals(new long[] {-1, 1, 2, 2}, m.inputShape());
      assertEquals("logits", m.outputName());
      assertFalse(m.usingCuda());
      assertEquals(Map.of("synthaug.kind", "classifier"), m.metadata());
      FloatTensor y = m.run(x, 2, 1, 2, 2);
      assertArrayEquals(new long[] {2, 3}, y.shape());
      assertArrayEquals(new float[] {1, 8, 9, -1, 2, -1}, y.data(), 1e-6f);
    }
    try (OrtModel m = OrtModel.open(RUNTIME, file, Device.CPU, log::add, "features")) {
      FloatTensor f = m.run(x, 2, 1, 2, 2);
      assertArrayEquals(new long[] {2, 4}, f.shape());
      assertArrayEquals(x, f.data(), 0f);
    }
  }

  @Test
  void shapesThatDoNotFitAreRejectedBeforeOrtSeesThem() throws Exception {
    try (OrtModel m = OrtModel.open(RUNTIME, classifier(), Device.CPU, log::add, null)) {
      IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> m.run(new float[4], 4));
      assertEquals("input 'pixels' has rank 4 [-1, 1, 2, 2], got shape [4]", rank.getMessage());
      IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
          () -> m.run(new float[8], 1, 2, 2, 2));
      assertEquals("shape [1, 2, 2, 2] does not fit input 'pixels' [-1, 1, 2, 2]", dims.getMessage());
      IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
          () -> m.run(new float[7], 2, 1, 2, 2));
      assertEquals("shape [2, 1, 2, 2] holds 8 values, got 7", count.getMessage());
    }
  }

  @Test
  void anUnknownOutputOrASecondInputIsAnInputError() throws Exception {
    Path file = classifier();
    InputException out = assertThrows(InputException.class,
        () -> OrtModel.open(RUNTIME, file, Device.CPU, log::add, "probabilities"));
    assertEquals(file + ": the model has no output 'probabilities' (its outputs: [logits, features])",
        out.getMessage());

    OnnxGraphBuilder g = new OnnxGraphBuilder("two").input("a", FLOAT, 1).input("b", FLOAT, 1);
    g.node("Add", List.of("a", "b"), List.of("c"), Map.of()).output("c", FLOAT, 1);
    Path two = dir.resolve("two.onnx");
    g.write(two);
    InputException e = assertThrows(InputException.class, () -> OrtModel.open(RUNTIME, two, Device.CPU, log::add, null));
    assertEquals(two + ": expected a model with exactly one input, it has [a, b]", e.getMessage());

    OnnxGraphBuilder ints = new OnnxGraphBuilder("ints").input("i", INT64, 2);
    ints.node("Identity", List.of("i"), List.of("o"), Map.of()).output("o", INT64, 2);
    Path intModel = dir.resolve("ints.onnx");
    ints.write(intModel);
    InputException t = assertThrows(InputException.class,
        () -> OrtModel.open(RUNTIME, intModel, Device.CPU, log::add, null));
    assertEquals(intModel + ": input 'i' must be float, the model declares INT64", t.getMessage());
  }
}
