package io.synthaug.plugins.gan;

import ai.djl.engine.Engine;
import io.synthaug.api.Dataset;
import io.synthaug.api.DatasetStage;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.ParamException;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.gan.DiffAugmentPolicy;
import io.synthaug.core.Hashes;
import io.synthaug.core.WarningLines;
import io.synthaug.core.ml.ClassifierConfig;
import io.synthaug.core.ml.CnnClassifier;
import io.synthaug.core.ml.LabelAgreement;
import io.synthaug.core.ml.LabelPredictor;
import io.synthaug.core.ml.TrainedClassifier;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.ort.OrtGeneratorSampler;
import io.synthaug.core.report.ImageGrid;
import io.synthaug.core.report.LineChart;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.sample.SampleAmount;
import io.synthaug.core.sample.SyntheticSampler;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns a class-conditional GAN from the dataset, exports its generator to ONNX, and adds
 * images sampled with ONNX Runtime. Artifacts: {@code generator.onnx}, {@code losses.csv},
 * {@code losses.png}, sample grids, {@code quality.json}.
 */
final class GanStage implements DatasetStage {

  private static final int GRID_PER_CLASS = 10;

  private final GanParams params;

  GanStage(GanParams params) {
    this.params = params;
  }

  @Override
  public Dataset apply(Dataset in, StageContext ctx) {
    Dataset train = params.trainOn() == GanParams.TrainOn.REAL ? in.real() : in;
    // what the quality checks compare against, whatever the GAN learns from
    Dataset real = train.real();
    check(in, train);
    int[] counts = counts(in, ctx);
    checkJudge(real, counts);
    Image first = train.samples().get(0).image();
    GanTrainingConfig config;
    try {
      config = params.trainingConfig(first.height(), first.channels(), in.classCount(), Seeds.derive(ctx.seed(), 0));
    } catch (ParamException e) {
      // check() refuses the data the networks cannot take, so this is a setting that does not fit these data
      throw new StageException("the training settings do not fit these data (" + first.shape() + " images, "
          + in.classCount() + " classes): " + e.getMessage(), e);
    }
    GanData data = GanData.fromDataset(train);
    ai.djl.Device device = DjlGanTrainer.device(ctx.device(), ctx.log());
    ctx.usedDevice("training", device.isGpu() ? io.synthaug.api.Device.GPU : io.synthaug.api.Device.CPU);
    Path artifacts = ctx.artifactDir();
    Path checkpoint = ctx.checkpointDir().resolve("training.ckpt");
    Path onnx = artifacts.resolve("generator.onnx");
    List<StepLosses> losses;
    List<DiffAugmentPolicy> available = ctx.extensions().all(DiffAugmentPolicy.class);
    if (config.augment().enabled()) {
      ctx.log().info("DiffAugment '" + config.augment().policies() + "' on real and fake images in both updates"
          + (config.augment().adaptive() ? String.format(Locale.ROOT, ", adaptive (target %.2f, p moves 0 -> 1 over %d"
          + " images)", config.augment().target(), config.augment().adjustImages()) : ", always"));
    }
    try (DjlGanTrainer trainer = open(config, data, device, checkpoint, ctx, available)) {
      ctx.log().info(trainer.engineCheck().summary());
      train(trainer, config, checkpoint, artifacts, ctx);
      losses = trainer.losses();
      GeneratorOnnxExporter.export(config.architecture(), trainer.generatorWeights(),
          provenance(config, data, in, train.size()), onnx);
    } catch (GanDivergedException e) {
      throw diverged(e, config, ctx);
    }
    writeLosses(losses, config.augment(), artifacts);
    if (config.augment().adaptive() && !losses.isEmpty()) {
      StepLosses last = losses.get(losses.size() - 1);
      ctx.metric("gan.augmentP.final", last.augmentP());
      ctx.log().info(String.format(Locale.ROOT, "adaptive DiffAugment ended at p %.3f (overfitting signal %.2f, target"
          + " %.2f)", last.augmentP(), last.realSign(), config.augment().target()));
    }
    List<Sample> synthetic = sample(counts, onnx, ctx);
    grids(real, synthetic, in.classCount(), artifacts);
    quality(real, synthetic, in, ctx, artifacts);
    ctx.log().info(String.format(Locale.ROOT, "added %d synthetic images from %s (%s, %d steps)", synthetic.size(),
        onnx.getFileName(), Json.enumName(config.family()), config.steps()));
    return in.plus(synthetic);
  }

  private void check(Dataset in, Dataset train) {
    if (in.classCount() < 2) {
      throw new StageException("a class-conditional GAN needs at least 2 classes, but the dataset has only "
          + in.classNames() + "; use an unconditional source of images, or add classes");
    }
    if (in.classCount() > GanArchitecture.MAX_CLASSES) {
      throw new StageException("the GAN is conditioned on at most " + GanArchitecture.MAX_CLASSES + " classes, but the"
          + " dataset has " + in.classCount() + "; merge classes, or split them over several runs");
    }
    checkEveryClassHasImages(in, train);
    int batch = params.trainingConfig(28, 1, 2, 0).batchSize();
    if (train.size() < batch) {
      throw new StageException("the GAN learns from " + train.size() + " images, fewer than one batch of "
          + batch + "; set a smaller batchSize or add images");
    }
    Image first = train.samples().get(0).image();
    boolean supported = false;
    for (int s : GanArchitecture.SUPPORTED_SIZES) {
      supported |= first.height() == s && first.width() == s;
    }
    if (!supported) {
      throw new StageException("the generator makes 28x28 or 32x32 images, but the images are " + first.shape()
          + "; resize them to 28x28 or 32x32 first");
    }
  }

  /**
   * Refuses, before training, real data the label-agreement judge could not train on after it:
   * the judge holds out {@link ClassifierConfig#DEFAULT_VALIDATION_FRACTION} of each class for
   * early stopping, which a class of fewer than {@link CnnClassifier#minimumPerClass} real
   * images cannot give. The judge runs only when {@code judgeEpochs} is above 0 and there are
   * samples to judge.
   */
  private void checkJudge(Dataset real, int[] counts) {
    String problem = judgeProblem(params.judgeEpochs(), real.classNames(), real.countByClass(),
        SyntheticSampler.total(counts));
    if (problem != null) {
      throw new StageException(problem);
    }
  }

  /**
   * Why the label-agreement judge cannot train on these real images, or null when it can (or is
   * not trained: {@code judgeEpochs} 0, or no synthetic image to judge). It holds out a share of
   * each class for early stopping, so every class with real images needs a few.
   */
  static String judgeProblem(int judgeEpochs, List<String> classNames, int[] realCounts, long synthetic) {
    if (judgeEpochs == 0 || synthetic == 0) {
      return null;
    }
    double fraction = ClassifierConfig.DEFAULT_VALIDATION_FRACTION;
    int minimum = CnnClassifier.minimumPerClass(fraction);
    List<String> few = new ArrayList<>();
    for (int c = 0; c < realCounts.length; c++) {
      if (realCounts[c] > 0 && realCounts[c] < minimum) {
        few.add("'" + classNames.get(c) + "' (" + realCounts[c] + ")");
      }
    }
    if (few.isEmpty()) {
      return null;
    }
    return "the label-agreement judge (judgeEpochs " + judgeEpochs + ") holds out " + fraction + " of each class's"
        + " real images for early stopping and needs at least " + minimum + " real images a class, but "
        + (few.size() == 1 ? "class " : "classes ") + String.join(", ", few) + " " + (few.size() == 1 ? "has" : "have")
        + " fewer; set judgeEpochs to 0 to skip the judge, or give every class at least " + minimum + " real images";
  }

  /**
   * The stage's account of a diverged training, and its checkpoint removed: resuming it with the
   * same settings would diverge again at the same step, and with other settings a resume is
   * refused, so all it could do is stand in the way of the rerun the message asks for.
   */
  private GanDivergedException diverged(GanDivergedException e, GanTrainingConfig config, StageContext ctx) {
    Path folder = ctx.checkpointDir();
    String removed;
    try {
      io.synthaug.core.run.OutputStaging.deleteTree(folder);
      removed = "its checkpoint was removed, since resuming it with these settings would diverge again";
    } catch (IOException | UncheckedIOException failed) {
      removed = "its checkpoint in " + folder + " could not be removed (" + failed.getMessage() + "): delete that"
          + " folder, since resuming it with these settings would diverge again";
    }
    return new GanDivergedException(e, removed + ". Lower generatorLr (now "
        + GanTrainingConfig.plain(config.generatorLr()) + ") and discriminatorLr (now "
        + GanTrainingConfig.plain(config.discriminatorLr()) + ")"
        + (config.family() == GanFamily.CGAN ? ", or try \"family\": \"wgan-gp\"," : "")
        + " and run again: this stage then trains from its first step");
  }

  /**
   * Refuses classes the GAN has no images of: their samples would come from a class embedding
   * that training never touched (or, with a ratio, there would silently be none).
   */
  private void checkEveryClassHasImages(Dataset in, Dataset train) {
    int[] trainCounts = train.countByClass();
    int[] allCounts = in.countByClass();
    List<String> empty = new ArrayList<>();
    boolean allHaveMadeImages = true;
    for (int c = 0; c < trainCounts.length; c++) {
      if (trainCounts[c] == 0) {
        empty.add("'" + in.classNames().get(c) + "'");
        allHaveMadeImages &= allCounts[c] > 0;
      }
    }
    if (empty.isEmpty()) {
      return;
    }
    boolean realOnly = params.trainOn() == GanParams.TrainOn.REAL;
    String what = (empty.size() == 1 ? "class " : "classes ") + String.join(", ", empty);
    StringBuilder m = new StringBuilder("the GAN has no ").append(realOnly ? "real " : "")
        .append("images of ").append(what).append(" to learn from (their images were removed by an earlier stage, or"
            + " the input has none), so it cannot make images of ").append(empty.size() == 1 ? "it" : "them")
        .append("; keep some of their ").append(realOnly ? "real " : "").append("images in the earlier stages");
    if (realOnly && allHaveMadeImages) {
      m.append(", or set trainOn to \"all\" to learn from the images the earlier stages made of ")
          .append(empty.size() == 1 ? "it" : "them");
    } else {
      m.append(", or remove ").append(empty.size() == 1 ? "that class" : "those classes").append(" from the input");
    }
    throw new StageException(m.toString());
  }

  /**
   * The images to add to each class, worked out before training so that an impossible amount is
   * refused before the work. Says which classes get none.
   */
  private int[] counts(Dataset in, StageContext ctx) {
    SampleAmount amount = params.sample();
    int[] realCounts = in.real().countByClass();
    int[] currentCounts = in.countByClass();
    int[] counts = amount.counts(realCounts, currentCounts);
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        ctx.log().info("class '" + in.classNames().get(c) + "' gets no synthetic images: "
            + amount.whyNone(realCounts[c], currentCounts[c]));
      }
    }
    long total = SyntheticSampler.total(counts);
    if (total > SyntheticSampler.MAX_IMAGES - (long) in.size()) {
      throw new StageException("sample (" + amount.describe() + ") asks for " + total + " synthetic images over "
          + counts.length + " classes; with the " + in.size() + " images the dataset holds already that is more than"
          + " one list can hold (" + SyntheticSampler.MAX_IMAGES + " images); lower sample." + amount.field());
    }
    return counts;
  }

  private static DjlGanTrainer open(GanTrainingConfig config, GanData data, ai.djl.Device device, Path checkpoint,
      StageContext ctx, List<DiffAugmentPolicy> available) {
    if (!ctx.resume() || !Files.isRegularFile(checkpoint)) {
      return DjlGanTrainer.create(config, data, device, available);
    }
    DjlGanTrainer trainer;
    try {
      trainer = DjlGanTrainer.resume(checkpoint, data, device, available);
    } catch (InputException e) {
      // a run without --resume is refused while the checkpoints folder exists, so that is what to delete
      throw new InputException(e.file(), e.problem() + "; to start afresh, delete " + ctx.checkpointDir().getParent()
          + ": a run without --resume is refused while that folder exists", e);
    }
    if (!trainer.config().equals(config)) {
      List<String> changes = trainer.config().changesTo(config);
      trainer.close();
      throw new StageException("cannot resume: the training settings changed since the checkpoint in " + checkpoint
          + ": " + (changes.isEmpty() ? "a setting differs" : String.join("; ", changes)) + "; restore the spec, or"
          + " delete " + checkpoint.getParent().getParent() + " to start over with the new settings");
    }
    ctx.log().info("resuming training at step " + trainer.stepsDone() + " of " + config.steps());
    ctx.record("resumedFromStep", Integer.toString(trainer.stepsDone()));
    if (!trainer.resumedElsewhere().isEmpty()) {
      String warning = "resuming a checkpoint made elsewhere (" + checkpoint + "): " + String.join("; ",
          trainer.resumedElsewhere()) + "; training goes on, but the generator and its samples will not be the"
          + " bytes an uninterrupted run would have made";
      ctx.log().warn(warning);
      ctx.record("resumeWarning", warning);
    }
    return trainer;
  }

  private void train(DjlGanTrainer trainer, GanTrainingConfig config, Path checkpoint, Path artifacts,
      StageContext ctx) {
    GanArchitecture arch = config.architecture();
    int[] gridLabels = new int[arch.classes() * GRID_PER_CLASS];
    float[] gridNoise = new float[gridLabels.length * arch.zDim()];
    for (int i = 0; i < gridLabels.length; i++) {
      gridLabels[i] = i / GRID_PER_CLASS;
      SyntheticSampler.gaussian(Seeds.derive(ctx.seed(), 2, i), gridNoise, i * arch.zDim(), arch.zDim());
    }
    try (Progress.Task task = ctx.progress().start("train " + Json.enumName(config.family()), config.steps(), "step")) {
      task.skip(trainer.stepsDone());
      while (trainer.stepsDone() < config.steps()) {
        StepLosses l = trainer.trainStep();
        task.advance(1);
        int step = trainer.stepsDone();
        if (step % 10 == 0 || step == config.steps()) {
          task.status(config.augment().adaptive()
              ? String.format(Locale.ROOT, "D %.3f G %.3f p %.3f r %.2f", l.discriminatorLoss(), l.generatorLoss(),
                  l.augmentP(), l.realSign())
              : String.format(Locale.ROOT, "D %.3f G %.3f", l.discriminatorLoss(), l.generatorLoss()));
        }
        if (step % params.checkpointEvery() == 0 || step == config.steps()) {
          trainer.saveCheckpoint(checkpoint);
        }
        if (params.gridEvery() > 0 && step % params.gridEvery() == 0) {
          float[] nchw = trainer.generate(gridLabels, gridNoise);
          ImageGrid.write(artifacts.resolve(String.format(Locale.ROOT, "grid-step-%07d.png", step)),
              rows(toImages(nchw, gridLabels.length, arch), arch.classes()), 2, 2);
        }
      }
    }
  }

  /** NCHW values in [-1, 1] to images in [0, 1]. */
  private static List<Image> toImages(float[] nchw, int n, GanArchitecture arch) {
    int c = arch.channels();
    int plane = arch.imageSize() * arch.imageSize();
    List<Image> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] px = new float[plane * c];
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < plane; p++) {
          px[p * c + ch] = Math.min(1f, Math.max(0f, (nchw[(i * c + ch) * plane + p] + 1f) / 2f));
        }
      }
      out.add(new Image(arch.imageSize(), arch.imageSize(), c, px));
    }
    return out;
  }

  private static List<List<Image>> rows(List<Image> images, int classes) {
    List<List<Image>> rows = new ArrayList<>();
    int per = images.size() / classes;
    for (int c = 0; c < classes; c++) {
      rows.add(images.subList(c * per, (c + 1) * per));
    }
    return rows;
  }

  private Map<String, String> provenance(GanTrainingConfig config, GanData data, Dataset in, int trainImages) {
    Map<String, String> m = new TreeMap<>();
    try {
      m.put(GeneratorOnnxContract.META_CLASS_NAMES, Json.mapper().writer().withoutFeatures(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(in.classNames()));
      m.put("synthaug.spec", Json.mapper().writer().withoutFeatures(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(params));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    m.put("synthaug.family", Json.enumName(config.family()));
    m.put("synthaug.seed", Long.toString(config.seed()));
    m.put("synthaug.steps", Integer.toString(config.steps()));
    m.put("synthaug.training_images", Integer.toString(trainImages));
    m.put("synthaug.training_data_crc32", Long.toHexString(data.fingerprint()));
    m.put("synthaug.version", PipelineRunner.VERSION);
    m.put("synthaug.djl_version", Engine.getDjlVersion());
    m.put("synthaug.pytorch_version", Engine.getEngine("PyTorch").getVersion());
    return m;
  }

  private static void writeLosses(List<StepLosses> losses, AugmentConfig augment, Path artifacts) {
    StringBuilder csv = new StringBuilder(StepLosses.CSV_HEADER).append('\n');
    double[] x = new double[losses.size()];
    double[] d = new double[losses.size()];
    double[] g = new double[losses.size()];
    double[] p = new double[losses.size()];
    double[] r = new double[losses.size()];
    for (int i = 0; i < losses.size(); i++) {
      StepLosses l = losses.get(i);
      csv.append(l.toCsvRow()).append('\n');
      x[i] = l.step();
      d[i] = l.discriminatorLoss();
      g[i] = l.generatorLoss();
      p[i] = l.augmentP();
      r[i] = l.realSign();
    }
    try {
      Files.writeString(artifacts.resolve("losses.csv"), csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LineChart chart = new LineChart("GAN losses", "step", "loss").series("discriminator", x, d)
        .series("generator", x, g);
    if (augment.adaptive()) {
      chart.series("augment p", x, p).series("D real sign", x, r);
    }
    chart.write(artifacts.resolve("losses.png"), 800, 450);
  }

  private List<Sample> sample(int[] counts, Path onnx, StageContext ctx) {
    Map<String, String> attrs = Map.of("generator", "artifacts/" + ctx.stageId() + "/generator.onnx",
        "generatorSha256", Hashes.sha256(onnx));
    long seed = samplingSeed(ctx.seed());
    ctx.record("samplingSeed", Long.toString(seed));
    try (OrtGeneratorSampler generator = OrtGeneratorSampler.open(onnx, ctx.device(), params.sampleBatch(),
        WarningLines.route(ctx.log()::info, ctx.log()::warn))) {
      ctx.usedDevice("sampling", generator.usingCuda() ? io.synthaug.api.Device.GPU : io.synthaug.api.Device.CPU);
      return SyntheticSampler.sample(generator, counts, seed, ctx.stageId(), attrs, ctx.progress());
    }
  }

  /**
   * The seed the stage's samples derive from (image i of class c from {@code (seed, c, i)}, as
   * {@code runner sample --seed} draws them), recorded as {@code samplingSeed} in run.json.
   */
  static long samplingSeed(long stageSeed) {
    return Seeds.derive(stageSeed, 1);
  }

  private static void grids(Dataset real, List<Sample> synthetic, int classes, Path artifacts) {
    ImageGrid.write(artifacts.resolve("real.png"), byClass(real.samples(), classes), 2, 2);
    if (!synthetic.isEmpty()) {
      ImageGrid.write(artifacts.resolve("samples.png"), byClass(synthetic, classes), 2, 2);
    }
  }

  /** Trains a classifier on the real images to ask it which class each sample shows. */
  private TrainedClassifier judge(Dataset real, StageContext ctx) {
    ClassifierConfig config = ClassifierConfig.forDataset(real).maxEpochs(params.judgeEpochs())
        .seed(Seeds.derive(ctx.seed(), 3)).device(ctx.device()).build();
    return CnnClassifier.train(real, config, ctx.progress(), WarningLines.route(ctx.log()::debug, ctx.log()::warn));
  }

  /**
   * Warns when the samples' agreement is within a tenth of the way from chance to all while the
   * judge gets more than half of the way on the real images: then the samples do not show their
   * classes (with 10 classes: under 19 % while the judge has over 55 %).
   */
  static void warnNearChance(LabelAgreement agreement, LabelPredictor judge, Dataset real, GanFamily family,
      StageContext ctx) {
    double chance = 1.0 / real.classCount();
    if (agreement.overall() >= chance + 0.1 * (1 - chance)) {
      return;
    }
    double onReal = LabelAgreement.measure(judge, real).overall();
    if (onReal > chance + 0.5 * (1 - chance)) {
      ctx.log().warn(String.format(Locale.ROOT, "label agreement %.1f%% is near chance (%.1f%% for %d classes)"
          + " while the judge calls %.1f%% of the real images right: the samples do not show their classes;"
          + " train longer (steps)%s", 100 * agreement.overall(), 100 * chance, real.classCount(), 100 * onReal,
          family == GanFamily.WGAN_GP ? "" : ", or try wgan-gp"));
    }
  }

  private static List<List<Image>> byClass(List<Sample> samples, int classes) {
    List<List<Image>> rows = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      rows.add(new ArrayList<>());
    }
    for (Sample s : samples) {
      List<Image> row = rows.get(s.label());
      if (row.size() < GRID_PER_CLASS) {
        row.add(s.image());
      }
    }
    return rows;
  }

  private void quality(Dataset real, List<Sample> synthetic, Dataset in, StageContext ctx, Path artifacts) {
    if (synthetic.isEmpty()) {
      return;
    }
    CollapseCheck check = CollapseCheck.measure(real.samples(), synthetic, in.classCount());
    var root = Json.mapper().createObjectNode();
    if (params.judgeEpochs() > 0) {
      TrainedClassifier judge = judge(real, ctx);
      LabelAgreement agreement = LabelAgreement.measure(judge, in.withSamples(synthetic));
      var la = root.putObject("labelAgreement").put("overall", agreement.overall())
          .put("judgeEpochs", params.judgeEpochs());
      ctx.metric("labelAgreement.overall", agreement.overall());
      for (int c = 0; c < in.classCount(); c++) {
        la.put(in.classNames().get(c), agreement.perClass()[c]);
        ctx.metric("labelAgreement." + in.classNames().get(c), agreement.perClass()[c]);
      }
      ctx.log().info(String.format(Locale.ROOT, "label agreement %.1f%% (a classifier trained on the %d real images"
          + " calls that share of the samples by their conditioning class)", 100 * agreement.overall(), real.size()));
      warnNearChance(agreement, judge, real, params.family(), ctx);
    }
    var classes = root.putObject("classes");
    for (int c = 0; c < in.classCount(); c++) {
      String name = in.classNames().get(c);
      classes.putObject(name).put("varianceRatio", check.varianceRatio()[c])
          .put("duplicateRate", check.duplicateRate()[c]);
      ctx.metric("collapse.varianceRatio." + name, check.varianceRatio()[c]);
      ctx.metric("collapse.duplicateRate." + name, check.duplicateRate()[c]);
    }
    List<Integer> collapsed = check.collapsedClasses();
    for (int c : collapsed) {
      ctx.log().warn(String.format(Locale.ROOT, "class '%s' looks collapsed: synthetic pixel variance is %.2f of the"
          + " real images' and %.0f%% of its samples have a near twin; train longer, lower the learning rates, or try"
          + " wgan-gp", in.classNames().get(c), check.varianceRatio()[c], 100 * check.duplicateRate()[c]));
    }
    root.put("collapsedClasses", collapsed.size());
    try {
      Files.writeString(artifacts.resolve("quality.json"), Json.mapper().writeValueAsString(root) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
