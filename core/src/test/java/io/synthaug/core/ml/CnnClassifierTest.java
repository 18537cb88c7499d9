package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Training: it learns, it is deterministic, it stops early on training data only, it does not leak. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnnClassifierTest {

  private final List<String> log = new ArrayList<>();
  private Dataset grayTrain;
  private Dataset grayTest;
  private TrainedClassifier gray;

  /** A network small enough to train in a second or two on synthetic bars. */
  static ClassifierConfig.Builder small(int size, int channels) {
    return ClassifierConfig.builder(size, size, channels, Bars.CLASSES.size()).convWidths(8, 16).featureDim(32)
        .batchSize(32).maxEpochs(12).learningRate(3e-3).patience(4).device(Device.CPU);
  }

  @BeforeAll
  void trainGrayscale() {
    grayTrain = Bars.dataset(100, 16, 1, 11);
    grayTest = Bars.dataset(60, 16, 1, 12);
    gray = CnnClassifier.train(grayTrain, small(16, 1).seed(5).build(), null, log::add);
  }

  @Test
  void learnsBarOrientationInGrayscaleOnHeldOutImages() {
    double acc = gray.accuracy(grayTest);
    assertTrue(acc > 0.95, "held-out accuracy " + acc);
    double[] perClass = gray.perClassAccuracy(grayTest);
    assertEquals(4, perClass.length);
    for (double a : perClass) {
      assertTrue(a > 0.85, "per-class accuracy " + a);
    }
    TrainingReport r = gray.report().orElseThrow();
    assertEquals(grayTrain.size(), r.trainImages() + r.validationImages());
    assertEquals(40, r.validationImages(), "10% of each class of 100");
    assertEquals("cpu()", r.device());
    assertTrue(r.imagesPerSecond() > 0);
    assertTrue(log.get(0).startsWith("classifier: 360 training + 40 validation images 16x16x1, 4 classes"),
        log.get(0));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("classifier epoch 1/12: loss ")), String.join("\n", log));
  }

  @Test
  void learnsBarOrientationInRgbWithOddSizes() {
    // 18 -> 9 -> 4: the second pooling floors an odd size.
    Dataset train = Bars.dataset(100, 18, 3, 21);
    Dataset test = Bars.dataset(60, 18, 3, 22);
    TrainedClassifier rgb = CnnClassifier.train(train, small(18, 3).seed(3).build(), null, null);
    assertEquals(16 * 4 * 4, new CnnLayout(rgb.config()).flatDim());
    double acc = rgb.accuracy(test);
    assertTrue(acc > 0.95, "held-out accuracy " + acc);
  }

  @Test
  void probabilitiesFeaturesAndPredictionsAgree() {
    List<Image> images = Bars.images(grayTest).subList(0, 50);
    int[] predicted = gray.predict(images);
    float[][] p = gray.probabilities(images);
    float[][] logits = gray.logits(images);
    float[][] f = gray.features(images);
    assertEquals(50, p.length);
    for (int i = 0; i < images.size(); i++) {
      double sum = 0;
      for (float v : p[i]) {
        assertTrue(v >= 0 && v <= 1);
        sum += v;
      }
      assertEquals(1.0, sum, 1e-5);
      assertEquals(predicted[i], Softmax.argmax(p[i], 0, 4));
      assertEquals(predicted[i], Softmax.argmax(logits[i], 0, 4));
      assertEquals(32, f[i].length);
      for (float v : f[i]) {
        assertTrue(v >= 0, "features come after a ReLU");
      }
    }
    // Inference is batch-independent: one image alone gives the same numbers as in a batch.
    assertArrayEquals(logits[7], gray.logits(List.of(images.get(7)))[0], 1e-5f);
    assertEquals(0, gray.predict(List.of()).length);
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndAnotherSeedDoesNot() {
    Dataset data = Bars.dataset(12, 12, 1, 31);
    ClassifierConfig cfg = ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(8).batchSize(8)
        .maxSteps(8).dropout(0.5).seed(77).device(Device.CPU).build();
    TrainedClassifier a = CnnClassifier.train(data, cfg, null, null);
    TrainedClassifier b = CnnClassifier.train(data, cfg, null, null);
    assertEquals(a.weightsSha256(), b.weightsSha256());
    for (int i = 0; i < a.weights().layout().tensors().size(); i++) {
      assertArrayEquals(a.weights().view(i), b.weights().view(i));
    }
    List<TrainingReport.Epoch> ea = a.report().orElseThrow().epochs();
    List<TrainingReport.Epoch> eb = b.report().orElseThrow().epochs();
    assertEquals(2, ea.size(), "44 training images in batches of 8: 6 steps, then 2 more");
    for (int i = 0; i < ea.size(); i++) {
      assertEquals(ea.get(i).trainLoss(), eb.get(i).trainLoss());
      assertEquals(ea.get(i).validationLoss(), eb.get(i).validationLoss());
    }
    assertArrayEquals(a.logits(Bars.images(data))[3], b.logits(Bars.images(data))[3]);
    TrainedClassifier c = CnnClassifier.train(data, cfg.toBuilder().seed(78).build(), null, null);
    assertNotEquals(a.weightsSha256(), c.weightsSha256());
  }

  @Test
  void earlyStoppingValidatesOnTrainingDataAndKeepsTheBestEpoch() {
    // Labels unrelated to the images: validation accuracy cannot keep improving, so training stops.
    Dataset bars = Bars.dataset(30, 12, 1, 41);
    java.util.Random rng = new java.util.Random(9);
    List<Sample> shuffled = new ArrayList<>();
    for (Sample s : bars.samples()) {
      shuffled.add(new Sample(s.image(), rng.nextInt(4), s.origin()));
    }
    Dataset noisy = bars.withSamples(shuffled);
    ClassifierConfig cfg = ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(16).batchSize(16)
        .maxEpochs(40).patience(2).validationFraction(0.25).seed(4).device(Device.CPU).build();
    TrainedClassifier clf = CnnClassifier.train(noisy, cfg, null, log::add);
    TrainingReport r = clf.report().orElseThrow();
    assertTrue(r.stoppedEarly());
    assertEquals(r.bestEpoch() + cfg.patience(), r.epochs().size());
    assertTrue(r.epochs().size() < cfg.maxEpochs());

    Dataset[] parts = CnnClassifier.splitForValidation(noisy, cfg);
    assertEquals(parts[0].size(), r.trainImages());
    assertEquals(parts[1].size(), r.validationImages());
    Set<Sample> fit = new HashSet<>(parts[0].samples());
    for (Sample s : parts[1].samples()) {
      assertTrue(noisy.samples().contains(s), "validation images come from the training dataset");
      assertFalse(fit.contains(s), "and are not trained on");
    }
    // The returned weights are the best epoch's, not the last epoch's.
    assertEquals(r.bestValidationAccuracy(), clf.accuracy(parts[1]), 1e-12);
    double best = r.bestValidationAccuracy();
    for (TrainingReport.Epoch e : r.epochs()) {
      assertTrue(e.validationAccuracy() <= best);
    }
  }

  @Test
  void withoutValidationItTrainsEveryEpochAndKeepsTheLast() {
    Dataset data = Bars.dataset(10, 12, 1, 51);
    ClassifierConfig cfg = ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(8).batchSize(8)
        .maxEpochs(3).validationFraction(0).device(Device.CPU).build();
    TrainingReport r = CnnClassifier.train(data, cfg, null, null).report().orElseThrow();
    assertEquals(0, r.validationImages());
    assertEquals(40, r.trainImages());
    assertEquals(3, r.epochs().size());
    assertEquals(3, r.bestEpoch());
    assertFalse(r.stoppedEarly());
    assertTrue(Double.isNaN(r.epochs().get(0).validationAccuracy()));
    assertEquals(15, r.steps(), "5 batches of 8 per epoch");
  }

  @Test
  void maxStepsEndsTrainingMidEpochAndProgressCountsSteps() {
    Dataset data = Bars.dataset(10, 12, 1, 61);
    ClassifierConfig cfg = ClassifierConfig.builder(12, 12, 1, 4).convWidths(4).featureDim(8).batchSize(4)
        .maxSteps(11).validationFraction(0).device(Device.CPU).build();
    long[] advanced = {0};
    long[] total = {0};
    boolean[] closed = {false};
    Progress progress = (name, steps, unit) -> {
      total[0] = steps;
      return new Progress.Task() {
        @Override
        public void advance(long n) {
          advanced[0] += n;
        }

        @Override
        public void status(String text) {
        }

        @Override
        public void close() {
          closed[0] = true;
        }
      };
    };
    TrainingReport r = CnnClassifier.train(data, cfg, progress, null).report().orElseThrow();
    assertEquals(11, r.steps());
    assertEquals(2, r.epochs().size(), "10 steps in epoch 1, 1 in epoch 2");
    assertEquals(44, r.imagesSeen());
    assertEquals(11, total[0]);
    assertEquals(11, advanced[0]);
    assertTrue(closed[0]);
  }

  @Test
  void nativeArraysStayConstantFromEpochToEpoch() {
    Dataset data = Bars.dataset(20, 12, 1, 71);
    ClassifierConfig cfg = ClassifierConfig.builder(12, 12, 1, 4).convWidths(4, 8).featureDim(8).batchSize(8)
        .maxEpochs(6).patience(100).device(Device.CPU).build();
    List<TrainingReport.Epoch> epochs = CnnClassifier.train(data, cfg, null, null).report().orElseThrow().epochs();
    assertEquals(6, epochs.size());
    for (TrainingReport.Epoch e : epochs) {
      // 18 steps per epoch: a leak of even one array a step would show as 18 more per epoch.
      assertEquals(epochs.get(0).engineArrays(), e.engineArrays(), "epoch " + e.epoch());
    }
  }

  @Test
  void channelStatisticsNormalizeEachChannel() {
    Dataset data = Bars.dataset(5, 8, 3, 81);
    float[][] stats = CnnClassifier.channelStats(data, 3);
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double sq = 0;
      long n = 0;
      for (Sample s : data.samples()) {
        float[] px = s.image().pixels();
        for (int i = c; i < px.length; i += 3) {
          sum += px[i];
          sq += (double) px[i] * px[i];
          n++;
        }
      }
      double mean = sum / n;
      assertEquals(mean, stats[0][c], 1e-6);
      assertEquals(1 / Math.sqrt(sq / n - mean * mean), stats[1][c], 1e-3);
    }
  }
}
