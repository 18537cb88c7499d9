package io.synthaug.core.ml;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.core.WarningLines;
import io.synthaug.core.data.Subsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the small convolutional classifier described in {@link ClassifierConfig} with DJL's
 * PyTorch engine.
 *
 * <p>Early stopping holds out {@link ClassifierConfig#validationFraction()} of every class of the
 * <em>training</em> dataset ({@link Subsets#split}); a test set never enters this class, so the
 * reported test accuracy of a caller stays honest. The weights of the epoch with the best
 * validation accuracy (ties: lower validation loss) are kept.
 *
 * <p>Determinism: the initial weights, the validation split, the batch order and the dropout
 * masks all come from Java {@link Random} streams derived with {@link Seeds#derive} from
 * {@link ClassifierConfig#seed()}; no operator used draws from the engine's global random state,
 * so the engine is not seeded (seeding it would disturb other models trained in the same
 * process). With the same seed, data, thread count and machine the weights are bit-identical on
 * the CPU; CUDA convolutions may pick non-deterministic kernels.
 *
 * <p>Memory: every step runs on its own sub-manager of the training manager, the gradient
 * handles DJL hands out are moved onto it, and the optimizer's moment estimates live on the
 * training manager ({@link AdamWUpdater}), so native memory stays flat within a run and from run
 * to run; each {@link TrainingReport.Epoch#engineArrays()} records the array count.
 */
public final class CnnClassifier {

  private static final long SPLIT_KEY = 1;
  private static final long INIT_KEY = 2;
  private static final long ORDER_KEY = 3;
  private static final long DROPOUT_KEY = 4;
  /** A floor on a channel's standard deviation, so a constant channel does not blow up. */
  private static final double MIN_STD = 1e-3;
  /** The learning rate decays to this share of its initial value. */
  private static final double FINAL_LR_SHARE = 0.01;
  /** The name of the training dataset in messages. */
  private static final String TRAINING = "training dataset";
  /** The name of a caller's validation dataset in messages. */
  private static final String VALIDATION = "validation dataset";
  /** The fewest training images: one batch needs 2. */
  private static final int MIN_TRAINING_IMAGES = 2;

  private CnnClassifier() {
  }

  /**
   * Trains a classifier on {@code train}.
   *
   * @param train labeled images, all of the configured shape, with {@code config.classes()}
   *     classes
   * @param config architecture and training settings
   * @param progress receives one step per optimizer step; may be null
   * @param log receives one line per epoch and any warning; may be null
   * @return the classifier with the best validation weights and its {@link TrainingReport}
   * @throws InputException when the dataset is empty, has another class count, mixes image
   *     shapes, or has a class too small for the validation split
   */
  public static TrainedClassifier train(Dataset train, ClassifierConfig config, Progress progress,
      Consumer<String> log) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(config, "config");
    Consumer<String> say = log == null ? line -> { } : log;
    checkDataset(train, TRAINING, MIN_TRAINING_IMAGES, config, say);
    Dataset[] parts = splitForValidation(train, config);
    return new Run(config, parts[0], parts[1], progress, say).train(train.classNames());
  }

  /**
   * Trains a classifier on {@code fit} and stops early on a validation set the caller chose, such
   * as real images held out of a training set that is partly synthetic, so that every arm of an
   * experiment stops on the same images. {@link ClassifierConfig#validationFraction()} is not
   * used.
   *
   * @param fit the images trained on
   * @param validation the images early stopping scores, disjoint from {@code fit} and never the
   *     test set
   * @throws InputException as {@link #train(Dataset, ClassifierConfig, Progress, Consumer)}, for
   *     either dataset
   */
  public static TrainedClassifier train(Dataset fit, Dataset validation, ClassifierConfig config, Progress progress,
      Consumer<String> log) {
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(config, "config");
    Consumer<String> say = log == null ? line -> { } : log;
    checkDataset(fit, TRAINING, MIN_TRAINING_IMAGES, config, say);
    if (validation.size() == 0) {
      throw new InputException(VALIDATION, "is empty; early stopping needs labeled images");
    }
    if (!validation.classNames().equals(fit.classNames())) {
      throw new InputException(VALIDATION, "has classes " + validation.classNames()
          + " but the training dataset has " + fit.classNames());
    }
    checkDataset(validation, VALIDATION, 1, config, line -> { });
    return new Run(config, fit, validation, progress, say).train(fit.classNames());
  }

  /**
   * The training part and the validation part ({@code null} when
   * {@link ClassifierConfig#validationFraction()} is 0) that {@link #train} uses.
   */
  static Dataset[] splitForValidation(Dataset train, ClassifierConfig config) {
    if (config.validationFraction() == 0) {
      return new Dataset[] {train, null};
    }
    Dataset[] parts = Subsets.split(train, 1 - config.validationFraction(), Seeds.derive(config.seed(), SPLIT_KEY));
    int[] all = train.countByClass();
    int[] held = parts[1].countByClass();
    for (int k = 0; k < all.length; k++) {
      if (all[k] > 0 && (held[k] == 0 || held[k] == all[k])) {
        throw new InputException(TRAINING, "class '" + train.classNames().get(k) + "' has " + all[k]
            + " image(s), too few to hold out a validation share of " + config.validationFraction()
            + " and keep some for training; give every class at least "
            + minimumPerClass(config.validationFraction())
            + " images, raise validationFraction, or set it to 0 to train without early stopping");
      }
    }
    if (parts[0].size() < 2) {
      throw new InputException(TRAINING, "leaves " + parts[0].size()
          + " image(s) for training after the validation split; a batch needs at least 2");
    }
    return parts;
  }

  /**
   * The fewest images of one class that leave at least one for validation and one for training
   * when {@code fraction} of each class is held out (6 for the default 0.1): fewer, and training
   * with that validation fraction is refused. A stage that trains a classifier later can check
   * its data against this before its earlier work.
   *
   * @param fraction the validation fraction, above 0 and at most 0.5
   */
  public static int minimumPerClass(double fraction) {
    for (int n = 2; ; n++) {
      long kept = keptForTraining(n, fraction);
      if (kept >= 1 && kept < n) {
        return n;
      }
    }
  }

  /**
   * How many of a class's {@code images} the validation split keeps for training when
   * {@code fraction} of them is held out, as {@link Subsets#split} counts its first part; the
   * rest are held out. A check made before the split can predict it with this.
   */
  public static long keptForTraining(int images, double fraction) {
    return Math.round(images * (1 - fraction));
  }

  /**
   * Checks {@code data} before training: at least {@code minimum} images, the configured classes,
   * labels in range and one image shape. Problems are {@link InputException}s naming
   * {@code role}, such as {@value #TRAINING}; classes without images are warned about on
   * {@code say}.
   */
  private static void checkDataset(Dataset data, String role, int minimum, ClassifierConfig config,
      Consumer<String> say) {
    if (data.size() < minimum) {
      throw new InputException(role, "has " + data.size() + " image(s); "
          + (role.equals(TRAINING) ? "a classifier" : "early stopping") + " needs at least " + minimum
          + " labeled image" + (minimum == 1 ? "" : "s"));
    }
    if (data.classCount() != config.classes()) {
      throw new InputException(role, "has " + data.classCount() + " classes " + data.classNames()
          + " but the classifier is configured for " + config.classes()
          + "; build the config with ClassifierConfig.forDataset(dataset)");
    }
    List<Sample> samples = data.samples();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.label() >= config.classes()) {
        throw new InputException(role, "sample " + i + " has label " + s.label()
            + ", outside the " + config.classes() + " classes (0 to " + (config.classes() - 1) + ")");
      }
      if (!config.accepts(s.image())) {
        throw new InputException(role, "sample " + i + " is " + s.image().shape()
            + " but the classifier takes " + config.inputShape()
            + " (HxWxC); all images must have one shape, so resize or convert them first");
      }
    }
    int[] counts = data.countByClass();
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] == 0) {
        say.accept(WarningLines.PREFIX + "class '" + data.classNames().get(k) + "' has no " + (role.equals(TRAINING)
            ? "training images; the classifier will never predict it" : "images in the " + role));
      }
    }
  }

  /** Per-channel mean and {@code 1 / std} of the pixels of {@code data}. */
  static float[][] channelStats(Dataset data, int channels) {
    double[] sum = new double[channels];
    double[] sq = new double[channels];
    long perChannel = 0;
    for (Sample s : data.samples()) {
      float[] px = s.image().pixels();
      for (int i = 0; i < px.length; i++) {
        sum[i % channels] += px[i];
        sq[i % channels] += (double) px[i] * px[i];
      }
      perChannel += px.length / channels;
    }
    float[] mean = new float[channels];
    float[] scale = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / perChannel;
      double var = Math.max(0, sq[c] / perChannel - m * m);
      mean[c] = (float) m;
      scale[c] = (float) (1 / Math.max(Math.sqrt(var), MIN_STD));
    }
    return new float[][] {mean, scale};
  }

  /** One training run; holds the state the epoch loop shares. */
  private static final class Run {
    private final ClassifierConfig config;
    private final Dataset fit;
    private final Dataset validation;
    private final Progress progress;
    private final Consumer<String> log;
    private final List<Image> images;
    private final int[] labels;
    private final int stepsPerEpoch;
    private final long plannedSteps;

    Run(ClassifierConfig config, Dataset fit, Dataset validation, Progress progress, Consumer<String> log) {
      this.config = config;
      this.fit = fit;
      this.validation = validation;
      this.progress = progress;
      this.log = log;
      this.images = new ArrayList<>(fit.size());
      this.labels = new int[fit.size()];
      for (int i = 0; i < fit.size(); i++) {
        images.add(fit.samples().get(i).image());
        labels[i] = fit.samples().get(i).label();
      }
      int n = fit.size();
      int full = n / config.batchSize();
      // A last batch of one image would give batch normalization a zero variance; it is dropped.
      this.stepsPerEpoch = full + (n % config.batchSize() >= 2 ? 1 : 0);
      long planned = (long) stepsPerEpoch * config.maxEpochs();
      this.plannedSteps = config.maxSteps() > 0 ? Math.min(planned, config.maxSteps()) : planned;
    }

    TrainedClassifier train(List<String> classNames) {
      CnnLayout layout = new CnnLayout(config);
      float[][] stats = channelStats(fit, config.channels());
      CnnWeights weights = layout.initial(new Random(Seeds.derive(config.seed(), INIT_KEY)), stats[0], stats[1]);
      ai.djl.Device device = ImageBatches.resolve(config.device(), log);
      log.accept(String.format(Locale.ROOT,
          "classifier: %d training + %d validation images %s, %d classes, %,d parameters, %d steps/epoch, "
              + "up to %d epochs on %s",
          fit.size(), validation == null ? 0 : validation.size(), config.inputShape(), config.classes(),
          layout.parameterCount(), stepsPerEpoch, config.maxEpochs(), device));
      Progress.Task task = progress == null ? null : progress.start("train classifier", plannedSteps, "step");
      try (NDManager base = NDManager.newBaseManager(device, ImageBatches.ENGINE)) {
        MathWarmup.once(base);
        ClassifierCheck.verify(layout, config.batchSize(), base, log);
        return loop(base, layout, weights, classNames, task, device.toString());
      } finally {
        if (task != null) {
          task.close();
        }
      }
    }

    private TrainedClassifier loop(NDManager base, CnnLayout layout, CnnWeights initial, List<String> classNames,
        Progress.Task task, String deviceName) {
      CnnNetwork net = CnnNetwork.upload(base, initial, true);
      AdamWUpdater optimizer = new AdamWUpdater(base);
      float weightDecay = (float) config.weightDecay();
      Engine engine = base.getEngine();
      List<CnnLayout.Tensor> tensors = layout.tensors();
      int c = config.channels();
      int h = config.height();
      int w = config.width();
      int k = config.classes();
      int f = config.featureDim();
      List<TrainingReport.Epoch> epochs = new ArrayList<>();
      CnnWeights best = null;
      int bestEpoch = 0;
      double bestAcc = Double.NEGATIVE_INFINITY;
      double bestLoss = Double.POSITIVE_INFINITY;
      boolean stoppedEarly = false;
      long steps = 0;
      long seen = 0;
      long start = System.nanoTime();
      for (int epoch = 1; epoch <= config.maxEpochs() && steps < plannedSteps; epoch++) {
        long epochStart = System.nanoTime();
        int[] order = permutation(images.size(), new Random(Seeds.derive(config.seed(), ORDER_KEY, epoch)));
        Random dropRng = new Random(Seeds.derive(config.seed(), DROPOUT_KEY, epoch));
        double lossSum = 0;
        long correct = 0;
        long epochImages = 0;
        for (int b = 0; b < stepsPerEpoch && steps < plannedSteps; b++) {
          int from = b * config.batchSize();
          int to = Math.min(images.size(), from + config.batchSize());
          int m = to - from;
          try (NDManager step = base.newSubManager()) {
            NDArray x = step.create(ImageBatches.toNchw(images, order, from, to), new Shape(m, c, h, w));
            float[] oneHot = new float[m * k];
            int[] batchLabels = new int[m];
            for (int i = 0; i < m; i++) {
              batchLabels[i] = labels[order[from + i]];
              oneHot[i * k + batchLabels[i]] = 1f;
            }
            NDArray y = step.create(oneHot, new Shape(m, k));
            NDArray mask = dropoutMask(step, dropRng, m, f);
            net.zeroGradients();
            NDArray loss;
            NDArray logits;
            try (GradientCollector collector = engine.newGradientCollector()) {
              logits = net.forward(x, true, mask).logits();
              loss = logits.logSoftmax(1).mul(y).sum().neg().div(m);
              collector.backward(loss);
            }
            float lr = learningRate(steps);
            for (int i : net.trainableIndices()) {
              NDArray weight = net.array(i);
              NDArray grad = weight.getGradient();
              // DJL puts each gradient handle on the weight's long-lived manager; move it to the step's.
              grad.attach(step);
              optimizer.update(i, weight, grad, (int) steps + 1, lr, tensors.get(i).role().decayed ? weightDecay : 0f);
            }
            lossSum += loss.getFloat() * m;
            correct += countCorrect(logits.toFloatArray(), batchLabels, k);
          }
          epochImages += m;
          steps++;
          if (task != null) {
            task.advance(1);
          }
        }
        seen += epochImages;
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        boolean improved;
        if (validation != null) {
          double[] lossAcc = evaluate(base, net, validation);
          valLoss = lossAcc[0];
          valAcc = lossAcc[1];
          improved = valAcc > bestAcc || (valAcc == bestAcc && valLoss < bestLoss);
        } else {
          improved = true;
        }
        if (improved) {
          best = net.download();
          bestEpoch = epoch;
          bestAcc = valAcc;
          bestLoss = valLoss;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        TrainingReport.Epoch e = new TrainingReport.Epoch(epoch, lossSum / epochImages, (double) correct / epochImages,
            valLoss, valAcc, seconds, base.getManagedArrays().size());
        epochs.add(e);
        String line = describe(e, improved && validation != null);
        log.accept(line);
        if (task != null) {
          task.status(line.substring(line.indexOf(' ') + 1));
        }
        if (validation != null && epoch - bestEpoch >= config.patience()) {
          stoppedEarly = true;
          log.accept("classifier: validation accuracy has not improved for " + config.patience()
              + " epochs; keeping epoch " + bestEpoch);
          break;
        }
      }
      double total = (System.nanoTime() - start) / 1e9;
      TrainingReport report = new TrainingReport(fit.size(), validation == null ? 0 : validation.size(), epochs,
          bestEpoch, stoppedEarly, steps, seen, total, deviceName);
      return new TrainedClassifier(config, classNames, best, report);
    }

    private String describe(TrainingReport.Epoch e, boolean best) {
      String head = String.format(Locale.ROOT, "classifier epoch %d/%d: loss %.4f acc %.2f%%", e.epoch(),
          config.maxEpochs(), e.trainLoss(), 100 * e.trainAccuracy());
      String val = validation == null ? "" : String.format(Locale.ROOT, " | val loss %.4f acc %.2f%%%s",
          e.validationLoss(), 100 * e.validationAccuracy(), best ? " (best)" : "");
      return head + val + String.format(Locale.ROOT, " | %.1f s", e.seconds());
    }

    /**
     * The learning rate after {@code done} steps: a cosine decay from the configured rate to
     * {@link #FINAL_LR_SHARE} of it over the planned steps.
     */
    private float learningRate(long done) {
      double lr = config.learningRate();
      double low = lr * FINAL_LR_SHARE;
      double t = Math.min(1.0, (double) done / Math.max(1, plannedSteps));
      return (float) (low + (lr - low) * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    private NDArray dropoutMask(NDManager step, Random rng, int rows, int cols) {
      double p = config.dropout();
      if (p == 0) {
        return null;
      }
      float keep = (float) (1 / (1 - p));
      float[] mask = new float[rows * cols];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = rng.nextDouble() < p ? 0f : keep;
      }
      return step.create(mask, new Shape(rows, cols));
    }

    /** Mean cross-entropy and accuracy of {@code net} in inference mode on {@code data}. */
    private double[] evaluate(NDManager base, CnnNetwork net, Dataset data) {
      List<Image> valImages = new ArrayList<>(data.size());
      for (Sample s : data.samples()) {
        valImages.add(s.image());
      }
      float[] logits = net.infer(base, valImages, false)[0];
      int k = config.classes();
      double loss = 0;
      long correct = 0;
      for (int i = 0; i < data.size(); i++) {
        int label = data.samples().get(i).label();
        loss += Softmax.crossEntropy(logits, i * k, k, label);
        if (Softmax.argmax(logits, i * k, k) == label) {
          correct++;
        }
      }
      return new double[] {loss / data.size(), (double) correct / data.size()};
    }
  }

  private static long countCorrect(float[] logits, int[] labels, int k) {
    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (Softmax.argmax(logits, i * k, k) == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  /** A Fisher-Yates permutation of {@code 0..n-1}, written out so it never depends on a library. */
  static int[] permutation(int n, Random rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
