package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.synthaug.core.ml.ChannelsLast;
import io.synthaug.core.ml.ConvolutionCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GanNetworkTest {

  @ParameterizedTest
  @CsvSource({"28, 1", "28, 3", "32, 1", "32, 3"})
  void networksProduceTheDocumentedShapes(int size, int channels) {
    GanArchitecture arch = new GanArchitecture(8, 4, size, channels, 5);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      ConditionalGenerator g = new ConditionalGenerator(arch);
      g.initialize(m, DataType.FLOAT32, new Shape(2, 8), new Shape(2, 5));
      ConditionalDiscriminator d = new ConditionalDiscriminator(arch);
      d.initialize(m, DataType.FLOAT32, new Shape(2, channels, size, size), new Shape(2, 5));
      NDArray z = m.randomNormal(new Shape(2, 8));
      NDArray y = m.create(GanOps.oneHot(new int[] {0, 4}, 5), new Shape(2, 5));
      NDArray images = g.forward(new ParameterStore(m, false), new NDList(z, y), false).singletonOrThrow();
      assertEquals(new Shape(2, channels, size, size), images.getShape());
      assertEquals(images.getShape(), g.getOutputShapes(new Shape[] {new Shape(2, 8), new Shape(2, 5)})[0]);
      NDArray scores = d.forward(new ParameterStore(m, false), new NDList(images, y), false).singletonOrThrow();
      assertEquals(new Shape(2), scores.getShape());
      // 4b channels on a 4x4 grid after three stride-2 convolutions of 28 or 32
      assertEquals(4 * 4 * 4 * 4, arch.criticFeatures());
    }
  }

  @Test
  void generatorKeepsItsGatherRowsPerBatchSizeAndRemakesThemWhenTheSizeChanges() {
    GanArchitecture arch = new GanArchitecture(8, 4, 28, 1, 5);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      ConditionalGenerator g = new ConditionalGenerator(arch);
      g.initialize(m, DataType.FLOAT32, new Shape(3, 8), new Shape(3, 5));
      SplitMixRandom random = new SplitMixRandom(3);
      for (var p : g.getParameters().values()) {
        NDArray a = p.getArray();
        float[] v = new float[Math.toIntExact(a.size())];
        random.fillGaussian(v, 0f, 0.3f);
        if (p.getName().endsWith("runningVar")) {
          for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + Math.abs(v[i]);
          }
        }
        a.set(v);
      }
      float[] zs = new float[3 * 8];
      random.fillGaussian(zs, 0f, 1f);
      float[] ys = GanOps.oneHot(new int[] {1, 4, 0}, 5);
      float[][] outs = new float[3][];
      int[] batches = {3, 2, 3};
      for (int i = 0; i < batches.length; i++) {
        int n = batches[i];
        NDArray z = m.create(java.util.Arrays.copyOf(zs, n * 8), new Shape(n, 8));
        NDArray y = m.create(java.util.Arrays.copyOf(ys, n * 5), new Shape(n, 5));
        // inference mode: batch norm uses its running statistics, so each image stands alone
        outs[i] = g.forward(new ParameterStore(m, false), new NDList(z, y), false).singletonOrThrow().toFloatArray();
      }
      assertEquals(3 * 28 * 28, outs[0].length);
      for (float v : outs[0]) {
        org.junit.jupiter.api.Assertions.assertTrue(v > -1f && v < 1f, "not a tanh value: " + v);
      }
      assertArrayEquals(java.util.Arrays.copyOf(outs[0], 2 * 28 * 28), outs[1], 1e-5f);
      assertArrayEquals(outs[0], outs[2]);
    }
  }

  @Test
  void upsamplingConvolutionRejectsGatherRowsOfAnotherBatchSize() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray x = m.zeros(new Shape(2, 3, 4, 4));
      NDArray weight = m.zeros(new Shape(5, 3, 3, 3));
      NDArray map = m.create(GanOps.upsampleMap(), new Shape(9, 16));
      NDArray rows = GanOps.upsampleRows(m.create(GanOps.upsampleIndex(5, 4, 4)), 3);
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> GanOps.upsample2xConv3x3(x, weight, map, rows));
      assertEquals("gather rows (3, 320) do not fit a batch of 2", e.getMessage());
    }
  }

  @Test
  void upsamplingRepeatsEveryValueInATwoByTwoBlock() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
      NDArray up = GanOps.upsample2x(x);
      assertEquals(new Shape(1, 1, 4, 6), up.getShape());
      assertArrayEquals(new float[] {
          1, 1, 2, 2, 3, 3,
          1, 1, 2, 2, 3, 3,
          4, 4, 5, 5, 6, 6,
          4, 4, 5, 5, 6, 6}, up.toFloatArray());
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 5, 2, 3", "7, 7, 8, 4"})
  void lowResolutionUpsamplingConvolutionMatchesUpsampleThenConvolve(int h, int w, int cin, int cout) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      SplitMixRandom random = new SplitMixRandom(7);
      float[] xs = new float[2 * cin * h * w];
      float[] ws = new float[cout * cin * 9];
      float[] up = new float[2 * cout * 2 * h * 2 * w];
      random.fillGaussian(xs, 0f, 1f);
      random.fillGaussian(ws, 0f, 1f);
      random.fillGaussian(up, 0f, 1f);
      NDArray map = m.create(GanOps.upsampleMap(), new Shape(9, 16));
      // route 0, the reference: upsample, then the 3x3 convolution as slices and a product in
      // float64 (no convolution kernel: oneDNN's plain-layout input gradients for few output
      // channels were wrong on some CPUs, plugins/gan/README.md); route 1: the low-resolution
      // form from a plain x; route 2: the same from a channels-last copy of x, as the generator feeds it
      float[][] outputs = new float[3][];
      float[][] weightGrads = new float[3][];
      float[][] inputGrads = new float[3][];
      for (int route = 0; route < 3; route++) {
        DataType type = route == 0 ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray x = m.create(xs, new Shape(2, cin, h, w)).toType(type, true);
        NDArray weight = m.create(ws, new Shape(cout, cin, 3, 3)).toType(type, true);
        NDArray upstream = m.create(up, new Shape(2, cout, 2 * h, 2 * w)).toType(type, true);
        x.setRequiresGradient(true);
        weight.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
          NDArray in = route == 2 ? ChannelsLast.of(x) : x;
          NDArray y = route == 0 ? ConvolutionCheck.unfoldedConv2d(GanOps.upsample2x(x), weight, null, 1)
              : GanOps.upsample2xConv3x3(in, weight, map,
                  GanOps.upsampleRows(m.create(GanOps.upsampleIndex(cout, h, w)), 2));
          assertEquals(new Shape(2, cout, 2 * h, 2 * w), y.getShape());
          outputs[route] = y.toType(DataType.FLOAT32, false).toFloatArray();
          gc.backward(y.mul(upstream).sum());
        }
        weightGrads[route] = weight.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
        inputGrads[route] = x.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
      }
      for (int route = 1; route < 3; route++) {
        assertArrayEquals(outputs[0], outputs[route], 1e-4f);
        assertArrayEquals(weightGrads[0], weightGrads[route], 1e-3f);
      }
      // the input gradient channels-last, the layout the generator trains in; from a plain x
      // (a 2 -> 12 convolution here) only where the CPU reports its cache layout: on the VM of the
      // README's "Wrong gradients on some CPUs", which reports none, oneDNN's AVX2 kernels got it
      // wrong (9.32 for 11.00 at index 0)
      assertArrayEquals(inputGrads[0], inputGrads[2], 1e-4f);
      if (ConvolutionCheck.cpuReportsCacheLayout()) {
        assertArrayEquals(inputGrads[0], inputGrads[1], 1e-4f);
      }
    }
  }

  @Test
  void oneHotRejectsLabelsOutOfRange() {
    assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, GanOps.oneHot(new int[] {1, 0}, 3));
    assertEquals("label -1 at position 1 is outside 0..2", org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> GanOps.oneHot(new int[] {0, -1}, 3)).getMessage());
  }
}
