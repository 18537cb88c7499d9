package io.synthaug.plugins.fid;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.core.Hashes;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.spec.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The onnx extractor on a model built in the test: a fixed linear projection of the flattened
 * [N, 3, 4, 4] input, so each feature can be worked out by hand.
 */
class OnnxExtractorTest {

  @TempDir
  Path dir;

  private static final Image GRAY = new Image(2, 2, 1, new float[] {0f, 1f, 0.5f, 0.25f});

  /**
   * Feature 0: the sum of channel 0's 16 values; feature 1: channel 2 at (0, 0) plus twice
   * channel 2 at (3, 3). Input dims are {@code inputDims} (symbols for open sizes).
   */
  private Path projection(String file, List<?> inputDims, String... extraOutputs) throws Exception {
    int channels = inputDims.get(1) instanceof Integer c ? c : 3;
    int rows = channels * 16;
    float[] w = new float[rows * 2];
    for (int i = 0; i < 16; i++) {
      w[i * 2] = 1f;
    }
    // The last channel's first and last pixel.
    w[(rows - 16) * 2 + 1] = 1f;
    w[(rows - 1) * 2 + 1] = 2f;
    OnnxGraphBuilder g = new OnnxGraphBuilder("projection").input("image", FLOAT, inputDims)
        .initializer("w", w, rows, 2);
    String flat = g.op("Flatten", List.of("image"), Map.of("axis", 1));
    g.node("MatMul", List.of(flat, "w"), List.of("features"), Map.of());
    g.output("features", FLOAT, List.of("batch", 2));
    for (String extra : extraOutputs) {
      g.node("Identity", List.of("features"), List.of(extra), Map.of());
      g.output(extra, FLOAT, List.of("batch", 2));
    }
    Path model = dir.resolve(file);
    g.write(model);
    return model;
  }

  private static Dataset of(Image image) {
    return new Dataset(List.of("x", "y"), List.of(new Sample(image, 0, Origin.real("t"))));
  }

  private static OnnxExtractorParams params(String json) throws Exception {
    return Json.mapper().readValue(json, OnnxExtractorParams.class);
  }

  private FeatureExtractor open(String json, Image dataImage) throws Exception {
    return new OnnxExtractorFactory().create(params(json), new GateExtractorContext(new GateTestContext(dir, 0, List.of()), of(dataImage), 1));
  }

  @BeforeEach
  void model() throws Exception {
    projection("fixed.onnx", List.of("batch", 3, 4, 4));
  }

  @Test
  void grayImagesAreResizedRepeatedToThreeChannelsAndNormalized() throws Exception {
    try (FeatureExtractor fx = open("{\"path\": \"fixed.onnx\", \"mean\": [0.5, 0, 0.125], \"std\": [2, 1, 0.5]}",
        GRAY)) {
      assertEquals(2, fx.featureDim());
      float[][] f = fx.features(List.of(GRAY, GRAY));
      // The 4x4 bilinear upscale sums to 7 (see BilinearTest); channel 0 is (p - 0.5) / 2: (7 - 16 * 0.5) / 2.
      // Channel 2 is (p - 0.125) / 0.5 at (0, 0) = 0 and (3, 3) = 0.25: -0.25 + 2 * 0.25.
      assertArrayEquals(new float[] {-0.5f, 0.25f}, f[0], 1e-6f);
      assertArrayEquals(f[0], f[1], 0f);
      assertEquals("onnx:fixed.onnx#features", fx.protocol().name());
      assertEquals(Hashes.sha256(dir.resolve("fixed.onnx")), fx.protocol().weightsSha256());
      assertEquals(4, fx.protocol().inputHeight());
      assertEquals(4, fx.protocol().inputWidth());
      assertEquals("bilinear", fx.protocol().resize());
    }
  }

  @Test
  void scaleMultipliesBeforeTheMean() throws Exception {
    Image ones = new Image(4, 4, 3, filled(48, 1f));
    try (FeatureExtractor fx = open("{\"path\": \"fixed.onnx\", \"scale\": 255, \"mean\": [127.5], \"std\": [127.5]}",
        ones)) {
      // Every value becomes (255 - 127.5) / 127.5 = 1: 16 ones, and 1 + 2 * 1.
      assertArrayEquals(new float[] {16f, 3f}, fx.features(List.of(ones))[0], 1e-5f);
    }
  }

  @Test
  void manyImagesGoThroughInBatchesInOrder() throws Exception {
    Image[] images = new Image[70];
    for (int i = 0; i < images.length; i++) {
      images[i] = new Image(4, 4, 3, filled(48, i / 100f));
    }
    try (FeatureExtractor fx = open("{\"path\": \"fixed.onnx\"}", images[0])) {
      float[][] f = fx.features(List.of(images));
      for (int i = 0; i < images.length; i++) {
        assertEquals(16 * i / 100f, f[i][0], 1e-4f, "image " + i);
      }
    }
  }

  /** Images whose every value is {@code i / 100}, so feature 0 of image i is 16 i / 100. */
  private static List<Image> ramp(int n) {
    Image[] images = new Image[n];
    for (int i = 0; i < n; i++) {
      images[i] = new Image(4, 4, 3, filled(48, i / 100f));
    }
    return List.of(images);
  }

  @Test
  void aModelThatFixesTheBatchGetsBatchesOfExactlyThatSizeTheLastFilledUp() throws Exception {
    // ONNX Runtime refuses any other batch size for this input, the probe's single image included.
    projection("batch4.onnx", List.of(4, 3, 4, 4));
    List<Image> images = ramp(10);
    try (FeatureExtractor fx = open("{\"path\": \"batch4.onnx\"}", images.get(0));
        FeatureExtractor open = open("{\"path\": \"fixed.onnx\"}", images.get(0))) {
      assertEquals(2, fx.featureDim());
      float[][] f = fx.features(images);
      assertEquals(10, f.length, "4 + 4 + 2 images, the filler rows dropped");
      for (int i = 0; i < images.size(); i++) {
        assertEquals(16 * i / 100f, f[i][0], 1e-4f, "image " + i);
        assertEquals(3 * i / 100f, f[i][1], 1e-4f, "image " + i);
      }
      float[][] unbatched = open.features(images);
      for (int i = 0; i < images.size(); i++) {
        assertArrayEquals(unbatched[i], f[i], 1e-6f, "image " + i + " does not depend on the batching");
      }
      assertEquals(1, fx.features(images.subList(3, 4)).length);
      assertArrayEquals(f[3], fx.features(images.subList(3, 4))[0], 0f, "same image, same batch position, same bytes");
    }
  }

  @Test
  void aModelThatFixesBatchOneRunsMoreImagesThanOneDefaultBatch() throws Exception {
    projection("batch1.onnx", List.of(1, 3, 4, 4));
    List<Image> images = ramp(40);
    try (FeatureExtractor fx = open("{\"path\": \"batch1.onnx\"}", images.get(0))) {
      float[][] f = fx.features(images);
      assertEquals(40, f.length);
      for (int i = 0; i < images.size(); i++) {
        assertEquals(16 * i / 100f, f[i][0], 1e-4f, "image " + i);
      }
    }
  }

  @Test
  void aFixedBatchLargerThanTheExtractorRunsIsRefusedNamingTheFile() throws Exception {
    projection("huge.onnx", List.of(OrtFeatureExtractor.MAX_FIXED_BATCH + 1, 3, 4, 4));
    InputException e = assertThrows(InputException.class, () -> open("{\"path\": \"huge.onnx\"}", GRAY));
    assertEquals(dir.resolve("huge.onnx").toString(), e.file());
    assertTrue(e.getMessage().contains("the model's input 'image' is FLOAT [4097, 3, 4, 4] (N, C, H, W): its batch"
        + " axis is fixed at 4097 images, more than the 4096 the onnx extractor runs at once"), e.getMessage());
  }

  @Test
  void declaredSizeThatContradictsTheModelNamesBoth() {
    InputException e = assertThrows(InputException.class, () -> open("{\"path\": \"fixed.onnx\", \"height\": 5}", GRAY));
    assertEquals(dir.resolve("fixed.onnx").toString(), e.file());
    assertTrue(e.getMessage().contains("the model's input 'image' is FLOAT [-1, 3, 4, 4] (N, C, H, W), but"
        + " extractorParams give height 5; leave height out or set it to 4"), e.getMessage());
  }

  @Test
  void rgbImagesForAOneChannelModelAreRefused() throws Exception {
    projection("gray.onnx", List.of("batch", 1, 4, 4));
    InputException e = assertThrows(InputException.class,
        () -> open("{\"path\": \"gray.onnx\"}", new Image(2, 2, 3, new float[12])));
    assertTrue(e.getMessage().contains("[-1, 1, 4, 4] (N, C, H, W) takes 1 channel, but the images are 2x2x3 (RGB)"),
        e.getMessage());
  }

  @Test
  void anOpenSizeMustBeGivenAndAWrongOneFailsTheProbe() throws Exception {
    projection("open.onnx", List.of("batch", 3, "h", "w"));
    InputException missing = assertThrows(InputException.class, () -> open("{\"path\": \"open.onnx\"}", GRAY));
    assertTrue(missing.getMessage().contains("[-1, 3, -1, -1] (N, C, H, W) does not fix its height; give"
        + " extractorParams.height"), missing.getMessage());
    InputException wrong = assertThrows(InputException.class,
        () -> open("{\"path\": \"open.onnx\", \"height\": 5, \"width\": 5}", GRAY));
    assertTrue(wrong.getMessage().contains("the model does not run on input 'image' of shape [1, 3, 5, 5]"),
        wrong.getMessage());
    try (FeatureExtractor fx = open("{\"path\": \"open.onnx\", \"height\": 4, \"width\": 4}", GRAY)) {
      assertEquals(2, fx.featureDim(), "the sizes the projection was built for run");
    }
  }

  @Test
  void outputsAndFilesAreCheckedByName() throws Exception {
    projection("two.onnx", List.of("batch", 3, 4, 4), "copy");
    InputException which = assertThrows(InputException.class, () -> open("{\"path\": \"two.onnx\"}", GRAY));
    assertTrue(which.getMessage().contains("the model has 2 outputs [features, copy]; say which to use with"
        + " extractorParams.output"), which.getMessage());
    InputException unknown = assertThrows(InputException.class,
        () -> open("{\"path\": \"two.onnx\", \"output\": \"pool3\"}", GRAY));
    assertTrue(unknown.getMessage().contains("the model has no output 'pool3' (its outputs: [features, copy])"),
        unknown.getMessage());
    try (FeatureExtractor fx = open("{\"path\": \"two.onnx\", \"output\": \"copy\"}", GRAY)) {
      assertEquals("onnx:two.onnx#copy", fx.protocol().name());
    }
    InputException absent = assertThrows(InputException.class, () -> open("{\"path\": \"nope.onnx\"}", GRAY));
    assertEquals(dir.resolve("nope.onnx").toString(), absent.file());
  }

  @Test
  void resizeNoneRefusesImagesOfAnotherSize() {
    InputException e = assertThrows(InputException.class,
        () -> open("{\"path\": \"fixed.onnx\", \"resize\": \"none\"}", GRAY));
    assertTrue(e.getMessage().contains("takes 4x4, but the images are 2x2x1 and extractorParams.resize is none"),
        e.getMessage());
  }

  private static float[] filled(int n, float v) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, v);
    return out;
  }
}
