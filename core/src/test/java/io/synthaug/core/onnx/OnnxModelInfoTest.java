package io.synthaug.core.onnx;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static io.synthaug.core.onnx.OnnxGraphBuilder.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.InputException;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import io.synthaug.core.onnx.OnnxModelInfo.Dim;
import io.synthaug.core.onnx.OnnxModelInfo.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading models back: header, signature, metadata, and clear errors for files that are not models. */
class OnnxModelInfoTest {

  @TempDir
  Path dir;

  /** A small generator-shaped model with every header field set. */
  private static OnnxGraphBuilder model() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("gen").producer("synthaug", "0.1.0").docString("a test generator")
        .modelVersion(3).metadata("synthaug.run_seed", "12345").metadata("synthaug.plugin", "gan-dcgan@0.1.0");
    GeneratorOnnxContract.declare(g, 2, 2, 1, 2, 2, OutputRange.SIGMOID);
    OnnxLayers l = new OnnxLayers(g);
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, new float[] {1, 2, 3, 4}, 2, 2);
    String h = l.linear("fc", l.concat(1, GeneratorOnnxContract.NOISE, e), new float[16], new float[4], 4, 4);
    l.rename(l.sigmoid(l.reshape(h, -1, 1, 2, 2)), GeneratorOnnxContract.IMAGE);
    return g;
  }

  @Test
  void readsHeaderSignatureOpsAndMetadataBack() throws Exception {
    Path file = dir.resolve("gen.onnx");
    model().write(file);
    OnnxModelInfo info = OnnxModelInfo.read(file);
    assertEquals(8, info.irVersion());
    assertEquals(17, info.opset());
    assertEquals(Map.of("", 17L), info.opsets());
    assertEquals("synthaug", info.producerName());
    assertEquals("0.1.0", info.producerVersion());
    assertEquals(3, info.modelVersion());
    assertEquals("a test generator", info.docString());
    assertEquals("gen", info.graphName());
    assertEquals(List.of(
        new TensorSpec("noise", FLOAT, List.of(new Dim(-1, "batch"), new Dim(2, null))),
        new TensorSpec("label", INT64, List.of(new Dim(-1, "batch")))), info.inputs());
    TensorSpec image = info.output("image").orElseThrow();
    assertArrayEquals(new long[] {-1, 1, 2, 2}, image.shape());
    assertEquals("[batch, 1, 2, 2]", image.dims().toString());
    assertEquals(List.of("Gather", "Concat", "Gemm", "Reshape", "Sigmoid", "Identity"), info.opTypes());
    assertEquals(4, info.initializerCount(), "embedding, weight, bias, reshape target");
    assertEquals(List.of("synthaug.channels", "synthaug.height", "synthaug.num_classes", "synthaug.output_range",
        "synthaug.plugin", "synthaug.run_seed", "synthaug.width", "synthaug.z_dim"),
        List.copyOf(info.metadata().keySet()), "sorted by key");
    assertEquals("sigmoid", info.metadata(GeneratorOnnxContract.META_OUTPUT_RANGE).orElseThrow());
    assertEquals("12345", info.metadata("synthaug.run_seed").orElseThrow());
    assertTrue(info.metadata("absent").isEmpty());
  }

  @Test
  void unknownDimensionsAndScalarsReadBack() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("dims").irVersion(9).opset(18).input("x", FLOAT, -1, 3)
        .input("s", FLOAT);
    g.node("Mul", List.of("x", "s"), List.of("y"), Map.of()).output("y", FLOAT, List.of(-1, 3));
    OnnxModelInfo info = OnnxModelInfo.parse(g.build(), "dims");
    assertEquals(9, info.irVersion());
    assertEquals(18, info.opset());
    assertEquals("[?, 3]", info.inputs().get(0).dims().toString());
    assertEquals(List.of(), info.input("s").orElseThrow().dims());
    assertEquals("", info.docString());
    assertEquals(0, info.modelVersion());
  }

  @Test
  void randomBytesAreNotAModel() throws Exception {
    Random r = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      byte[] junk = new byte[1 + r.nextInt(5000)];
      r.nextBytes(junk);
      Path file = dir.resolve("junk" + trial + ".onnx");
      Files.write(file, junk);
      InputException e = assertThrows(InputException.class, () -> OnnxModelInfo.read(file));
      assertEquals(file.toString(), e.file());
      assertTrue(e.getMessage().startsWith(file + ": not a"), e.getMessage());
    }
  }

  @Test
  void everyTruncationOfAModelIsReported() throws Exception {
    byte[] whole = model().build();
    // The graph is written last, so any cut either loses it or ends inside it.
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      InputException e = assertThrows(InputException.class, () -> OnnxModelInfo.parse(cut, "cut.onnx"),
          "prefix of " + length + " bytes");
      assertEquals("cut.onnx", e.file());
    }
    InputException half = assertThrows(InputException.class,
        () -> OnnxModelInfo.parse(Arrays.copyOf(whole, whole.length / 2), "half.onnx"));
    assertTrue(half.getMessage().startsWith("half.onnx: not a valid ONNX model, the file is corrupt or truncated ("),
        half.getMessage());
    assertTrue(half.getMessage().endsWith("); export the model again or copy the complete file"), half.getMessage());
  }

  @Test
  void emptyTextAndMissingFilesGiveSpecificMessages() throws Exception {
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertEquals(empty + ": not an ONNX model: it declares no IR version; check that the file is an .onnx model "
        + "and was written completely", assertThrows(InputException.class, () -> OnnxModelInfo.read(empty)).getMessage());

    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "this is a text file, not a model\n", StandardCharsets.UTF_8);
    assertTrue(assertThrows(InputException.class, () -> OnnxModelInfo.read(text)).getMessage().startsWith(text + ": not"));

    Path missing = dir.resolve("missing.onnx");
    assertEquals(missing + ": no such file; check the model path",
        assertThrows(InputException.class, () -> OnnxModelInfo.read(missing)).getMessage());

    // ir_version (field 1) = 8 and nothing else: a header without graph or opset
    assertEquals("bare: not a usable ONNX model: it has no graph; export the model again",
        assertThrows(InputException.class, () -> OnnxModelInfo.parse(new byte[] {0x08, 0x08}, "bare")).getMessage());
  }
}
