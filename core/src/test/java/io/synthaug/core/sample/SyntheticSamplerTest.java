package io.synthaug.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Device;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import io.synthaug.core.ort.OrtGeneratorSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSamplerTest {

  @TempDir
  Path dir;

  /** noise (2 values) -> Tanh -> a 1x1x2 image; the label is read and ignored. */
  private Path generator() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("tiny");
    GeneratorOnnxContract.declare(g, 2, 2, 1, 1, 2, GeneratorOnnxContract.OutputRange.TANH);
    OnnxLayers l = new OnnxLayers(g);
    l.rename(l.reshape(l.tanh(GeneratorOnnxContract.NOISE), -1, 1, 1, 2), GeneratorOnnxContract.IMAGE);
    Path file = dir.resolve("gen.onnx");
    g.write(file);
    return file;
  }

  @Test
  void theLargestBatchSamplesWithoutOverflowUnderTheCallersProgressLabel() throws Exception {
    List<String> tasks = new ArrayList<>();
    Progress recording = (name, total, unit) -> {
      tasks.add(name + " " + total + " " + unit);
      return Progress.silent().start(name, total, unit);
    };
    try (OrtGeneratorSampler gen = OrtGeneratorSampler.open(generator(), Device.CPU, OrtGeneratorSampler.MAX_BATCH,
        line -> { })) {
      List<Sample> a = SyntheticSampler.sample(gen, new int[] {3, 2}, 7, "sample", Map.of(), recording, "sample gen.onnx");
      assertEquals(5, a.size());
      assertEquals(List.of("sample gen.onnx 5 img"), tasks);
      SyntheticSampler.sample(gen, new int[] {1}, 7, "cgan", Map.of(), recording);
      assertEquals("sample cgan 1 img", tasks.get(1), "a stage's images are reported by its id");
    }
  }

  @Test
  void aChunksNoiseFitsOneArrayWhateverTheBatchSize() {
    assertEquals(1024, SyntheticSampler.chunkSize(256, 100, SyntheticSampler.MAX_IMAGES));
    // 4 x 2,147,483,647 in int arithmetic is -4: the NegativeArraySizeException the command once printed
    int huge = SyntheticSampler.chunkSize(Integer.MAX_VALUE, 100, SyntheticSampler.MAX_IMAGES);
    assertEquals(SyntheticSampler.MAX_IMAGES / 100, huge);
    assertEquals(1, SyntheticSampler.chunkSize(0, 1 << 30, 1 << 20), "at least one image");
  }

  @Test
  void theMemoryEstimateCountsPixelsAndPerImageOverheadWithoutOverflow() {
    assertEquals(1_000_000L * (4 * 28 * 28 + SyntheticSampler.OVERHEAD_BYTES_PER_IMAGE),
        SyntheticSampler.estimatedBytes(1_000_000, 28, 28, 1));
    assertEquals(Long.MAX_VALUE, SyntheticSampler.estimatedBytes(Long.MAX_VALUE / 2, 32, 32, 3));
  }

  @Test
  void theTotalOfTheLargestAmountDoesNotOverflow() {
    int[] counts = new int[10_000];
    Arrays.fill(counts, 10_000_000);
    assertEquals(100_000_000_000L, SyntheticSampler.total(counts));
  }

  @Test
  void moreImagesThanAListHoldsAreRefusedBeforeTheGeneratorIsUsed() {
    int[] counts = new int[215];
    Arrays.fill(counts, 10_000_000);
    // int arithmetic wraps this total to a negative number
    SynthaugException e = assertThrows(SynthaugException.class,
        () -> SyntheticSampler.sample(null, counts, 1, "g", Map.of(), Progress.silent()));
    assertEquals("asked for 2150000000 synthetic images in all (215 classes), more than one list can hold"
        + " (2147483639); ask for fewer images per class", e.getMessage());
  }
}
