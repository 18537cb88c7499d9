package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.synthaug.api.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine check's parts (ConvolutionCheck): its verdict, its float64 reference, that a wrong
 * float32 convolution is caught and named, and the classifier's use of it (ClassifierCheck).
 */
class ConvolutionCheckTest {

  private static NDManager manager() {
    return Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
  }

  @Test
  void theCpuIsNamedWithItsFamilyAndModelAndTheOneDnnLimitAsSet() throws Exception {
    java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
    String model = ConvolutionCheck.cpuModel();
    if (java.nio.file.Files.isReadable(cpuinfo) && java.nio.file.Files.readString(cpuinfo).contains("cpu family")) {
      // a VM may call several generations "AMD EPYC": the numbers tell them apart
      assertTrue(model.matches(".+ \\(family \\d+, model \\d+\\)"), model);
    }
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    assertEquals(isa == null || isa.isBlank() ? "unset" : isa, ConvolutionCheck.oneDnnLimit());
  }

  @Test
  void passesUpToTheToleranceAndNeverOnNaN() {
    assertFalse(new ConvolutionCheck.Result(1, "x", Double.NaN, 1).passed());
    assertFalse(new ConvolutionCheck.Result(1, "x", 0.0011, 1).passed());
    assertTrue(new ConvolutionCheck.Result(1, "x", 0.0009, 1).passed());
  }

  /** The slices-and-product convolution gives the plain loops' output, stride 1 and 2. */
  @Test
  void theUnfoldedConvolutionMatchesTheLoops() {
    Random rng = new Random(11);
    for (int stride : new int[] {1, 2}) {
      int n = 2;
      int cin = 3;
      int cout = 4;
      int h = 7;
      int w = 6;
      float[] x = new float[n * cin * h * w];
      float[] k = new float[cout * cin * 9];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < k.length; i++) {
        k[i] = (float) rng.nextGaussian();
      }
      ConvReference ref = new ConvReference(x, k, n, cin, cout, h, w, stride);
      try (NDManager m = manager()) {
        NDArray y = ConvolutionCheck.unfoldedConv2d(m.create(x, new Shape(n, cin, h, w)).toType(DataType.FLOAT64,
            false), m.create(k, new Shape(cout, cin, 3, 3)).toType(DataType.FLOAT64, false), null, stride);
        double[] got = y.toDoubleArray();
        assertEquals(ref.y.length, got.length);
        for (int i = 0; i < got.length; i++) {
          assertEquals(ref.y[i], got[i], 1e-4 * (1 + Math.abs(ref.y[i])), "stride " + stride + " value " + i);
        }
      }
    }
  }

  /**
   * A float32 convolution whose input gradient is zero (output and weight gradient right) is
   * caught and named, unless its input gradient is one training never computes.
   */
  @Test
  void aWrongInputGradientIsCaughtAndNamedUnlessItIsUnused() {
    ConvolutionCheck.Float32Convolution noInputGradient = (x, w, b, s) -> ConvolutionCheck.conv2d(x.stopGradient(),
        w, b, s);
    try (NDManager m = manager()) {
      List<ConvolutionCheck.Recorded> calls = recordOne(m, 2);
      ConvolutionCheck.Result right = ConvolutionCheck.replay(Map.of("net", calls), 1, m, System.nanoTime());
      assertTrue(right.passed(), right.toString());
      assertEquals(1, right.convolutions());

      ConvolutionCheck.Result wrong = ConvolutionCheck.replay(Map.of("net", calls), 1, m, System.nanoTime(),
          noInputGradient);
      assertFalse(wrong.passed(), wrong.toString());
      assertEquals(1.0, wrong.worstError(), 1e-6);
      assertEquals("the input gradient of the net's convolution 1 (input (3, 2, 9, 9), weight (5, 2, 3, 3), stride 2)",
          wrong.worst());

      List<ConvolutionCheck.Recorded> unused = List.of(calls.get(0).withoutInputGradient());
      ConvolutionCheck.Result skipped = ConvolutionCheck.replay(Map.of("net", unused), 1, m, System.nanoTime(),
          noInputGradient);
      assertTrue(skipped.passed(), skipped.toString());
    }
  }

  /** A NaN in the float32 side fails the check at once and says so. */
  @Test
  void aNanFailsTheCheck() {
    ConvolutionCheck.Float32Convolution nan = (x, w, b, s) -> ConvolutionCheck.conv2d(x, w, b, s).mul(Float.NaN);
    try (NDManager m = manager()) {
      ConvolutionCheck.Result r = ConvolutionCheck.replay(Map.of("net", recordOne(m, 1)), 1, m, System.nanoTime(),
          nan);
      assertTrue(Double.isNaN(r.worstError()));
      assertFalse(r.passed());
      String message = ConvolutionCheck.failure(r, "the test network");
      assertTrue(message.startsWith("PyTorch computes the test network's convolutions wrong on this machine: in"
          + " float32, the output of the net's convolution 1"), message);
      assertTrue(message.contains("is NaN or infinite"), message);
      assertTrue(message.contains("CPU: " + ConvolutionCheck.cpuModel()), message);
      assertTrue(message.contains("Remedy: start with ONEDNN_MAX_CPU_ISA=AVX in the environment"), message);
    }
  }

  @Test
  void recordingSeesOnlyConvolutionsRunInsideIt() {
    try (NDManager m = manager()) {
      NDArray x = m.ones(new Shape(1, 1, 4, 4));
      NDArray w = m.ones(new Shape(2, 1, 3, 3));
      ConvolutionCheck.conv2d(x, w, null, new Shape(1, 1));
      List<ConvolutionCheck.Recorded> calls = ConvolutionCheck.record(() -> {
        ConvolutionCheck.conv2d(x, w, null, new Shape(1, 1));
        ConvolutionCheck.conv2d(x, w, m.zeros(new Shape(2)), new Shape(2, 2));
      });
      ConvolutionCheck.conv2d(x, w, null, new Shape(1, 1));
      assertEquals(2, calls.size());
      assertFalse(calls.get(0).bias());
      assertTrue(calls.get(1).bias());
      assertEquals(new Shape(2, 2), calls.get(1).stride());
      assertTrue(calls.get(0).inputGradient());
      assertArrayEquals(x.toFloatArray(), calls.get(0).input().toFloatArray());
    }
  }

  /**
   * The classifier's check passes where the tests run for the layouts the tests train and the
   * default one, counts two convolutions a stage, and runs once per layout, batch and device in a
   * JVM.
   */
  @Test
  void theClassifierCheckPassesHereAndRunsOncePerLayout() {
    List<ClassifierConfig> configs = List.of(
        ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(8).batchSize(8).build(),
        ClassifierConfig.builder(16, 16, 3, 5).convWidths(8, 16).featureDim(32).batchSize(16).build(),
        ClassifierConfig.builder(28, 28, 1, 10).build());
    try (NDManager m = manager()) {
      for (ClassifierConfig cfg : configs) {
        CnnLayout layout = new CnnLayout(cfg);
        ConvolutionCheck.Result r = ClassifierCheck.run(layout, Math.min(cfg.batchSize(), 32), m);
        assertTrue(r.passed(), cfg.inputShape() + ": " + r);
        assertEquals(2 * cfg.convWidths().size(), r.convolutions(), r.toString());
      }
      CnnLayout layout = new CnnLayout(ClassifierConfig.builder(10, 10, 1, 3).convWidths(4).featureDim(8).build());
      List<String> log = new ArrayList<>();
      ClassifierCheck.verify(layout, 6, m, log::add);
      ClassifierCheck.verify(layout, 6, m, log::add);
      assertEquals(1, log.size(), log.toString());
      assertTrue(log.get(0).startsWith("classifier: engine check: 2 convolutions agree with float64"), log.get(0));
      ClassifierCheck.verify(layout, 5, m, log::add);
      assertEquals(2, log.size(), log.toString());
    }
  }

  /** A refused classifier check is a stage error that names the classifier. */
  @Test
  void aRefusedClassifierCheckIsAStageError() {
    ConvolutionCheck.Result r = new ConvolutionCheck.Result(4, "the input gradient of the classifier's convolution 2"
        + " (input (8, 4, 12, 12), weight (4, 4, 3, 3), stride 1)", 0.5, 3);
    StageException e = assertThrows(StageException.class, () -> ClassifierCheck.refuse(r));
    assertTrue(e.getMessage().startsWith("PyTorch computes the classifier's convolutions wrong"), e.getMessage());
    assertTrue(e.getMessage().contains("off by 0.50 of its largest value"), e.getMessage());
    assertTrue(e.getMessage().endsWith("no accuracy it reported here could be trusted."), e.getMessage());
  }

  private static List<ConvolutionCheck.Recorded> recordOne(NDManager m, int stride) {
    Random rng = new Random(5);
    float[] x = new float[3 * 2 * 9 * 9];
    float[] w = new float[5 * 2 * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    NDArray xs = m.create(x, new Shape(3, 2, 9, 9));
    NDArray ws = m.create(w, new Shape(5, 2, 3, 3));
    return ConvolutionCheck.record(() -> ConvolutionCheck.conv2d(xs, ws, null, new Shape(stride, stride)));
  }
}
