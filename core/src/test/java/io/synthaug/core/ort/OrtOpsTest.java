package io.synthaug.core.ort;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static io.synthaug.core.onnx.OnnxGraphBuilder.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.synthaug.api.Device;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each layer convention of {@link OnnxLayers}, written by {@link OnnxGraphBuilder} and run in ONNX
 * Runtime, against the same layer computed in plain Java.
 */
class OrtOpsTest {

  private static final float TOL = 1e-5f;
  private static final OrtRuntime CPU = new OrtRuntime(2, false);

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  /** Builds a one-input float model with {@code body}, runs it on {@code x} and returns the output. */
  private FloatTensor run(float[] x, long[] inShape, long[] outShape, Function<OnnxLayers, String> body)
      throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("op_test").input("x", FLOAT, inShape);
    OnnxLayers layers = new OnnxLayers(g);
    layers.rename(body.apply(layers), "y");
    g.output("y", FLOAT, outShape);
    Path file = dir.resolve("m" + System.nanoTime() + ".onnx");
    g.write(file);
    try (OrtModel model = OrtModel.open(CPU, file, Device.CPU, log::add, null)) {
      FloatTensor y = model.run(x, inShape);
      assertArrayEquals(outShape, y.shape());
      return y;
    }
  }

  @Test
  void gemmWithTransposedDjlWeightThenTanh() throws Exception {
    float[] x = ReferenceOps.random(1, 2 * 3);
    float[] w = ReferenceOps.random(2, 4 * 3);
    float[] b = ReferenceOps.random(3, 4);
    FloatTensor y = run(x, new long[] {2, 3}, new long[] {2, 4}, l -> l.tanh(l.linear("fc", "x", w, b, 4, 3)));
    assertArrayEquals(ReferenceOps.tanh(ReferenceOps.linear(x, 2, 3, w, b, 4)), y.data(), TOL);
  }

  @Test
  void gemmWithoutBias() throws Exception {
    float[] x = ReferenceOps.random(4, 3 * 5);
    float[] w = ReferenceOps.random(5, 2 * 5);
    FloatTensor y = run(x, new long[] {3, 5}, new long[] {3, 2}, l -> l.linear("fc", "x", w, null, 2, 5));
    assertArrayEquals(ReferenceOps.linear(x, 3, 5, w, null, 2), y.data(), TOL);
  }

  @ParameterizedTest(name = "k={0} stride={1} pad={2}")
  @CsvSource({"3, 1, 1", "4, 2, 1", "3, 2, 0", "1, 1, 0"})
  void convolutionWithPyTorchWeightLayoutThenRelu(int k, int stride, int pad) throws Exception {
    int n = 2;
    int ci = 2;
    int h = 5;
    int w = 6;
    int co = 3;
    float[] x = ReferenceOps.random(10, n * ci * h * w);
    float[] wt = ReferenceOps.random(11, co * ci * k * k);
    float[] b = ReferenceOps.random(12, co);
    int oh = ReferenceOps.convOut(h, k, stride, pad);
    int ow = ReferenceOps.convOut(w, k, stride, pad);
    FloatTensor y = run(x, new long[] {n, ci, h, w}, new long[] {n, co, oh, ow},
        l -> l.relu(l.conv2d("conv", "x", wt, b, co, ci, k, k, stride, pad)));
    float[] expected = ReferenceOps.relu(ReferenceOps.conv2d(x, n, ci, h, w, wt, b, co, k, stride, pad));
    assertArrayEquals(expected, y.data(), TOL);
  }

  @Test
  void depthwiseConvolutionConvolvesEachChannelWithItsOwnKernel() throws Exception {
    int n = 2;
    int c = 3;
    int h = 5;
    int w = 4;
    float[] x = ReferenceOps.random(30, n * c * h * w);
    float[] wt = ReferenceOps.random(31, c * 9);
    float[] b = ReferenceOps.random(32, c);
    FloatTensor y = run(x, new long[] {n, c, h, w}, new long[] {n, c, h, w},
        l -> l.conv2d("dw", "x", wt, b, c, c, 3, 3, 1, 1, c));
    for (int ch = 0; ch < c; ch++) {
      float[] plane = new float[n * h * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x, (i * c + ch) * h * w, plane, i * h * w, h * w);
      }
      float[] expected = ReferenceOps.conv2d(plane, n, 1, h, w, java.util.Arrays.copyOfRange(wt, ch * 9, ch * 9 + 9),
          new float[] {b[ch]}, 1, 3, 1, 1);
      for (int i = 0; i < n; i++) {
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * h * w, (i + 1) * h * w),
            java.util.Arrays.copyOfRange(y.data(), (i * c + ch) * h * w, (i * c + ch + 1) * h * w), TOL);
      }
    }
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new OnnxLayers(new OnnxGraphBuilder("g"))
            .conv2d("dw", "x", wt, null, 3, 3, 3, 3, 1, 1, 2));
    assertEquals("2 groups do not divide 3 input and 3 output channels", e.getMessage());
  }

  @Test
  void convolutionPicksTheRightPixelsOnASmallImage() throws Exception {
    // One 3x3 image, a kernel that is 1 only at its centre-right: each output is the right neighbour.
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] kernel = {0, 0, 0, 0, 0, 1, 0, 0, 0};
    FloatTensor y = run(x, new long[] {1, 1, 3, 3}, new long[] {1, 1, 3, 3},
        l -> l.conv2d("conv", "x", kernel, null, 1, 1, 3, 3, 1, 1));
    assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, y.data(), 0f);
  }

  @Test
  void batchNormalizationInInferenceModeOnImagesAndFeatures() throws Exception {
    float[] gamma = {0.5f, 2f, -1f};
    float[] beta = {0.1f, 0f, 0.3f};
    float[] mean = {0.2f, -0.4f, 0f};
    float[] var = {0.25f, 1.5f, 0.01f};
    float[] x = ReferenceOps.random(20, 2 * 3 * 2 * 2);
    FloatTensor images = run(x, new long[] {2, 3, 2, 2}, new long[] {2, 3, 2, 2},
        l -> l.batchNorm("bn", "x", gamma, beta, mean, var, 1e-5f));
    assertArrayEquals(ReferenceOps.batchNorm(x, 2, 3, 4, gamma, beta, mean, var, 1e-5f), images.data(), TOL);

    float[] f = ReferenceOps.random(21, 4 * 3);
    FloatTensor features = run(f, new long[] {4, 3}, new long[] {4, 3},
        l -> l.batchNorm("bn", "x", gamma, beta, mean, var, 1e-3f));
    assertArrayEquals(ReferenceOps.batchNorm(f, 4, 3, 1, gamma, beta, mean, var, 1e-3f), features.data(), TOL);
  }

  @Test
  void batchNormalizationEpsilonIsWrittenNotDefaulted() throws Exception {
    // With var = 0 the output is (x - mean) / sqrt(eps): a wrong epsilon shows at once.
    float[] x = {1f, 2f};
    FloatTensor y = run(x, new long[] {2, 1}, new long[] {2, 1},
        l -> l.batchNorm("bn", "x", new float[] {1f}, new float[] {0f}, new float[] {0f}, new float[] {0f}, 0.01f));
    assertArrayEquals(new float[] {10f, 20f}, y.data(), 1e-4f);
  }

  @Test
  void leakyReluSigmoidAndTanh() throws Exception {
    float[] x = {-2f, -0.5f, 0f, 0.5f, 3f, -10f};
    long[] s = {2, 3};
    assertArrayEquals(ReferenceOps.leakyRelu(x, 0.2f), run(x, s, s, l -> l.leakyRelu("x", 0.2f)).data(), TOL);
    assertArrayEquals(new float[] {-0.4f, -0.1f, 0f, 0.5f, 3f, -2f}, run(x, s, s, l -> l.leakyRelu("x", 0.2f)).data(),
        TOL);
    assertArrayEquals(ReferenceOps.sigmoid(x), run(x, s, s, l -> l.sigmoid("x")).data(), TOL);
    assertArrayEquals(ReferenceOps.tanh(x), run(x, s, s, l -> l.tanh("x")).data(), TOL);
    assertArrayEquals(ReferenceOps.relu(x), run(x, s, s, l -> l.relu("x")).data(), 0f);
  }

  @Test
  void reshapeKeepsRowMajorOrderAndInfersMinusOne() throws Exception {
    float[] x = ReferenceOps.random(30, 2 * 12);
    FloatTensor y = run(x, new long[] {2, 12}, new long[] {2, 3, 2, 2}, l -> l.reshape("x", -1, 3, 2, 2));
    assertArrayEquals(x, y.data(), 0f);
    FloatTensor kept = run(x, new long[] {2, 12}, new long[] {2, 4, 3}, l -> l.reshape("x", 0, 4, 3));
    assertArrayEquals(new long[] {2, 4, 3}, kept.shape());
  }

  @Test
  void flattenKeepsTheBatchAxis() throws Exception {
    float[] x = ReferenceOps.random(31, 2 * 3 * 2 * 2);
    FloatTensor y = run(x, new long[] {2, 3, 2, 2}, new long[] {2, 12}, l -> l.flatten("x"));
    assertArrayEquals(x, y.data(), 0f);
  }

  @Test
  void nearestUpsamplingByTwoEqualsDuplicatingRowsThenColumns() throws Exception {
    int n = 2;
    int c = 3;
    int h = 3;
    int w = 4;
    float[] x = ReferenceOps.random(40, n * c * h * w);
    FloatTensor y = run(x, new long[] {n, c, h, w}, new long[] {n, c, 2 * h, 2 * w}, l -> l.upsampleNearest2x("x"));
    assertArrayEquals(ReferenceOps.upsampleRowsThenColumns(x, n, c, h, w), y.data(), 0f);
  }

  @Test
  void upsamplingOfOneSmallImageByHand() throws Exception {
    float[] x = {1, 2, 3, 4};
    FloatTensor y = run(x, new long[] {1, 1, 2, 2}, new long[] {1, 1, 4, 4}, l -> l.upsampleNearest2x("x"));
    assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.data(), 0f);
  }

  @Test
  void mulAndAddBroadcastAConstantPerColumn() throws Exception {
    float[] x = {1, 2, 3, 4, 5, 6};
    FloatTensor y = run(x, new long[] {2, 3}, new long[] {2, 3}, l -> {
      String scaled = l.mul("x", l.constant("scale", new float[] {2f, -1f, 0.5f}, 3));
      return l.add(scaled, l.constant("shift", new float[] {0.25f}, 1));
    });
    assertArrayEquals(new float[] {2.25f, -1.75f, 1.75f, 8.25f, -4.75f, 3.25f}, y.data(), TOL);
  }

  @Test
  void gatherConcatGemmIsAMiniConditionalGenerator() throws Exception {
    int zDim = 3;
    int classes = 4;
    int emb = 2;
    int out = 5;
    float[] table = ReferenceOps.random(50, classes * emb);
    float[] w = ReferenceOps.random(51, out * (zDim + emb));
    float[] b = ReferenceOps.random(52, out);
    OnnxGraphBuilder g = new OnnxGraphBuilder("cond")
        .input("noise", FLOAT, List.of("batch", zDim))
        .input("label", INT64, List.of("batch"));
    OnnxLayers l = new OnnxLayers(g);
    String e = l.embedding("embed", "label", table, classes, emb);
    String h = l.linear("fc", l.concat(1, "noise", e), w, b, out, zDim + emb);
    l.rename(l.tanh(h), "y");
    g.output("y", FLOAT, List.of("batch", out));
    Path file = dir.resolve("cond.onnx");
    g.write(file);

    int[] labels = {3, 0, 2, 3, 1};
    float[] noise = ReferenceOps.random(53, labels.length * zDim);
    long[] labels64 = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels64[i] = labels[i];
    }
    float[] expected = ReferenceOps.tanh(ReferenceOps.linear(
        ReferenceOps.noiseWithEmbedding(noise, zDim, labels, table, emb), labels.length, zDim + emb, w, b, out));
    try (OrtSessionHandle s = CPU.openSession(file, Device.CPU, log::add);
        OnnxTensor z = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(noise),
            new long[] {labels.length, zDim});
        OnnxTensor y = OnnxTensor.createTensor(OrtRuntime.environment(), LongBuffer.wrap(labels64),
            new long[] {labels.length});
        OrtSession.Result r = s.run(Map.of("noise", z, "label", y), Set.of("y"))) {
      OnnxTensor t = (OnnxTensor) r.get(0);
      assertArrayEquals(new long[] {labels.length, out}, t.getInfo().getShape());
      float[] got = new float[labels.length * out];
      t.getFloatBuffer().get(got);
      assertArrayEquals(expected, got, TOL);
    }
    assertEquals(List.of(), log);
  }

  @Test
  void constantNodesDecodeEveryAttributeKind() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("attrs").input("x", FLOAT, 1);
    g.node("Constant", List.of(), List.of("f"), Map.of("value_float", 0.25));
    g.node("Constant", List.of(), List.of("i"), Map.of("value_int", 7));
    g.node("Constant", List.of(), List.of("b"), Map.of("value_int", true));
    g.node("Constant", List.of(), List.of("fs"), Map.of("value_floats", new double[] {1.5, -2}));
    g.node("Constant", List.of(), List.of("is"), Map.of("value_ints", new int[] {3, -1, 5}));
    g.node("Constant", List.of(), List.of("ls"), Map.of("value_ints", new long[] {1L << 40}));
    g.node("Constant", List.of(), List.of("s"), Map.of("value_string", "nearest"));
    g.node("Constant", List.of(), List.of("ss"), Map.of("value_strings", new String[] {"a", "\u00e9t\u00e9"}));
    g.output("f", FLOAT).output("i", INT64).output("b", INT64).output("fs", FLOAT, 2).output("is", INT64, 3)
        .output("ls", INT64, 1).output("s", OnnxGraphBuilder.STRING).output("ss", OnnxGraphBuilder.STRING, 2);
    Path file = dir.resolve("attrs.onnx");
    g.write(file);
    try (OrtSessionHandle s = CPU.openSession(file, Device.CPU, log::add);
        OnnxTensor x = OnnxTensor.createTensor(OrtRuntime.environment(), new float[] {0f});
        OrtSession.Result r = s.run(Map.of("x", x), Set.of("f", "i", "b", "fs", "is", "ls", "s", "ss"))) {
      assertEquals(0.25f, (float) r.get("f").get().getValue());
      assertEquals(7L, (long) r.get("i").get().getValue());
      assertEquals(1L, (long) r.get("b").get().getValue());
      assertArrayEquals(new float[] {1.5f, -2f}, (float[]) r.get("fs").get().getValue());
      assertArrayEquals(new long[] {3, -1, 5}, (long[]) r.get("is").get().getValue());
      assertArrayEquals(new long[] {1L << 40}, (long[]) r.get("ls").get().getValue());
      assertEquals("nearest", r.get("s").get().getValue());
      assertArrayEquals(new String[] {"a", "\u00e9t\u00e9"}, (String[]) r.get("ss").get().getValue());
    }
  }
}
