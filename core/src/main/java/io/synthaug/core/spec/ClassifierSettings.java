package io.synthaug.core.spec;

import io.synthaug.api.Device;
import io.synthaug.api.ParamException;
import io.synthaug.core.ml.ClassifierConfig;
import java.util.List;

/**
 * The classifier settings of an experiment, the same for every arm and seed. Unset fields take
 * {@link ClassifierConfig}'s defaults, except the step budget.
 *
 * <p>Every arm trains for at most {@link #maxSteps()} optimizer steps, whatever its size, so an
 * arm with nine times the images costs about what the real-only arm costs; early stopping on a
 * validation split of real training images ends training sooner when it stops improving.
 *
 * @param maxSteps the optimizer-step budget of every classifier (default 1500)
 * @param maxEpochs the most passes over the training set (default 200, so the step budget
 *     decides)
 * @param batchSize images per step (default 64)
 * @param patience epochs without a better validation accuracy before stopping (default 8)
 * @param validationFraction share of each class of the real training images held out for early
 *     stopping (default 0.1); must be above 0
 * @param learningRate initial AdamW learning rate (default 2e-3)
 * @param weightDecay AdamW weight decay (default 1e-2)
 * @param dropout dropout on the features (default 0.3)
 * @param convWidths channels of each convolution stage (default 32, 64)
 * @param featureDim units of the feature layer (default 128)
 */
public record ClassifierSettings(Integer maxSteps, Integer maxEpochs, Integer batchSize, Integer patience,
    Double validationFraction, Double learningRate, Double weightDecay, Double dropout, List<Integer> convWidths,
    Integer featureDim) {

  /** The default step budget. */
  public static final int DEFAULT_MAX_STEPS = 1500;
  /** The default epoch limit, high enough that the step budget decides. */
  public static final int DEFAULT_MAX_EPOCHS = 200;

  /** Fills defaults and checks the fields the experiment itself depends on. */
  public ClassifierSettings {
    maxSteps = maxSteps == null ? DEFAULT_MAX_STEPS : maxSteps;
    maxEpochs = maxEpochs == null ? DEFAULT_MAX_EPOCHS : maxEpochs;
    batchSize = batchSize == null ? ClassifierConfig.DEFAULT_BATCH_SIZE : batchSize;
    patience = patience == null ? ClassifierConfig.DEFAULT_PATIENCE : patience;
    validationFraction = validationFraction == null ? ClassifierConfig.DEFAULT_VALIDATION_FRACTION
        : validationFraction;
    learningRate = learningRate == null ? ClassifierConfig.DEFAULT_LEARNING_RATE : learningRate;
    weightDecay = weightDecay == null ? ClassifierConfig.DEFAULT_WEIGHT_DECAY : weightDecay;
    dropout = dropout == null ? ClassifierConfig.DEFAULT_DROPOUT : dropout;
    convWidths = convWidths == null ? ClassifierConfig.DEFAULT_CONV_WIDTHS : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(convWidths));
    featureDim = featureDim == null ? ClassifierConfig.DEFAULT_FEATURE_DIM : featureDim;
    if (maxSteps < 1) {
      throw new ParamException("maxSteps", "the step budget must be at least 1, got " + maxSteps
          + "; every arm trains for at most this many steps so that arms of different sizes cost the same");
    }
    if (!(validationFraction > 0 && validationFraction <= 0.5)) {
      throw new ParamException("validationFraction", "must be above 0 and at most 0.5, got " + validationFraction
          + "; the experiment always stops early on real training images held out here");
    }
    // The rest is ClassifierConfig's to check; try it on a shape every stage count accepts.
    build(maxSteps, maxEpochs, batchSize, patience, validationFraction, learningRate, weightDecay, dropout, convWidths,
        featureDim, 64, 64, 1, 2, 0L, Device.CPU);
  }

  /** Every field at its default. */
  public static ClassifierSettings defaults() {
    return new ClassifierSettings(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The most optimizer steps a classifier of these settings takes on {@code trainImages} images:
   * {@link #maxSteps()}, or fewer when {@link #maxEpochs()} passes over the images end first (each
   * pass takes a step per full batch, and one more for a last batch of at least 2 images, as
   * {@code CnnClassifier} counts them). What bounds training, for the summaries.
   */
  public int stepBound(int trainImages) {
    long perEpoch = trainImages / batchSize + (trainImages % batchSize >= 2 ? 1 : 0);
    return (int) Math.min(maxSteps, perEpoch * maxEpochs);
  }

  /**
   * The classifier configuration for images of the given shape and class count.
   *
   * @throws ParamException naming the field when a setting is out of range
   */
  public ClassifierConfig toConfig(int height, int width, int channels, int classes, long seed, Device device) {
    return build(maxSteps, maxEpochs, batchSize, patience, validationFraction, learningRate, weightDecay, dropout,
        convWidths, featureDim, height, width, channels, classes, seed, device);
  }

  // Static so the compact constructor can use it before the fields are assigned.
  private static ClassifierConfig build(int maxSteps, int maxEpochs, int batchSize, int patience,
      double validationFraction, double learningRate, double weightDecay, double dropout, List<Integer> convWidths,
      int featureDim, int height, int width, int channels, int classes, long seed, Device device) {
    if (convWidths.stream().anyMatch(java.util.Objects::isNull)) {
      throw new ParamException("convWidths", "must list whole numbers, got " + convWidths);
    }
    int[] widths = convWidths.stream().mapToInt(Integer::intValue).toArray();
    return ClassifierConfig.builder(height, width, channels, classes).maxSteps(maxSteps).maxEpochs(maxEpochs)
        .batchSize(batchSize).patience(patience).validationFraction(validationFraction).learningRate(learningRate)
        .weightDecay(weightDecay).dropout(dropout).convWidths(widths).featureDim(featureDim).seed(seed).device(device)
        .build();
  }
}
