package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.OnnxModelInfo;
import io.synthaug.core.ort.OrtGeneratorSampler;
import io.synthaug.core.ort.OrtRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX generator computes what DJL's generator computes. */
class GeneratorOnnxExporterTest {

  @TempDir
  Path dir;

  @Test
  void rgb32TrainsAndExports() {
    GanArchitecture arch = new GanArchitecture(8, 4, 32, 3, 2);
    SplittableRandom r = new SplittableRandom(5);
    float[] images = new float[16 * 3 * 32 * 32];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) (r.nextDouble() * 2 - 1);
    }
    int[] labels = new int[16];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 2;
    }
    GanData data = new GanData(images, labels, 3, 32, 2);
    GanTrainingConfig config = GanTrainingConfig.builder(GanFamily.CGAN, arch).optBatchSize(8).optSteps(2).optSeed(1)
        .build();
    try (DjlGanTrainer trainer = DjlGanTrainer.create(config, data, ai.djl.Device.cpu())) {
      trainer.trainStep();
      trainer.trainStep();
      assertParity(trainer, dir.resolve("rgb.onnx"));
      assertEquals(List.of("Gemm", "Gather", "Add", "Reshape", "Relu", "ConvTranspose", "Relu", "ConvTranspose",
          "Relu", "Conv", "Tanh", "Identity"), OnnxModelInfo.read(dir.resolve("rgb.onnx")).opTypes());
    }
  }

  private static void assertParity(DjlGanTrainer trainer, Path file) {
    GanArchitecture arch = trainer.config().architecture();
    GeneratorOnnxExporter.export(arch, trainer.generatorWeights(), Map.of(), file);
    int n = 64;
    SplittableRandom r = new SplittableRandom(3);
    int[] labels = new int[n];
    float[] noise = new float[n * arch.zDim()];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(arch.classes());
    }
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) r.nextGaussian();
    }
    float[] djl = trainer.generate(labels, noise);
    int c = arch.channels();
    int plane = arch.imageSize() * arch.imageSize();
    double worst = 0;
    try (OrtGeneratorSampler ort = OrtGeneratorSampler.open(new OrtRuntime(2, false), file, Device.CPU, 16, m -> { });
        OrtGeneratorSampler serial = OrtGeneratorSampler.open(new OrtRuntime(1, false), file, Device.CPU, 16, m -> { })) {
      assertEquals(c, ort.channels());
      List<Image> images = ort.sample(labels, noise);
      // Four runs of 16 on two threads at once: the same images, in the same order, as one after another.
      assertEquals(serial.sample(labels, noise), images);
      for (int i = 0; i < n; i++) {
        float[] px = images.get(i).pixels();
        for (int ch = 0; ch < c; ch++) {
          for (int p = 0; p < plane; p++) {
            float expected = (djl[(i * c + ch) * plane + p] + 1f) / 2f;
            worst = Math.max(worst, Math.abs(expected - px[p * c + ch]));
          }
        }
      }
    }
    assertTrue(worst <= 1e-4, "largest difference " + worst);
  }

  @Test
  void onnxRuntimeMatchesDjlOnRandomInputs() {
    for (GanFamily family : GanFamily.values()) {
      try (DjlGanTrainer trainer = TinyGan.trainer(TinyGan.config(family).optSteps(4).build())) {
        for (int i = 0; i < 4; i++) {
          trainer.trainStep();
        }
        Path file = dir.resolve(family + ".onnx");
        assertParity(trainer, file);
        GeneratorOnnxExporter.export(trainer.config().architecture(), trainer.generatorWeights(),
            Map.of("synthaug.test", "yes"), file);
        OnnxModelInfo info = OnnxModelInfo.read(file);
        assertEquals("yes", info.metadata("synthaug.test").orElseThrow());
        assertEquals("tanh", info.metadata(GeneratorOnnxContract.META_OUTPUT_RANGE).orElseThrow());
        // batch norms folded away; the one-channel output convolution as depthwise Conv + ReduceSum
        assertEquals(List.of("Gemm", "Gather", "Add", "Reshape", "Relu", "ConvTranspose", "Relu", "ConvTranspose",
            "Relu", "Conv", "ReduceSum", "Add", "Tanh", "Identity"), info.opTypes());
      }
    }
  }
}
