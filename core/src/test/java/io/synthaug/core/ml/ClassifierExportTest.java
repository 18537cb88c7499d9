package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.onnx.OnnxModelInfo;
import io.synthaug.core.ort.OrtRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** ONNX export parity with DJL, the export's metadata, and the weight file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifierExportTest {

  private static final OrtRuntime RUNTIME = new OrtRuntime(1, false);

  @TempDir
  Path dir;

  private Dataset grayTest;
  private TrainedClassifier gray;
  private TrainedClassifier rgb;

  @BeforeAll
  void train() {
    gray = CnnClassifier.train(Bars.dataset(40, 16, 1, 101),
        CnnClassifierTest.small(16, 1).maxEpochs(3).seed(1).build(), null, null);
    grayTest = Bars.dataset(20, 16, 1, 102);
    // Odd sizes and three stages: 19 -> 9 -> 4 -> 2.
    rgb = CnnClassifier.train(Bars.dataset(30, 19, 3, 103),
        ClassifierConfig.builder(19, 19, 3, 4).convWidths(6, 8, 12).featureDim(24).maxEpochs(2).seed(2)
            .device(Device.CPU).build(), null, null);
  }

  @Test
  void onnxRuntimeMatchesDjlOnGrayscale() throws Exception {
    List<Image> inputs = new ArrayList<>(Bars.noise(70, 16, 1, 7));
    inputs.addAll(Bars.images(grayTest));
    assertParity(gray, inputs);
  }

  @Test
  void onnxRuntimeMatchesDjlOnRgbWithOddSizes() throws Exception {
    List<Image> inputs = new ArrayList<>(Bars.noise(300, 19, 3, 8));
    inputs.addAll(Bars.images(Bars.dataset(10, 19, 3, 104)));
    assertParity(rgb, inputs);
  }

  private void assertParity(TrainedClassifier clf, List<Image> inputs) throws Exception {
    Path file = dir.resolve("clf-" + clf.config().channels() + ".onnx");
    clf.exportOnnx(file, Map.of());
    float[][] djlLogits = clf.logits(inputs);
    float[][] djlFeatures = clf.features(inputs);
    try (OrtClassifier ort = OrtClassifier.open(RUNTIME, file, Device.CPU, null)) {
      assertFalse(ort.usingCuda());
      assertEquals(clf.config().inputShape(), ort.inputShape());
      assertEquals(clf.featureDim(), ort.featureDim());
      assertEquals(clf.config().classes(), ort.classes());
      assertEquals(clf.classNames(), ort.classNames());
      float[][] ortLogits = ort.logits(inputs);
      float[][] ortFeatures = ort.features(inputs);
      double worst = 0;
      for (int i = 0; i < inputs.size(); i++) {
        worst = Math.max(worst, maxAbsDiff(djlLogits[i], ortLogits[i]));
        worst = Math.max(worst, maxAbsDiff(djlFeatures[i], ortFeatures[i]));
      }
      assertTrue(worst < 1e-4, "largest DJL-vs-ONNX difference " + worst);
      assertArrayEquals(clf.predict(inputs), ort.predict(inputs));
      // Three intra-op threads give the same rows as one.
      try (OrtClassifier parallel = OrtClassifier.open(new OrtRuntime(3, false), file, Device.CPU, null)) {
        assertArrayEquals(ortFeatures, parallel.features(inputs));
        assertArrayEquals(ortLogits, parallel.logits(inputs));
      }
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void exportCarriesTheContractAndCallerMetadata() throws Exception {
    Path file = dir.resolve("meta.onnx");
    rgb.exportOnnx(file, Map.of("synthaug.run", "r-42"));
    OnnxModelInfo info = OnnxModelInfo.read(file);
    assertEquals(8, info.irVersion());
    assertEquals(17, info.opset());
    assertEquals(List.of("image"), info.inputs().stream().map(OnnxModelInfo.TensorSpec::name).toList());
    assertEquals("[batch, 3, 19, 19]", info.inputs().get(0).dims().toString());
    assertEquals(List.of("logits", "features"), info.outputs().stream().map(OnnxModelInfo.TensorSpec::name).toList());
    assertEquals("[batch, 4]", info.outputs().get(0).dims().toString());
    assertEquals("[batch, 24]", info.outputs().get(1).dims().toString());
    Set<String> allowed = Set.of("Sub", "Mul", "Conv", "BatchNormalization", "Relu", "MaxPool", "Flatten", "Gemm",
        "Identity");
    assertTrue(allowed.containsAll(info.opTypes()), info.opTypes().toString());
    assertEquals(6, info.opTypes().stream().filter("Conv"::equals).count());
    assertEquals(3, info.opTypes().stream().filter("MaxPool"::equals).count());
    Map<String, String> m = info.metadata();
    assertEquals("classifier", m.get("synthaug.model"));
    assertEquals("horizontal,vertical,diagonal,antidiagonal", m.get("synthaug.classes"));
    assertEquals("4", m.get("synthaug.num_classes"));
    assertEquals("3,19,19", m.get("synthaug.input_shape"));
    assertEquals("24", m.get("synthaug.feature_dim"));
    assertEquals("0,1", m.get("synthaug.pixel_range"));
    assertEquals("cnn conv[6,8,12] fc24", m.get("synthaug.architecture"));
    assertEquals("2", m.get("synthaug.train_seed"));
    assertEquals(rgb.weightsSha256(), m.get("synthaug.weights_sha256"));
    assertEquals("r-42", m.get("synthaug.run"));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rgb.exportOnnx(dir.resolve("bad.onnx"), Map.of("synthaug.classes", "a,b")));
    assertTrue(e.getMessage().contains("'synthaug.classes' is written by the exporter"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("bad.onnx")));
  }

  @Test
  void exportIsByteIdenticalForTheSameWeights() throws Exception {
    Path a = dir.resolve("a.onnx");
    Path b = dir.resolve("b.onnx");
    gray.exportOnnx(a, Map.of("k", "v"));
    gray.exportOnnx(b, Map.of("k", "v"));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void classNamesWithCommasSurviveTheMetadata() {
    List<String> names = List.of("a,b", "back\\slash", "", "plain");
    String joined = ClassifierOnnxContract.joinClasses(names);
    assertEquals("a\\,b,back\\\\slash,,plain", joined);
    assertEquals(names, ClassifierOnnxContract.parseClasses(joined));
  }

  @Test
  void saveAndLoadGiveTheSameClassifier() throws Exception {
    Path file = dir.resolve("rgb.cnn");
    rgb.save(file);
    TrainedClassifier back = TrainedClassifier.load(file);
    assertEquals(rgb.config(), back.config());
    assertEquals(rgb.classNames(), back.classNames());
    assertEquals(rgb.weightsSha256(), back.weightsSha256());
    assertTrue(back.report().isEmpty());
    List<Image> inputs = Bars.noise(5, 19, 3, 9);
    assertTrue(Arrays.deepEquals(rgb.logits(inputs), back.logits(inputs)));
    Path again = dir.resolve("again.cnn");
    back.save(again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }

  @Test
  void loadRejectsMissingForeignTruncatedAndCorruptFiles() throws Exception {
    Path file = dir.resolve("gray.cnn");
    gray.save(file);
    byte[] bytes = Files.readAllBytes(file);

    InputException missing = assertThrows(InputException.class, () -> TrainedClassifier.load(dir.resolve("nope.cnn")));
    assertTrue(missing.getMessage().endsWith("nope.cnn: no such file; check the classifier path"),
        missing.getMessage());

    Path foreign = dir.resolve("foreign.cnn");
    Files.writeString(foreign, "hello, not a model");
    InputException notOurs = assertThrows(InputException.class, () -> TrainedClassifier.load(foreign));
    assertTrue(notOurs.getMessage().contains("is not a Synthaug classifier file"), notOurs.getMessage());

    Path cut = dir.resolve("cut.cnn");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    InputException truncated = assertThrows(InputException.class, () -> TrainedClassifier.load(cut));
    assertTrue(truncated.getMessage().contains("is truncated or corrupt"), truncated.getMessage());
    assertEquals(cut.toString(), truncated.file());

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 1;
    Path bad = dir.resolve("bad.cnn");
    Files.write(bad, flipped);
    InputException corrupt = assertThrows(InputException.class, () -> TrainedClassifier.load(bad));
    assertTrue(corrupt.getMessage().contains("is truncated or corrupt"), corrupt.getMessage());
  }

  @Test
  void ortClassifierRejectsImagesOfAnotherShape() throws Exception {
    Path file = dir.resolve("shape.onnx");
    gray.exportOnnx(file, Map.of());
    try (OrtClassifier ort = OrtClassifier.open(RUNTIME, file, Device.CPU, null)) {
      List<Image> images = List.of(Image.blank(16, 16, 1), Image.blank(16, 16, 3));
      InputException e = assertThrows(InputException.class, () -> ort.predict(images));
      assertTrue(e.getMessage().contains("image 1 is 16x16x3 but the classifier takes 16x16x1"), e.getMessage());
    }
  }

  @Test
  void ortClassifierRejectsANullImageAsTrainedClassifierDoes() throws Exception {
    Path file = dir.resolve("null.onnx");
    gray.exportOnnx(file, Map.of());
    List<Image> images = Arrays.asList(Image.blank(16, 16, 1), null);
    InputException djl = assertThrows(InputException.class, () -> gray.predict(images));
    try (OrtClassifier ort = OrtClassifier.open(RUNTIME, file, Device.CPU, null)) {
      InputException predict = assertThrows(InputException.class, () -> ort.predict(images));
      assertEquals(djl.getMessage(), predict.getMessage());
      assertEquals("images: image 1 is null", predict.getMessage());
      InputException features = assertThrows(InputException.class, () -> ort.features(images));
      assertEquals("images: image 1 is null", features.getMessage());
    }
  }

  @Test
  void labelAgreementIsTheSameThroughDjlAndOnnxRuntime() throws Exception {
    Path file = dir.resolve("agree.onnx");
    gray.exportOnnx(file, Map.of());
    List<Image> images = Bars.images(grayTest);
    int[] labels = grayTest.samples().stream().mapToInt(s -> s.label()).toArray();
    LabelAgreement djl = LabelAgreement.measure(gray, images, labels, 4);
    try (OrtClassifier ort = OrtClassifier.open(RUNTIME, file, Device.CPU, null)) {
      LabelAgreement onnx = LabelAgreement.measure(ort, images, labels, 4);
      assertTrue(Arrays.deepEquals(djl.confusion(), onnx.confusion()));
    }
    assertEquals(gray.accuracy(grayTest), djl.overall(), 1e-12);
    assertArrayEquals(gray.perClassAccuracy(grayTest), djl.perClass(), 1e-12);
  }
}
