package io.synthaug.core.experiment;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.ParamException;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.SpecException;
import io.synthaug.core.WarningLines;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.ml.ClassifierConfig;
import io.synthaug.core.ml.CnnClassifier;
import io.synthaug.core.ml.TrainedClassifier;
import io.synthaug.core.ml.TrainingReport;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.report.PipelineSections;
import io.synthaug.core.run.InputLoader;
import io.synthaug.core.run.OutputStaging;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.run.StagesResult;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import io.synthaug.core.spec.ExperimentReader;
import io.synthaug.core.spec.ExperimentSpec;
import io.synthaug.core.spec.InputSpec;
import io.synthaug.core.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs an experiment: for each seed, the pipeline once in memory, then one classifier per arm
 * and per sweep point, each tested on the held-out test set; then the statistics, the results
 * files and the report, written through a staging folder like {@code runner run}.
 *
 * <p>What is fixed within one seed, so that the arms differ only in their training images: the
 * pipeline's output (its run seed is the experiment seed), the real images held out for early
 * stopping (a class-stratified share of the real training images, never test images), and the
 * classifier's seed (initial weights, batch order, dropout). Every classifier gets the same
 * optimizer-step budget, so an arm with nine times the images does not cost nine times as much
 * and is not favoured by more updates.
 */
public final class ExperimentRunner {

  private static final long VALIDATION_KEY = 101;
  private static final long CLASSIFIER_KEY = 102;
  private static final long RATIO_KEY = 103;

  private final PluginHost plugins;
  private final RunLog log;
  private final Progress progress;

  /** A runner using the stages of {@code plugins}. */
  public ExperimentRunner(PluginHost plugins, RunLog log, Progress progress) {
    this.plugins = plugins;
    this.log = log;
    this.progress = progress;
  }

  /**
   * How an experiment is run beyond what its file says.
   *
   * @param outputOverride a results folder replacing the file's, or null
   * @param force replace an existing results folder
   * @param deviceOverride a device replacing the pipeline's, or null
   * @param threadsOverride a thread count replacing the pipeline's, or null
   */
  public record Options(String outputOverride, boolean force, Device deviceOverride, Integer threadsOverride) {
  }

  /** The results folder of {@code experiment} under {@code options}. */
  public static Path outputOf(BoundExperiment experiment, Options options) {
    if (options.outputOverride() != null) {
      return Path.of(options.outputOverride()).toAbsolutePath().normalize();
    }
    if (experiment.spec().output() == null) {
      throw new SpecException(experiment.name(), "$.output", -1, -1,
          "missing required field 'output' (give output.path in the experiment file, or -o)");
    }
    return experiment.resolve(experiment.spec().output().path()).toAbsolutePath();
  }

  /**
   * What an experiment read and checked before any stage runs.
   *
   * @param output the results folder, or null when {@link #checkInputs} had none to check
   * @param pool the pipeline's real input: the images every seed trains on or, with
   *     {@code resample}, those each seed draws its {@code perClass} images from
   * @param test the held-out test set
   * @param device the device asked for
   * @param threads the worker threads of per-image stages
   * @param shared test images with the very pixels of an image of {@code pool}: a few at most
   */
  public record Checked(Path output, Dataset pool, Dataset test, Device device, int threads, int shared) {
  }

  /**
   * Everything a run checks before its first stage, without running or writing anything: that the
   * results folder keeps clear of what the experiment reads; reading the pipeline's input and the
   * test set, that they share classes and image shape, that the test set is held out from the
   * input (by pixels), that the classifier fits the images, that each class has enough real images
   * for the validation share and that the stages' params suit the input's classes; last, the
   * output folder, as the run would treat it under {@code options}. What {@code runner experiment
   * --check} reports.
   *
   * @throws SpecException naming the experiment file and JSON path of a setting the data rules out
   * @throws io.synthaug.api.InputException when the data cannot be read or a class is too small
   *     for a {@code perClass}
   * @throws io.synthaug.core.run.OutputExistsException when the run would refuse the output folder
   */
  public Checked check(BoundExperiment experiment, Options options) {
    Path out = outputOf(experiment, options);
    Checked checked = checkInputs(experiment, options);
    OutputStaging.checkReplaceable(out, options.force());
    return checked;
  }

  /**
   * {@link #check} but for the output folder's existence: that its results folder keeps clear of
   * what it reads, then the data. What {@code runner validate} checks, which has no {@code --force}
   * to go by and only notes an existing folder. Without an output path (neither the file's nor
   * {@code options}'), the output is null and only the data is checked.
   */
  public Checked checkInputs(BoundExperiment experiment, Options options) {
    Path out = experiment.spec().output() == null && options.outputOverride() == null ? null
        : outputOf(experiment, options);
    if (out != null) {
      checkClash(experiment, options, new OutputStaging(out, log));
    }
    return checkData(experiment, options, out);
  }

  /** Runs the experiment and writes its results folder. */
  public ExperimentResult run(BoundExperiment experiment, Options options) {
    long started = System.nanoTime();
    Path out = outputOf(experiment, options);
    OutputStaging staging = new OutputStaging(out, log);
    checkClash(experiment, options, staging);
    staging.recoverStale().forEach(log::info);
    staging.checkOutput(options.force(), false);
    Checked checked = checkData(experiment, options, out);
    Dataset test = checked.test();
    PipelineRunner pipelines = new PipelineRunner(plugins, log, progress);

    staging.create();
    boolean ok = false;
    try {
      List<SeedOutcome> outcomes = new ArrayList<>();
      int i = 0;
      for (long seed : experiment.seeds()) {
        i++;
        log.info(String.format(Locale.ROOT, "seed %d (%d of %d): running the pipeline", seed, i,
            experiment.seeds().size()));
        Dataset input = realInput(experiment, checked.pool(), seed);
        Path seedDir = staging.staging().resolve("seeds").resolve(Long.toString(seed));
        StagesResult produced = pipelines.runStages(experiment.pipeline(), input, seed, checked.device(),
            checked.threads(), seedDir.resolve("artifacts"));
        if (i == 1) {
          unusedImages(experiment, produced.dataset()).forEach((stage, count) -> log.warn(String.format(Locale.ROOT,
              "stage '%s' made %,d images that no arm%s trains on; it still runs for every seed, since a later"
                  + " stage may read its images. If none does, remove it from the pipeline to save its time",
              stage, count, experiment.ratios() == null ? "" : " or ratio sweep")));
        }
        outcomes.add(runSeed(experiment, seed, input, test, produced, checked.device()));
      }
      ExperimentResult result = ExperimentResult.of(experiment, out, test.size(), outcomes);
      result.trainingWarnings().forEach(log::warn);
      ResultsWriter.write(staging.staging(), experiment, result, RunFacts.of(experiment, checked));
      ExperimentReport.write(staging.staging().resolve("report.html"), experiment, result, outcomes,
          staging.staging().resolve("seeds"));
      staging.commit();
      ok = true;
      log.info(String.format(Locale.ROOT, "wrote the results to %s in %.1f s", out,
          (System.nanoTime() - started) / 1e9));
      return result;
    } finally {
      if (!ok) {
        staging.abort();
      }
    }
  }

  private static void checkClash(BoundExperiment experiment, Options options, OutputStaging staging) {
    String clash = staging.clash(readPaths(experiment));
    if (clash != null) {
      throw new SpecException(experiment.name(), options.outputOverride() != null ? "--out" : "$.output.path", -1, -1,
          clash);
    }
  }

  /** Reads the pipeline's input and the test set and checks them against each other and the settings. */
  private Checked checkData(BoundExperiment experiment, Options options, Path out) {
    BoundPipeline pipeline = experiment.pipeline();
    Device device = PipelineRunner.deviceOf(pipeline, options.deviceOverride());
    int threads = PipelineRunner.threadsOf(pipeline, options.threadsOverride());
    InputSpec in = pipeline.spec().input();
    Dataset pool = InputLoader.load(experiment.resample() ? in.whole() : in, pipeline.specName(), "$.input",
        pipeline::resolve, log).dataset();
    new PipelineRunner(plugins, log, progress).logInput(pool);
    Dataset test = InputLoader.load(experiment.spec().test(), experiment.name(), "$.test", experiment::resolve, log)
        .dataset();
    checkTest(experiment, pool, test);
    int shared = checkHeldOut(experiment, pool, test);
    // with resample every seed draws perClass images of each class: the same counts as the first seed's
    Dataset input = realInput(experiment, pool, experiment.seeds().get(0));
    if (experiment.resample()) {
      log.info(String.format(Locale.ROOT, "resample: each seed draws its own %d images a class from these %,d",
          in.perClass(), pool.size()));
    }
    checkClassifier(experiment, input, device);
    checkValidation(experiment, input);
    new SpecReader(plugins).checkAgainstInput(pipeline, input);
    log.info(String.format(Locale.ROOT, "test: %,d held-out images%s", test.size(), shared == 0
        ? ", none with the pixels of an input image" : String.format(Locale.ROOT,
            ", %d of them with the pixels of an input image (see the warning above)", shared)));
    return new Checked(out, pool, test, device, threads, shared);
  }

  /**
   * The real images a seed's pipeline reads: the input as loaded or, with {@code resample}, the
   * input's {@code perClass} images of each class drawn afresh for the seed (with the input's
   * {@code subsetSeed} and the experiment seed), so that the comparison also covers which images
   * were drawn.
   */
  static Dataset realInput(BoundExperiment experiment, Dataset pool, long seed) {
    if (!experiment.resample()) {
      return pool;
    }
    InputSpec in = experiment.pipeline().spec().input();
    long subsetSeed = in.subsetSeed() == null ? 0L : in.subsetSeed();
    return Subsets.perClass(pool, in.perClass(), Seeds.derive(subsetSeed, seed), "pipeline input",
        "$.input.perClass in " + experiment.pipeline().specName());
  }

  /**
   * The largest share of the test set that may have the pixels of an input image: real datasets
   * hold a few exact duplicates (a blank scan, the same digit collected twice), which a user
   * cannot be asked to hunt down, but more means the test set is not held out.
   */
  static final double MAX_SHARED_SHARE = 0.01;

  /**
   * Compares the test set with the pipeline's input by content (shape and pixels, whatever the
   * format or file names): more than {@link #MAX_SHARED_SHARE} of the test images in the input is
   * an error at {@code $.test}, a few a warning with their count. Test images never reach a stage
   * otherwise: the stages read the pipeline's input only.
   *
   * @return the test images found in the input
   */
  private int checkHeldOut(BoundExperiment experiment, Dataset pool, Dataset test) {
    int shared = ImageDigests.shared(pool, test);
    String what = experiment.resample() ? "the images of the pipeline's input that the seeds draw from"
        : "the pipeline's input";
    if (shared > MAX_SHARED_SHARE * test.size()) {
      throw experiment.errors().at(String.format(Locale.ROOT, "%,d of the %,d test images (%.1f %%) have the very"
          + " pixels of an image of %s, so the test would measure accuracy on images the stages and the classifiers"
          + " train on; test on held-out images (for MNIST, split \"test\"). At most %.0f %% may coincide, as exact"
          + " duplicates in a dataset do", shared, test.size(), 100.0 * shared / test.size(), what,
          100 * MAX_SHARED_SHARE), "test");
    }
    if (shared > 0) {
      log.warn(String.format(Locale.ROOT, "%d of the %,d test images have the very pixels of an image of %s (exact"
          + " duplicates in the data); they stay in the test set", shared, test.size(), what));
    }
    return shared;
  }

  /**
   * What an experiment reads, which its results folder must keep clear of: the experiment file
   * and its folder (results may lie inside it), and everything its pipeline and its test set read.
   */
  static List<OutputStaging.Kept> readPaths(BoundExperiment experiment) {
    List<OutputStaging.Kept> kept = new ArrayList<>();
    kept.add(new OutputStaging.Kept("the experiment's folder", experiment.baseDir(), true));
    kept.add(new OutputStaging.Kept("the experiment file", experiment.file(), false));
    kept.addAll(PipelineRunner.readPaths(experiment.pipeline()));
    kept.addAll(InputLoader.paths(experiment.spec().test(), "$.test", experiment::resolve));
    return kept;
  }

  /**
   * Builds the classifier configuration once before any stage runs: it depends only on the input,
   * so a setting that cannot work with it fails now, not after the first seed's pipeline.
   */
  private static void checkClassifier(BoundExperiment experiment, Dataset input, Device device) {
    Image first = input.samples().get(0).image();
    try {
      experiment.classifier().toConfig(first.height(), first.width(), first.channels(), input.classCount(), 0L, device);
    } catch (ParamException e) {
      String at = e.field();
      String problem = e.problem();
      switch (e.field()) {
        case "height", "width" -> {
          int stages = experiment.classifier().convWidths().size();
          at = "convWidths";
          problem = "lists " + stages + " convolution stage(s), each halving the image, so images need at least "
              + (1 << stages) + " pixels a side (at most 4096), but the pipeline's input images are " + first.shape()
              + " (height x width x channels); use fewer stages or larger images";
        }
        case "classes" -> problem = "a classifier needs at least 2 classes but the pipeline's input has "
            + input.classCount() + " " + input.classNames() + "; experiments compare classifiers, so use an input"
            + " with two or more classes";
        case "channels" -> problem = "the classifier reads 1 (grayscale) or 3 (RGB) channels but the pipeline's input"
            + " images are " + first.shape();
        default -> {
        }
      }
      // classes and channels are the input's, no classifier setting: the error points at $.classifier
      throw e.field().equals("classes") || e.field().equals("channels")
          ? experiment.errors().at(problem, "classifier") : experiment.errors().at(problem, "classifier", at);
    }
  }

  /**
   * The image count of each stage, in pipeline order, whose own images join no arm and no ratio
   * sweep: work an experiment pays for in every seed without training on it. Such a stage may
   * still matter (a later stage can read its images), so this only informs.
   */
  static Map<String, Integer> unusedImages(BoundExperiment experiment, Dataset produced) {
    Set<String> used = new HashSet<>();
    experiment.arms().values().forEach(used::addAll);
    if (experiment.ratios() != null) {
      used.add(experiment.ratios().stage());
    }
    Map<String, Integer> made = new HashMap<>();
    for (Sample s : produced.samples()) {
      if (!s.origin().isReal()) {
        made.merge(s.origin().stage(), 1, Integer::sum);
      }
    }
    Map<String, Integer> unused = new LinkedHashMap<>();
    for (BoundStage stage : experiment.pipeline().stages()) {
      Integer count = made.get(stage.id());
      if (count != null && !used.contains(stage.id())) {
        unused.put(stage.id(), count);
      }
    }
    return unused;
  }

  /** The test set must speak the training set's language: same classes in the same order, same image shape. */
  private static void checkTest(BoundExperiment experiment, Dataset input, Dataset test) {
    if (!test.classNames().equals(input.classNames())) {
      throw experiment.errors().at("the test input has classes " + test.classNames() + " but the pipeline's input"
          + " has " + input.classNames() + "; a label must mean the same class in both, so test on data with the"
          + " training input's classes", "test");
    }
    Image first = input.samples().get(0).image();
    for (Sample s : test.samples()) {
      if (!s.image().sameShape(first)) {
        throw experiment.errors().at("the test input holds " + s.image().shape() + " images but the pipeline's"
            + " input is " + first.shape() + "; use test images of the training shape", "test");
      }
    }
  }

  /**
   * What one seed produced.
   *
   * @param seed the seed
   * @param preview a few images of each class from each source, for the report
   * @param bySource the pipeline's output image count by source
   * @param pipelineMetrics the figures the pipeline's stages recorded
   * @param realFit real images trained on
   * @param validation real images held out for early stopping
   * @param byArm each arm's and sweep point's classifier result, in results order
   */
  record SeedOutcome(long seed, Dataset preview, Map<String, Integer> bySource, Map<String, Double> pipelineMetrics,
      int realFit, int validation, Map<String, Trained> byArm) {
  }

  /**
   * One classifier's result.
   *
   * @param trainImages images it trained on
   * @param accuracy its accuracy on the test set
   * @param steps optimizer steps taken
   * @param bestEpoch the epoch whose weights were kept
   * @param epochs passes over the training images: images seen / training images
   * @param stoppedEarly whether early stopping ended the training
   */
  record Trained(int trainImages, double accuracy, long steps, int bestEpoch, double epochs, boolean stoppedEarly) {
  }

  private SeedOutcome runSeed(BoundExperiment experiment, long seed, Dataset input, Dataset test,
      StagesResult produced, Device device) {
    double fraction = experiment.classifier().validationFraction();
    Dataset[] split = Subsets.split(input, 1 - fraction, Seeds.derive(seed, VALIDATION_KEY));
    Dataset realFit = split[0];
    Dataset validation = split[1];
    Set<String> heldOut = TrainingSets.files(validation);
    List<String> stageIds = experiment.pipeline().stages().stream().map(BoundStage::id).toList();
    Dataset data = produced.dataset();

    // Check every sweep point before training anything: a shortfall found after an hour is cruel.
    Map<String, Dataset> ratioSets = ratioSets(experiment, seed, realFit, data, heldOut);

    Image first = input.samples().get(0).image();
    ClassifierConfig config = experiment.classifier().toConfig(first.height(), first.width(), first.channels(),
        input.classCount(), Seeds.derive(seed, CLASSIFIER_KEY), device);
    // Arms and sweep points with the very same training images (ratio 0 and the real arm, the
    // largest ratio and an arm taking every image of the sweep stage) train once.
    Map<String, Trained> byFingerprint = new HashMap<>();
    Map<String, String> firstByFingerprint = new HashMap<>();
    Map<String, Trained> byArm = new LinkedHashMap<>();
    Map<String, Dataset> plans = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> arm : experiment.arms().entrySet()) {
      plans.put(arm.getKey(), TrainingSets.arm(realFit, data, arm.getValue(), stageIds, heldOut));
    }
    plans.putAll(ratioSets);
    for (Map.Entry<String, Dataset> plan : plans.entrySet()) {
      Dataset train = plan.getValue();
      String fingerprint = TrainingSets.fingerprint(train);
      String same = firstByFingerprint.putIfAbsent(fingerprint, plan.getKey());
      if (same != null) {
        log.info(String.format(Locale.ROOT, "seed %d, arm '%s': same training images as '%s', result reused", seed,
            plan.getKey(), same));
      }
      byArm.put(plan.getKey(), byFingerprint.computeIfAbsent(fingerprint,
          k -> train(plan.getKey(), seed, train, validation, test, config)));
    }
    Map<String, Integer> bySource = new java.util.TreeMap<>();
    for (Sample s : data.samples()) {
      bySource.merge(s.origin().stage(), 1, Integer::sum);
    }
    return new SeedOutcome(seed, PipelineSections.preview(data), bySource, produced.metrics(), realFit.size(),
        validation.size(), byArm);
  }

  /**
   * Checks, before any stage runs, that every class of the real input keeps images both for
   * training and for the early-stopping hold-out: the sizes of the split depend only on the class
   * counts, so what {@link Subsets#split} would make for any seed is known now.
   */
  private static void checkValidation(BoundExperiment experiment, Dataset input) {
    double fraction = experiment.classifier().validationFraction();
    int[] all = input.countByClass();
    for (int c = 0; c < all.length; c++) {
      long fit = CnnClassifier.keptForTraining(all[c], fraction);
      if (all[c] > 0 && (fit == all[c] || fit == 0)) {
        throw experiment.errors().at(String.format(Locale.ROOT, "class '%s' of the pipeline's input has %d real"
            + " image(s): a validationFraction of %s holds out %d of them for early stopping and leaves %d for"
            + " training, but each needs at least one; %s", input.classNames().get(c), all[c], fraction,
            all[c] - fit, fit, all[c] < 2 ? "use at least 2 images of every class"
                : String.format(Locale.ROOT, "raise validationFraction above %.3g (0.5 / %d) or use more images of"
                    + " that class", 0.5 / all[c], all[c])), "classifier", "validationFraction");
      }
    }
  }

  private Map<String, Dataset> ratioSets(BoundExperiment experiment, long seed, Dataset realFit, Dataset data,
      Set<String> heldOut) {
    Map<String, Dataset> sets = new LinkedHashMap<>();
    ExperimentSpec.RatioSweep sweep = experiment.ratios();
    if (sweep == null) {
      return sets;
    }
    List<String> stageIds = experiment.pipeline().stages().stream().map(BoundStage::id).toList();
    Dataset candidates = TrainingSets.madeBy(data, sweep.stage(), stageIds, heldOut);
    int[] real = realFit.countByClass();
    for (int i = 0; i < sweep.values().size(); i++) {
      double r = sweep.values().get(i);
      long[] counts = TrainingSets.ratioCounts(r, real);
      int c = TrainingSets.shortfall(candidates, counts);
      if (c >= 0) {
        throw new SpecException(experiment.name(), "$.ratios.values[" + i + "]", -1, -1, String.format(Locale.ROOT,
            "ratio %s needs %d images of class '%s' from stage '%s' (%s x %d real training images) but the pipeline"
                + " made %d usable ones with seed %d; make that stage produce at least %d images per class or drop"
                + " this ratio", ExperimentReader.formatRatio(r), counts[c], data.classNames().get(c), sweep.stage(),
            ExperimentReader.formatRatio(r), real[c], candidates.countByClass()[c], seed, max(counts)));
      }
      sets.put(ExperimentReader.ratioArmName(sweep.stage(), r),
          TrainingSets.ratio(realFit, candidates, counts, Seeds.derive(seed, RATIO_KEY)));
    }
    return sets;
  }

  private static long max(long[] v) {
    long m = 0;
    for (long x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private Trained train(String arm, long seed, Dataset train, Dataset validation, Dataset test,
      ClassifierConfig config) {
    long t0 = System.nanoTime();
    TrainedClassifier classifier = CnnClassifier.train(train, validation, config, progress,
        WarningLines.route(log::debug, log::warn));
    double accuracy = classifier.accuracy(test);
    TrainingReport report = classifier.report().orElseThrow();
    log.info(String.format(Locale.ROOT,
        "seed %d, arm %s: %,d training images, %d steps (best epoch %d%s), test accuracy %.2f %% in %.1f s", seed,
        arm, train.size(), report.steps(), report.bestEpoch(), report.stoppedEarly() ? ", stopped early" : "",
        100 * accuracy, (System.nanoTime() - t0) / 1e9));
    return new Trained(train.size(), accuracy, report.steps(), report.bestEpoch(),
        (double) report.imagesSeen() / report.trainImages(), report.stoppedEarly());
  }
}
