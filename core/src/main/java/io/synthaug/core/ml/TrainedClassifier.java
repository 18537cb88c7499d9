package io.synthaug.core.ml;

import ai.djl.ndarray.NDManager;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained {@link CnnClassifier}: its configuration, class names and weights.
 *
 * <p>The weights live on the Java heap; each inference call uploads them to a fresh engine
 * manager (about a millisecond for the default network) and frees it before returning, so an
 * instance is immutable, thread-safe and needs no closing. Inference runs on
 * {@link ClassifierConfig#device()} in batches of 256, with batch normalization using its
 * running statistics and no dropout.
 *
 * <h2>Weight file format</h2>
 * {@link #save} writes, with {@link java.io.DataOutputStream} (big-endian):
 * <ol>
 *   <li>the 12 ASCII bytes {@code SYNTHAUG-CNN}, then the format version as an int (1);</li>
 *   <li>the configuration: height, width, channels, classes (ints); the number of stages and
 *       each stage width (ints); featureDim (int); dropout (double); maxEpochs, maxSteps,
 *       batchSize (ints); learningRate, weightDecay (doubles); seed (long); patience (int);
 *       validationFraction (double); device name (modified UTF-8);</li>
 *   <li>the number of class names (int) and each name (modified UTF-8);</li>
 *   <li>the number of tensors (int) and, for each in the fixed layout order, its name
 *       (modified UTF-8), rank (int), dimensions (ints) and values (floats, row-major);</li>
 *   <li>32 bytes: the SHA-256 of everything before, which {@link #load} checks first, so a
 *       truncated or damaged file is reported as such.</li>
 * </ol>
 * The tensors are {@code input.mean}, {@code input.scale} ({@code [C]}); per stage {@code s} and
 * convolution {@code j} {@code s{s}.conv{j}.weight} {@code [out, in, 3, 3]} and
 * {@code s{s}.bn{j}.gamma/beta/mean/var} {@code [out]}; then {@code fc.weight}
 * {@code [F, flat]}, {@code fc.bias}, {@code out.weight} {@code [classes, F]},
 * {@code out.bias}.
 */
public final class TrainedClassifier implements LabelPredictor, FeatureExtractor {

  private final ClassifierConfig config;
  private final List<String> classNames;
  private final CnnWeights weights;
  private final TrainingReport report;

  TrainedClassifier(ClassifierConfig config, List<String> classNames, CnnWeights weights, TrainingReport report) {
    this.config = Objects.requireNonNull(config, "config");
    this.classNames = List.copyOf(classNames);
    this.weights = Objects.requireNonNull(weights, "weights");
    this.report = report;
    if (this.classNames.size() != config.classes()) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + config.classes() + " classes");
    }
  }

  /**
   * Reads a classifier written by {@link #save}.
   *
   * @throws InputException naming the file when it is missing, not a classifier file, of another
   *     format version, truncated or corrupt
   */
  public static TrainedClassifier load(Path file) {
    return ClassifierFile.read(file);
  }

  /** Writes the configuration, class names and weights in the format described above. */
  public void save(Path file) throws IOException {
    ClassifierFile.write(file, config, classNames, weights);
  }

  /** The configuration it was trained with. */
  public ClassifierConfig config() {
    return config;
  }

  /** The class names in label order. */
  public List<String> classNames() {
    return classNames;
  }

  /** How training went; empty for a classifier read by {@link #load}. */
  public Optional<TrainingReport> report() {
    return Optional.ofNullable(report);
  }

  @Override
  public int featureDim() {
    return config.featureDim();
  }

  /** SHA-256 over every tensor's name, shape and value: equal digests mean identical weights. */
  public String weightsSha256() {
    return weights.sha256();
  }

  CnnWeights weights() {
    return weights;
  }

  /** The predicted class of each image: the index of its largest logit. */
  @Override
  public int[] predict(List<Image> images) {
    float[] logits = run(images, false)[0];
    int k = config.classes();
    int[] out = new int[images.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Softmax.argmax(logits, i * k, k);
    }
    return out;
  }

  /** The logits ({@code [n][classes]}, before softmax) of each image. */
  public float[][] logits(List<Image> images) {
    return rows(run(images, false)[0], images.size(), config.classes());
  }

  /** The softmax class probabilities ({@code [n][classes]}) of each image. */
  public float[][] probabilities(List<Image> images) {
    float[] logits = run(images, false)[0];
    int k = config.classes();
    float[][] out = new float[images.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Softmax.probabilities(logits, i * k, k);
    }
    return out;
  }

  /** The penultimate-layer features ({@code [n][featureDim]}, after ReLU) of each image. */
  @Override
  public float[][] features(List<Image> images) {
    return rows(run(images, true)[1], images.size(), config.featureDim());
  }

  /**
   * The share of {@code data}'s samples whose predicted class is their label.
   *
   * @throws InputException when {@code data} is empty, has other classes or another image shape
   */
  public double accuracy(Dataset data) {
    int[] correct = new int[config.classes()];
    int[] total = new int[config.classes()];
    tally(data, correct, total);
    long c = 0;
    long n = 0;
    for (int k = 0; k < total.length; k++) {
      c += correct[k];
      n += total[k];
    }
    return (double) c / n;
  }

  /**
   * The accuracy on each class's samples of {@code data}, indexed by label; NaN for a class
   * without samples.
   *
   * @throws InputException when {@code data} is empty, has other classes or another image shape
   */
  public double[] perClassAccuracy(Dataset data) {
    int[] correct = new int[config.classes()];
    int[] total = new int[config.classes()];
    tally(data, correct, total);
    double[] out = new double[total.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = total[k] == 0 ? Double.NaN : (double) correct[k] / total[k];
    }
    return out;
  }

  private void tally(Dataset data, int[] correct, int[] total) {
    if (data.size() == 0) {
      throw new InputException("evaluation dataset", "is empty; accuracy needs at least one labeled image");
    }
    if (!data.classNames().equals(classNames)) {
      throw new InputException("evaluation dataset", "has classes " + data.classNames()
          + " but the classifier was trained on " + classNames + "; labels would mean different classes");
    }
    List<Image> images = new ArrayList<>(data.size());
    for (Sample s : data.samples()) {
      images.add(s.image());
    }
    int[] predicted = predict(images);
    for (int i = 0; i < predicted.length; i++) {
      int label = data.samples().get(i).label();
      total[label]++;
      if (predicted[i] == label) {
        correct[label]++;
      }
    }
  }

  /**
   * Writes the network as an ONNX model following {@link ClassifierOnnxContract}: input
   * {@code image} {@code [batch, C, H, W]}, outputs {@code logits} and {@code features}, and
   * metadata with the class names, input shape, feature dimension, architecture, training seed
   * and weight digest, plus {@code metadata}.
   *
   * @param metadata extra {@code metadata_props} entries (such as provenance); keys listed in
   *     {@link ClassifierOnnxContract#RESERVED_KEYS} are refused
   * @throws IllegalArgumentException when {@code metadata} uses a reserved key
   */
  public void exportOnnx(Path file, Map<String, String> metadata) throws IOException {
    ClassifierOnnxExporter.build(weights, classNames, metadata == null ? Map.of() : metadata).write(file);
  }

  /** Logits and (if asked) features as flat row-major arrays. */
  private float[][] run(List<Image> images, boolean withFeatures) {
    Objects.requireNonNull(images, "images");
    ImageBatches.requireShape(images, config, "images");
    if (images.isEmpty()) {
      return new float[][] {new float[0], new float[0]};
    }
    try (NDManager manager = NDManager.newBaseManager(ImageBatches.resolve(config.device(), null),
        ImageBatches.ENGINE)) {
      MathWarmup.once(manager);
      return CnnNetwork.upload(manager, weights, false).infer(manager, images, withFeatures);
    }
  }

  private static float[][] rows(float[] flat, int n, int width) {
    float[][] out = new float[n][width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * width, out[i], 0, width);
    }
    return out;
  }

  @Override
  public String toString() {
    return "TrainedClassifier[" + ClassifierOnnxExporter.architecture(config) + ", " + config.inputShape() + ", "
        + config.classes() + " classes]";
  }
}
