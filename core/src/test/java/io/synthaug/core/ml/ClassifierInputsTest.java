package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.ParamException;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad configurations and bad data fail before any training, with messages that say what to fix. */
class ClassifierInputsTest {

  private static ClassifierConfig.Builder base() {
    return ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(8).batchSize(8).maxSteps(2)
        .device(Device.CPU);
  }

  private static void assertParam(String field, String fragment, Executable build) {
    ParamException e = assertThrows(ParamException.class, build);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void configNamesTheBadField() {
    assertParam("channels", "must be 1 (grayscale) or 3 (RGB), got 2",
        () -> ClassifierConfig.builder(28, 28, 2, 10).build());
    assertParam("classes", "at least 2 classes, got 1", () -> ClassifierConfig.builder(28, 28, 1, 1).build());
    assertParam("height", "must be between 4 and 4096 for 2 pooling stages (each halves the size), got 3",
        () -> ClassifierConfig.builder(3, 28, 1, 10).build());
    assertParam("width", "between 16 and 4096 for 4 pooling stages",
        () -> ClassifierConfig.builder(28, 15, 1, 10).convWidths(8, 8, 8, 8).build());
    assertParam("convWidths", "must list 1 to 4 stage widths, got []",
        () -> ClassifierConfig.builder(28, 28, 1, 10).convWidths().build());
    assertParam("convWidths", "between 1 and 512, got [32, 0]",
        () -> ClassifierConfig.builder(28, 28, 1, 10).convWidths(32, 0).build());
    assertParam("dropout", "between 0 and 0.9, got 0.95", () -> base().dropout(0.95).build());
    assertParam("batchSize", "between 2 and 4096, got 1", () -> base().batchSize(1).build());
    assertParam("learningRate", "above 0 and at most 1, got 0.0", () -> base().learningRate(0).build());
    assertParam("learningRate", "got NaN", () -> base().learningRate(Double.NaN).build());
    assertParam("weightDecay", "between 0 and 1, got -0.1", () -> base().weightDecay(-0.1).build());
    assertParam("validationFraction", "between 0 and 0.5, got 0.6", () -> base().validationFraction(0.6).build());
    assertParam("patience", "between 1 and 100000, got 0", () -> base().patience(0).build());
    assertParam("maxEpochs", "got 0", () -> base().maxEpochs(0).build());
    assertParam("featureDim", "got 0", () -> base().featureDim(0).build());
  }

  @Test
  void sizesThatTogetherOverflowATensorAreRefusedNamingTheField() {
    // One 512-wide stage on 4096x4096 images: 512 x 2048 x 2048 = 2^31 values to flatten.
    assertParam("convWidths", "the last stage's 512 channels of 2048x2048 maps (from 4096x4096 images) flatten to "
        + "2147483648 values, more than the 2147483639 one tensor can hold",
        () -> ClassifierConfig.builder(4096, 4096, 1, 10).convWidths(512).featureDim(1).build());
    // The default stages on 4096x4096 images: fc.weight would be 128 x (64 x 1024 x 1024) values.
    assertParam("featureDim", "the feature layer's weights would hold 128 x 67108864 = 8589934592 values "
        + "(featureDim x the last stage's 64 channels of 1024x1024 maps), more than the 2147483639 one tensor can "
        + "hold; lower featureDim to at most 31, or add or narrow convolution stages",
        () -> ClassifierConfig.builder(4096, 4096, 3, 10).build());
    assertParam("featureDim", "the output layer's weights would hold 600000 x 4096 = 2457600000 values "
        + "(classes x featureDim), more than the 2147483639 one tensor can hold; lower featureDim to at most 3579",
        () -> ClassifierConfig.builder(28, 28, 1, 600_000).featureDim(4096).build());
    // Just under the limit the layout's sizes are exact.
    ClassifierConfig largest = ClassifierConfig.builder(4096, 4096, 3, 10).featureDim(31).build();
    CnnLayout layout = new CnnLayout(largest);
    assertEquals(64 * 1024 * 1024, layout.flatDim());
    assertEquals(31L * 64 * 1024 * 1024, layout.tensors().stream()
        .filter(t -> t.name().equals("fc.weight")).findFirst().orElseThrow().size());
  }

  @Test
  void defaultsSuitDigits() {
    ClassifierConfig cfg = ClassifierConfig.builder(28, 28, 1, 10).build();
    assertEquals(List.of(32, 64), cfg.convWidths());
    assertEquals(128, cfg.featureDim());
    assertEquals(Device.AUTO, cfg.device());
    CnnLayout layout = new CnnLayout(cfg);
    assertEquals(7, layout.finalHeight());
    assertEquals(7, layout.finalWidth());
    assertEquals(64 * 7 * 7, layout.flatDim());
    assertEquals(cfg, cfg.toBuilder().build());
  }

  @Test
  void forDatasetTakesTheShapeAndClassesOfTheData() {
    ClassifierConfig cfg = ClassifierConfig.forDataset(Bars.dataset(2, 18, 3, 1)).build();
    assertEquals("18x18x3", cfg.inputShape());
    assertEquals(4, cfg.classes());
    InputException e = assertThrows(InputException.class,
        () -> ClassifierConfig.forDataset(new Dataset(List.of("a", "b"), List.of())));
    assertTrue(e.getMessage().contains("training dataset: is empty"), e.getMessage());
  }

  @Test
  void mixedImageSizesAreRefusedNamingTheSample() {
    List<Sample> samples = new ArrayList<>(Bars.dataset(5, 12, 1, 2).samples());
    samples.set(3, new Sample(Image.blank(16, 16, 1), 1, Origin.real("odd.png")));
    Dataset mixed = new Dataset(Bars.CLASSES, samples);
    InputException e = assertThrows(InputException.class, () -> CnnClassifier.train(mixed, base().build(), null, null));
    assertEquals("training dataset", e.file());
    assertTrue(e.getMessage().contains("sample 3 is 16x16x1 but the classifier takes 12x12x1"), e.getMessage());
    assertTrue(e.getMessage().contains("resize or convert them first"), e.getMessage());
  }

  @Test
  void aClassCountOtherThanConfiguredIsRefused() {
    Dataset data = Bars.dataset(5, 12, 1, 3);
    ClassifierConfig three = ClassifierConfig.builder(12, 12, 1, 3).convWidths(4).device(Device.CPU).build();
    InputException e = assertThrows(InputException.class, () -> CnnClassifier.train(data, three, null, null));
    assertTrue(e.getMessage().contains("has 4 classes [horizontal, vertical, diagonal, antidiagonal] but the "
        + "classifier is configured for 3"), e.getMessage());
  }

  @Test
  void labelsOutsideTheClassesAreRefusedByTheDataset() {
    List<Sample> samples = new ArrayList<>(Bars.dataset(2, 12, 1, 4).samples());
    samples.add(new Sample(Image.blank(12, 12, 1), 4, Origin.real("x")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Bars.CLASSES, samples));
    assertTrue(e.getMessage().contains("has label 4 but there are only 4 classes"), e.getMessage());
  }

  @Test
  void aClassTooSmallForTheValidationSplitIsNamed() {
    List<Sample> samples = new ArrayList<>(Bars.dataset(20, 12, 1, 5).samples());
    samples.removeIf(s -> s.label() == 2);
    samples.add(new Sample(Image.blank(12, 12, 1), 2, Origin.real("a")));
    samples.add(new Sample(Image.blank(12, 12, 1), 2, Origin.real("b")));
    samples.add(new Sample(Image.blank(12, 12, 1), 2, Origin.real("c")));
    Dataset data = new Dataset(Bars.CLASSES, samples);
    InputException e = assertThrows(InputException.class, () -> CnnClassifier.train(data, base().build(), null, null));
    assertTrue(e.getMessage().contains("class 'diagonal' has 3 image(s), too few to hold out a validation share "
        + "of 0.1"), e.getMessage());
    assertTrue(e.getMessage().contains("give every class at least 6 images, raise validationFraction, or set it "
        + "to 0"), e.getMessage());
    // With a larger share the same data splits, and without validation it trains.
    CnnClassifier.train(data, base().validationFraction(0.34).build(), null, null);
    CnnClassifier.train(data, base().validationFraction(0).build(), null, null);
  }

  @Test
  void aBadValidationSetIsNamedAsTheValidationSet() {
    Dataset fit = Bars.dataset(5, 12, 1, 8);
    List<Sample> odd = new ArrayList<>(Bars.dataset(2, 12, 1, 9).samples());
    odd.set(1, new Sample(Image.blank(16, 16, 1), odd.get(1).label(), Origin.real("odd.png")));
    Dataset validation = new Dataset(Bars.CLASSES, odd);
    InputException e = assertThrows(InputException.class,
        () -> CnnClassifier.train(fit, validation, base().build(), null, null));
    assertEquals("validation dataset", e.file());
    assertTrue(e.getMessage().startsWith("validation dataset: sample 1 is 16x16x1 but the classifier takes 12x12x1"),
        e.getMessage());
  }

  @Test
  void aValidationSetOfOneImageIsEnough() {
    Dataset fit = Bars.dataset(5, 12, 1, 10);
    Dataset one = new Dataset(Bars.CLASSES, List.of(Bars.dataset(1, 12, 1, 11).samples().get(0)));
    TrainedClassifier clf = CnnClassifier.train(fit, one, base().build(), null, null);
    assertEquals(4, clf.classNames().size());
  }

  @Test
  void tooFewImagesAreRefused() {
    Dataset one = new Dataset(Bars.CLASSES, List.of(new Sample(Image.blank(12, 12, 1), 0, Origin.real("a"))));
    InputException e = assertThrows(InputException.class, () -> CnnClassifier.train(one, base().build(), null, null));
    assertTrue(e.getMessage().contains("has 1 image(s); a classifier needs at least 2"), e.getMessage());
  }

  @Test
  void aMissingClassIsWarnedAbout() {
    List<Sample> samples = new ArrayList<>(Bars.dataset(10, 12, 1, 6).samples());
    samples.removeIf(s -> s.label() == 3);
    List<String> log = new ArrayList<>();
    CnnClassifier.train(new Dataset(Bars.CLASSES, samples), base().build(), null, log::add);
    assertTrue(log.contains("WARNING: class 'antidiagonal' has no training images; the classifier will never "
        + "predict it"), log.toString());
  }

  @Test
  void inferenceRefusesImagesOfAnotherShapeAndDatasetsOfOtherClasses() {
    Dataset data = Bars.dataset(10, 12, 1, 7);
    TrainedClassifier clf = CnnClassifier.train(data, base().build(), null, null);
    InputException shape = assertThrows(InputException.class,
        () -> clf.predict(List.of(Image.blank(12, 12, 1), Image.blank(8, 8, 1))));
    assertTrue(shape.getMessage().contains("image 1 is 8x8x1 but the classifier takes 12x12x1"), shape.getMessage());
    Dataset renamed = new Dataset(List.of("a", "b", "c", "d"), data.samples());
    InputException classes = assertThrows(InputException.class, () -> clf.accuracy(renamed));
    assertTrue(classes.getMessage().contains("has classes [a, b, c, d] but the classifier was trained on "
        + "[horizontal, vertical, diagonal, antidiagonal]"), classes.getMessage());
    InputException empty = assertThrows(InputException.class,
        () -> clf.perClassAccuracy(new Dataset(Bars.CLASSES, List.of())));
    assertTrue(empty.getMessage().contains("evaluation dataset: is empty"), empty.getMessage());
  }
}
