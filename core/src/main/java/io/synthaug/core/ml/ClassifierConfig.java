package io.synthaug.core.ml;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.ParamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The architecture and training settings of a {@link CnnClassifier}.
 *
 * <p>The network has one stage per entry of {@link #convWidths()}; a stage is two 3x3
 * convolutions (stride 1, zero padding 1, no bias), each followed by batch normalization and
 * ReLU, then a 2x2 max pooling with stride 2. Pooling floors odd sizes, so after {@code k} stages
 * a side of {@code s} pixels becomes {@code floor(s / 2^k)}; a 28x28 digit with the default two
 * stages ends as 7x7, a 16x16 image as 4x4. Each side must therefore be at least {@code 2^k}.
 * The last stage's maps are flattened into a linear layer of {@link #featureDim()} units whose
 * ReLU output is the feature vector (the penultimate layer used for FID), followed by dropout and
 * a linear layer with one logit per class. The flattened size grows with the image area, and the
 * feature layer's weights with it: for images much over 64 pixels a side, add a stage. The
 * constructor refuses a combination of sizes whose flattened maps or linear-layer weights would
 * not fit in one Java array (about 2^31 values), naming {@code convWidths} or {@code featureDim}.
 *
 * <p>Training uses AdamW (decoupled weight decay on convolution and linear weights only, not on
 * batch-norm scales or biases) with a cosine learning-rate decay from {@link #learningRate()} to
 * one percent of it over the planned steps, softmax cross-entropy, and early stopping on a
 * validation split taken from the training data. Build instances with {@link #builder} or
 * {@link #forDataset}; the canonical constructor validates every field and names the bad one.
 *
 * @param height input image height in pixels
 * @param width input image width in pixels
 * @param channels input channels, 1 (grayscale) or 3 (RGB)
 * @param classes the number of classes, at least 2
 * @param convWidths output channels of each convolution stage, 1 to 4 stages of 1 to 512
 * @param featureDim units of the penultimate (feature) layer, 1 to 4096
 * @param dropout dropout rate on the features during training, in {@code [0, 0.9]}
 * @param maxEpochs the most passes over the training part, at least 1
 * @param maxSteps the most optimizer steps, 0 for no limit other than {@link #maxEpochs()}
 * @param batchSize images per optimizer step, 2 to 4096
 * @param learningRate the initial AdamW learning rate, in {@code (0, 1]}
 * @param weightDecay the decoupled AdamW weight decay, in {@code [0, 1]}
 * @param seed seeds the weight initialization, the validation split, the batch order and the
 *     dropout masks; the same seed on the same machine gives bit-identical weights
 * @param patience epochs without a better validation score before training stops, at least 1
 * @param validationFraction share of each class held out of the training data for early
 *     stopping, in {@code [0, 0.5]}; 0 trains for {@link #maxEpochs()} and keeps the last weights
 * @param device where training and inference run; {@link Device#AUTO} picks the GPU when the
 *     PyTorch engine sees one
 */
public record ClassifierConfig(int height, int width, int channels, int classes, List<Integer> convWidths,
    int featureDim, double dropout, int maxEpochs, int maxSteps, int batchSize, double learningRate,
    double weightDecay, long seed, int patience, double validationFraction, Device device) {

  /** Default stage widths: 32 then 64 channels. */
  public static final List<Integer> DEFAULT_CONV_WIDTHS = List.of(32, 64);
  /** Default feature dimension. */
  public static final int DEFAULT_FEATURE_DIM = 128;
  /** Default dropout rate. */
  public static final double DEFAULT_DROPOUT = 0.3;
  /** Default epoch limit. */
  public static final int DEFAULT_MAX_EPOCHS = 20;
  /** Default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /** Default initial learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 2e-3;
  /** Default decoupled weight decay. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;
  /** Default early-stopping patience in epochs. */
  public static final int DEFAULT_PATIENCE = 8;
  /** Default validation share. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  /**
   * The most values one weight tensor, and the flattened maps of one image, may hold: the longest
   * array the JVM allocates.
   */
  static final long MAX_TENSOR_VALUES = Integer.MAX_VALUE - 8;

  /** Validates every field; the exception names the field and the value. */
  public ClassifierConfig {
    if (channels != 1 && channels != 3) {
      throw new ParamException("channels", "must be 1 (grayscale) or 3 (RGB), got " + channels);
    }
    if (classes < 2) {
      throw new ParamException("classes", "a classifier needs at least 2 classes, got " + classes);
    }
    if (convWidths == null || convWidths.isEmpty() || convWidths.size() > 4) {
      throw new ParamException("convWidths", "must list 1 to 4 stage widths, got " + convWidths);
    }
    convWidths = List.copyOf(convWidths);
    for (int w : convWidths) {
      if (w < 1 || w > 512) {
        throw new ParamException("convWidths", "each stage width must be between 1 and 512, got " + convWidths);
      }
    }
    int minSide = 1 << convWidths.size();
    if (height < minSide || height > 4096) {
      throw new ParamException("height", "must be between " + minSide + " and 4096 for " + convWidths.size()
          + " pooling stages (each halves the size), got " + height);
    }
    if (width < minSide || width > 4096) {
      throw new ParamException("width", "must be between " + minSide + " and 4096 for " + convWidths.size()
          + " pooling stages (each halves the size), got " + width);
    }
    range("featureDim", featureDim, 1, 4096);
    checkLayerSizes(height, width, classes, convWidths, featureDim);
    if (!(dropout >= 0 && dropout <= 0.9)) {
      throw new ParamException("dropout", "must be between 0 and 0.9, got " + dropout);
    }
    range("maxEpochs", maxEpochs, 1, 100_000);
    range("maxSteps", maxSteps, 0, Integer.MAX_VALUE);
    range("batchSize", batchSize, 2, 4096);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new ParamException("learningRate", "must be above 0 and at most 1, got " + learningRate);
    }
    if (!(weightDecay >= 0 && weightDecay <= 1)) {
      throw new ParamException("weightDecay", "must be between 0 and 1, got " + weightDecay);
    }
    range("patience", patience, 1, 100_000);
    if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
      throw new ParamException("validationFraction", "must be between 0 and 0.5, got " + validationFraction);
    }
    Objects.requireNonNull(device, "device");
  }

  /**
   * Checks that the flattened maps and every linear layer's weights fit in one Java array: the
   * sides, widths and feature dimension allowed one by one can together ask for more.
   */
  private static void checkLayerSizes(int height, int width, int classes, List<Integer> convWidths, int featureDim) {
    int stages = convWidths.size();
    int last = convWidths.get(stages - 1);
    // Each pooling stage floors the side to half, as CnnLayout does.
    int finalHeight = height >> stages;
    int finalWidth = width >> stages;
    long flat = (long) last * finalHeight * finalWidth;
    String maps = "the last stage's " + last + " channels of " + finalHeight + "x" + finalWidth + " maps";
    if (flat > MAX_TENSOR_VALUES) {
      throw new ParamException("convWidths", maps + " (from " + height + "x" + width + " images) flatten to " + flat
          + " values, more than the " + MAX_TENSOR_VALUES + " one tensor can hold; add a stage or narrow the last "
          + "one, got " + convWidths);
    }
    long fc = featureDim * flat;
    if (fc > MAX_TENSOR_VALUES) {
      long most = MAX_TENSOR_VALUES / flat;
      throw new ParamException("featureDim", "the feature layer's weights would hold " + featureDim + " x " + flat
          + " = " + fc + " values (featureDim x " + maps + "), more than the " + MAX_TENSOR_VALUES
          + " one tensor can hold; " + (most >= 1 ? "lower featureDim to at most " + most + ", or " : "")
          + "add or narrow convolution stages (convWidths " + convWidths + ", images " + height + "x" + width + ")");
    }
    long out = (long) classes * featureDim;
    if (out > MAX_TENSOR_VALUES) {
      if (classes > MAX_TENSOR_VALUES) {
        throw new ParamException("classes", "the output layer's weights would hold " + out + " values, more than the "
            + MAX_TENSOR_VALUES + " one tensor can hold, got " + classes);
      }
      throw new ParamException("featureDim", "the output layer's weights would hold " + classes + " x " + featureDim
          + " = " + out + " values (classes x featureDim), more than the " + MAX_TENSOR_VALUES
          + " one tensor can hold; lower featureDim to at most " + MAX_TENSOR_VALUES / classes);
    }
  }

  private static void range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParamException(field, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** A builder with the defaults for images of the given shape and class count. */
  public static Builder builder(int height, int width, int channels, int classes) {
    return new Builder(height, width, channels, classes);
  }

  /**
   * A builder with the defaults and the image shape and class count of {@code data}, taken from
   * its first sample.
   *
   * @throws InputException when the dataset is empty
   */
  public static Builder forDataset(Dataset data) {
    if (data.size() == 0) {
      throw new InputException("training dataset", "is empty; a classifier needs labeled images");
    }
    Image first = data.samples().get(0).image();
    return builder(first.height(), first.width(), first.channels(), data.classCount());
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(height, width, channels, classes);
    b.convWidths = new ArrayList<>(convWidths);
    b.featureDim = featureDim;
    b.dropout = dropout;
    b.maxEpochs = maxEpochs;
    b.maxSteps = maxSteps;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.seed = seed;
    b.patience = patience;
    b.validationFraction = validationFraction;
    b.device = device;
    return b;
  }

  /** The input shape as {@code HxWxC}, the form {@link Image#shape()} uses. */
  public String inputShape() {
    return height + "x" + width + "x" + channels;
  }

  /** Whether images of this shape fit the network. */
  public boolean accepts(Image image) {
    return image.height() == height && image.width() == width && image.channels() == channels;
  }

  /** Mutable settings for a {@link ClassifierConfig}; {@link #build()} validates them. */
  public static final class Builder {
    private final int height;
    private final int width;
    private final int channels;
    private final int classes;
    private List<Integer> convWidths = new ArrayList<>(DEFAULT_CONV_WIDTHS);
    private int featureDim = DEFAULT_FEATURE_DIM;
    private double dropout = DEFAULT_DROPOUT;
    private int maxEpochs = DEFAULT_MAX_EPOCHS;
    private int maxSteps;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private long seed;
    private int patience = DEFAULT_PATIENCE;
    private double validationFraction = DEFAULT_VALIDATION_FRACTION;
    private Device device = Device.AUTO;

    private Builder(int height, int width, int channels, int classes) {
      this.height = height;
      this.width = width;
      this.channels = channels;
      this.classes = classes;
    }

    /** Output channels of each convolution stage. */
    public Builder convWidths(int... widths) {
      List<Integer> list = new ArrayList<>(widths.length);
      for (int w : widths) {
        list.add(w);
      }
      this.convWidths = list;
      return this;
    }

    /** Units of the feature layer. */
    public Builder featureDim(int value) {
      this.featureDim = value;
      return this;
    }

    /** Dropout rate on the features during training. */
    public Builder dropout(double value) {
      this.dropout = value;
      return this;
    }

    /** The most epochs. */
    public Builder maxEpochs(int value) {
      this.maxEpochs = value;
      return this;
    }

    /** The most optimizer steps, 0 for no limit. */
    public Builder maxSteps(int value) {
      this.maxSteps = value;
      return this;
    }

    /** Images per step. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Initial learning rate. */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** Decoupled weight decay. */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** The seed of every random choice in training. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Early-stopping patience in epochs. */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /** Share of each class held out for validation, 0 to disable early stopping. */
    public Builder validationFraction(double value) {
      this.validationFraction = value;
      return this;
    }

    /** The compute device. */
    public Builder device(Device value) {
      this.device = value;
      return this;
    }

    /** The validated configuration. */
    public ClassifierConfig build() {
      return new ClassifierConfig(height, width, channels, classes, convWidths, featureDim, dropout, maxEpochs,
          maxSteps, batchSize, learningRate, weightDecay, seed, patience, validationFraction, device);
    }
  }
}
