package io.synthaug.core.ort;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static io.synthaug.core.onnx.OnnxGraphBuilder.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sampling exported generators: values, layout, batching and contract checks. */
class OrtGeneratorSamplerTest {

  private static final OrtRuntime RUNTIME = new OrtRuntime(2, false);

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  private Path write(OnnxGraphBuilder g, String name) throws Exception {
    Path file = dir.resolve(name);
    g.write(file);
    return file;
  }

  @ParameterizedTest
  @EnumSource(OutputRange.class)
  void samplesMatchTheJavaForwardPassMappedToUnitRange(OutputRange range) throws Exception {
    MiniGenerator gen = new MiniGenerator(5, 3, 100);
    Path file = write(gen.graph(range), "gen.onnx");
    int[] labels = {0, 2, 1, 1, 0, 2, 2};
    float[] noise = ReferenceOps.random(200, labels.length * gen.zDim);
    float[] raw = gen.forward(labels, noise, range);
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 3, log::add)) {
      assertEquals(range, s.outputRange());
      assertEquals(5, s.zDim());
      assertEquals(3, s.channels());
      assertEquals(4, s.height());
      assertEquals(4, s.width());
      assertEquals(3, s.numClasses());
      List<Image> images = s.sample(labels, noise);
      assertEquals(labels.length, images.size());
      int plane = 16;
      for (int i = 0; i < labels.length; i++) {
        Image img = images.get(i);
        assertEquals("4x4x3", img.shape());
        for (int c = 0; c < 3; c++) {
          for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
              float v = raw[(i * 3 + c) * plane + y * 4 + x];
              float expected = range == OutputRange.TANH ? (v + 1f) / 2f : v;
              assertEquals(expected, img.get(y, x, c), 1e-5f, "sample " + i + " at " + y + "," + x + "," + c);
            }
          }
        }
      }
    }
  }

  @Test
  void batchingDoesNotChangeWhichImageBelongsToWhichLabel() throws Exception {
    MiniGenerator gen = new MiniGenerator(4, 1, 300);
    Path file = write(gen.graph(OutputRange.TANH), "gen.onnx");
    int[] labels = new int[10];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    float[] noise = ReferenceOps.random(301, labels.length * gen.zDim);
    List<Image> whole;
    List<Image> inBatchesOfFour;
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 64, log::add)) {
      whole = s.sample(labels, noise);
      assertEquals(whole, s.sample(labels, noise), "same inputs, same images");
    }
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 4, log::add)) {
      inBatchesOfFour = s.sample(labels, noise);
    }
    for (int i = 0; i < labels.length; i++) {
      float[] a = whole.get(i).pixels();
      float[] b = inBatchesOfFour.get(i).pixels();
      for (int p = 0; p < a.length; p++) {
        assertEquals(a[p], b[p], 1e-6f, "image " + i);
      }
    }
    float[] raw = gen.forward(labels, noise, OutputRange.TANH);
    assertEquals((raw[9 * 16 + 5] + 1f) / 2f, inBatchesOfFour.get(9).get(1, 1, 0), 1e-5f);
  }

  @Test
  void parallelRunsGiveTheImagesOfOneThreadInRequestOrder() throws Exception {
    MiniGenerator gen = new MiniGenerator(4, 3, 500);
    Path file = write(gen.graph(OutputRange.SIGMOID), "gen.onnx");
    int[] labels = new int[23];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7) % 3;
    }
    float[] noise = ReferenceOps.random(501, labels.length * gen.zDim);
    List<Image> serial;
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(new OrtRuntime(1, false), file, Device.CPU, 64, log::add)) {
      assertEquals(1, s.parallelRuns());
      serial = s.sample(labels, noise);
    }
    // 3 threads: 23 samples as runs of 8, 8, 7 (batch 64), 5 runs of at most 5 (batch 5), or 12
    // runs of at most 2 (batch 2) that the three threads take from a shared counter.
    for (int batch : new int[] {64, 5, 2}) {
      try (OrtGeneratorSampler s = OrtGeneratorSampler.open(new OrtRuntime(3, false), file, Device.CPU, batch,
          log::add)) {
        assertEquals(3, s.parallelRuns());
        assertEquals(serial, s.sample(labels, noise), "batch " + batch);
        assertEquals(serial.subList(0, 1), s.sample(new int[] {labels[0]}, Arrays.copyOf(noise, gen.zDim)));
      }
    }
    float[] raw = gen.forward(labels, noise, OutputRange.SIGMOID);
    assertEquals(raw[(22 * 3 + 2) * 16 + 7], serial.get(22).get(1, 3, 2), 1e-5f);
  }

  @Test
  void emptyRequestGivesNoImages() throws Exception {
    Path file = write(new MiniGenerator(4, 1, 1).graph(OutputRange.TANH), "gen.onnx");
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add)) {
      assertEquals(List.of(), s.sample(new int[0], new float[0]));
    }
  }

  @Test
  void badLabelsAndNoiseLengthAreRejectedWithTheValue() throws Exception {
    Path file = write(new MiniGenerator(4, 1, 1).graph(OutputRange.TANH), "gen.onnx");
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add)) {
      IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
          () -> s.sample(new int[] {0, 3}, new float[8]));
      assertEquals("label 3 at index 1 is outside [0, 3)", label.getMessage());
      IllegalArgumentException noise = assertThrows(IllegalArgumentException.class,
          () -> s.sample(new int[] {0, 1}, new float[7]));
      assertEquals("2 labels need 8 noise values (zDim 4), got 7", noise.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 0, log::add));
  }

  /** A minimal generator: image = activation(Reshape(Gemm(concat(noise, embed(label))))). */
  private static OnnxGraphBuilder denseGenerator(Map<String, String> metadata) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("dense")
        .input(GeneratorOnnxContract.NOISE, FLOAT, List.of("batch", 2))
        .input(GeneratorOnnxContract.LABEL, INT64, List.of("batch"))
        .output(GeneratorOnnxContract.IMAGE, FLOAT, List.of("batch", 1, 2, 2));
    metadata.forEach(g::metadata);
    OnnxLayers l = new OnnxLayers(g);
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, new float[] {0.5f, -0.5f}, 2, 1);
    String h = l.linear("fc", l.concat(1, GeneratorOnnxContract.NOISE, e), ReferenceOps.random(5, 4 * 3), null, 4, 3);
    l.rename(l.tanh(l.reshape(h, -1, 1, 2, 2)), GeneratorOnnxContract.IMAGE);
    return g;
  }

  /**
   * A generator whose noise width and image width are left open (image = tanh(reshape(noise +
   * embed(label), [0, 1, 2, -1]))), so ONNX Runtime cannot infer them and the sampler needs the
   * metadata.
   */
  private static OnnxGraphBuilder openShapeGenerator(Map<String, String> metadata) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("open_shape")
        .input(GeneratorOnnxContract.NOISE, FLOAT, List.of("batch", "z"))
        .input(GeneratorOnnxContract.LABEL, INT64, List.of("batch"))
        .output(GeneratorOnnxContract.IMAGE, FLOAT, List.of("batch", 1, 2, "w"));
    metadata.forEach(g::metadata);
    OnnxLayers l = new OnnxLayers(g);
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, new float[] {0.5f, -0.5f}, 2, 1);
    String h = l.add(GeneratorOnnxContract.NOISE, e);
    l.rename(l.tanh(l.reshape(h, 0, 1, 2, -1)), GeneratorOnnxContract.IMAGE);
    return g;
  }

  @Test
  void sizesComeFromMetadataWhenTheShapeLeavesThemOpen() throws Exception {
    Path file = write(openShapeGenerator(Map.of(GeneratorOnnxContract.META_OUTPUT_RANGE, "tanh",
        GeneratorOnnxContract.META_Z_DIM, "4", GeneratorOnnxContract.META_WIDTH, "2")), "open.onnx");
    try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add)) {
      assertEquals(4, s.zDim());
      assertEquals(2, s.width());
      assertEquals(2, s.height());
      assertEquals(-1, s.numClasses());
      List<Image> images = s.sample(new int[] {1, 0}, new float[] {0.3f, -0.2f, 0f, 1f, 0f, 0f, 0f, 0f});
      assertEquals("2x2x1", images.get(0).shape());
      // sample 0, label 1 (embedding -0.5): pixel (0, 1) is noise[1] - 0.5 through tanh, mapped to [0, 1]
      assertEquals(((float) Math.tanh(-0.7) + 1f) / 2f, images.get(0).get(0, 1, 0), 1e-6f);
      assertEquals(((float) Math.tanh(0.5) + 1f) / 2f, images.get(1).get(1, 1, 0), 1e-6f);
    }
  }

  @Test
  void aNonFiniteOutputIsAnInputErrorNamingTheModel() throws Exception {
    Path file = write(openShapeGenerator(Map.of(GeneratorOnnxContract.META_OUTPUT_RANGE, "tanh",
        GeneratorOnnxContract.META_Z_DIM, "4", GeneratorOnnxContract.META_WIDTH, "2")), "diverged.onnx");
    // NaN noise stands in for diverged weights: value 2 of sample 1 becomes pixel (1, 0) of image 1.
    float[] noise = {0.1f, 0.2f, 0.3f, 0.4f, 0f, 0f, Float.NaN, 0f};
    for (int batch : new int[] {8, 1}) {
      try (OrtGeneratorSampler s = OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, batch, log::add)) {
        InputException e = assertThrows(InputException.class, () -> s.sample(new int[] {0, 1}, noise));
        assertEquals(file.toString(), e.file());
        assertEquals(file + ": output 'image' of sample 1 is NaN at channel 0, row 1, column 0; a generator whose "
            + "output is not finite has diverged: retrain it or export an earlier checkpoint", e.getMessage());
        noise[6] = 0f;
        assertEquals(2, s.sample(new int[] {0, 1}, noise).size(), "finite noise samples as before");
        noise[6] = Float.NaN;
      }
    }
  }

  @Test
  void toUnitRefusesNaNAndClampsInfinities() {
    for (OutputRange range : OutputRange.values()) {
      assertThrows(IllegalArgumentException.class, () -> range.toUnit(Float.NaN));
      assertEquals(1f, range.toUnit(Float.POSITIVE_INFINITY));
      assertEquals(0f, range.toUnit(Float.NEGATIVE_INFINITY));
      assertEquals(1f, range.toUnit(1.0000001f));
    }
    assertEquals(0.75f, OutputRange.TANH.toUnit(0.5f));
    assertEquals(0.5f, OutputRange.SIGMOID.toUnit(0.5f));
  }

  @Test
  void openSizesWithoutMetadataAreAnInputError() throws Exception {
    Path file = write(openShapeGenerator(Map.of(GeneratorOnnxContract.META_OUTPUT_RANGE, "tanh",
        GeneratorOnnxContract.META_Z_DIM, "4")), "open.onnx");
    InputException e = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add));
    assertEquals(file + ": the generator's shape leaves a size open and metadata 'synthaug.width' is missing; "
        + "a generator written by a gan stage has it", e.getMessage());
    Path bad = write(openShapeGenerator(Map.of(GeneratorOnnxContract.META_OUTPUT_RANGE, "tanh",
        GeneratorOnnxContract.META_Z_DIM, "four")), "bad.onnx");
    InputException b = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, bad, Device.CPU, 8, log::add));
    assertEquals(bad + ": metadata 'synthaug.z_dim' must be a positive integer, got 'four'", b.getMessage());
  }

  @Test
  void missingOrUnknownOutputRangeIsAnInputError() throws Exception {
    Path none = write(denseGenerator(Map.of()), "none.onnx");
    InputException e = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, none, Device.CPU, 8, log::add));
    assertEquals(none + ": metadata 'synthaug.output_range' must be 'tanh' or 'sigmoid', got nothing; "
        + "a generator written by a gan stage always has it", e.getMessage());
    Path relu = write(denseGenerator(Map.of(GeneratorOnnxContract.META_OUTPUT_RANGE, "relu")),
        "relu.onnx");
    InputException r = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, relu, Device.CPU, 8, log::add));
    assertTrue(r.getMessage().contains("got 'relu'"), r.getMessage());
  }

  @Test
  void aModelWithoutTheLabelInputIsNotAGenerator() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("plain")
        .input(GeneratorOnnxContract.NOISE, FLOAT, 1, 4)
        .output(GeneratorOnnxContract.IMAGE, FLOAT, 1, 1, 2, 2)
        .metadata(GeneratorOnnxContract.META_OUTPUT_RANGE, "sigmoid");
    OnnxLayers l = new OnnxLayers(g);
    l.rename(l.sigmoid(l.reshape(GeneratorOnnxContract.NOISE, 1, 1, 2, 2)), GeneratorOnnxContract.IMAGE);
    Path file = write(g, "plain.onnx");
    InputException e = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add));
    assertEquals(file + ": the model has no input 'label' (its inputs: [noise])", e.getMessage());
  }

  @Test
  void aLabelInputOfTheWrongTypeIsReported() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("float_label")
        .input(GeneratorOnnxContract.NOISE, FLOAT, 1, 4)
        .input(GeneratorOnnxContract.LABEL, FLOAT, 1)
        .output(GeneratorOnnxContract.IMAGE, FLOAT, 1, 1, 2, 2)
        .metadata(GeneratorOnnxContract.META_OUTPUT_RANGE, "tanh");
    OnnxLayers l = new OnnxLayers(g);
    String h = l.add(GeneratorOnnxContract.NOISE, GeneratorOnnxContract.LABEL);
    l.rename(l.reshape(h, 1, 1, 2, 2), GeneratorOnnxContract.IMAGE);
    Path file = write(g, "float_label.onnx");
    InputException e = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add));
    assertEquals(file + ": 'label' must be a tensor of INT64 with rank 1, the model declares FLOAT [1]", e.getMessage());
  }

  @Test
  void aModelThatIsNoGeneratorSaysWhatItIsInstead() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("features")
        .input("x", FLOAT, -1, 1, 2, 2)
        .output("features", FLOAT, -1, 4)
        .metadata("synthaug.purpose", "fid-gate features (penultimate layer)");
    OnnxLayers l = new OnnxLayers(g);
    l.rename(l.reshape("x", -1, 4), "features");
    Path file = write(g, "feature-classifier.onnx");
    InputException e = assertThrows(InputException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, 8, log::add));
    assertEquals(file + ": is not a generator written by a gan stage: its inputs are 'x' (float [?, 1, 2, 2]) and its"
        + " outputs 'features' (float [?, 4]); its metadata says it is: fid-gate features (penultimate layer); runner"
        + " sample takes the generator.onnx a gan stage writes to artifacts/<stage-id>/ (inputs 'noise' and 'label',"
        + " output 'image', synthaug.* metadata)", e.getMessage());
    assertEquals(4, e.exitCode());
  }

  @Test
  void theBatchSizeIsBoundedAsTheGanStagesSampleBatch() throws Exception {
    Path file = write(new MiniGenerator(4, 3, 1).graph(OutputRange.TANH), "gen.onnx");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OrtGeneratorSampler.open(RUNTIME, file, Device.CPU, OrtGeneratorSampler.MAX_BATCH + 1, log::add));
    assertEquals("batch size must be from 1 to 65536, got 65537", e.getMessage());
  }
}
