package io.synthaug.core.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * The names, shapes and metadata of a classifier exported to ONNX by
 * {@link TrainedClassifier#exportOnnx}, shared by the exporter and {@link OrtClassifier}.
 *
 * <p>Input {@value #IMAGE}: float {@code [batch, channels, height, width]} (NCHW) with pixel
 * values in {@code [0, 1]}, that is an {@link io.synthaug.api.Image}'s HWC pixels transposed;
 * the per-channel normalization learned from the training data is inside the graph. Outputs:
 * {@value #LOGITS} float {@code [batch, classes]} (before softmax) and {@value #FEATURES} float
 * {@code [batch, featureDim]} (the penultimate layer after its ReLU). The batch dimension is the
 * symbol {@value #BATCH}.
 */
public final class ClassifierOnnxContract {

  /** Name of the image input. */
  public static final String IMAGE = "image";
  /** Name of the logits output. */
  public static final String LOGITS = "logits";
  /** Name of the feature output. */
  public static final String FEATURES = "features";
  /** Symbol of the batch dimension. */
  public static final String BATCH = "batch";

  /** Metadata key naming the kind of model; its value is {@value #MODEL_CLASSIFIER}. */
  public static final String META_MODEL = "synthaug.model";
  /** The {@value #META_MODEL} value of a classifier. */
  public static final String MODEL_CLASSIFIER = "classifier";
  /** Metadata key: the class names in label order, joined by {@link #joinClasses}. */
  public static final String META_CLASSES = "synthaug.classes";
  /** Metadata key: the number of classes. */
  public static final String META_NUM_CLASSES = "synthaug.num_classes";
  /** Metadata key: the input shape without the batch, {@code channels,height,width}. */
  public static final String META_INPUT_SHAPE = "synthaug.input_shape";
  /** Metadata key: image channels. */
  public static final String META_CHANNELS = "synthaug.channels";
  /** Metadata key: image height. */
  public static final String META_HEIGHT = "synthaug.height";
  /** Metadata key: image width. */
  public static final String META_WIDTH = "synthaug.width";
  /** Metadata key: the length of the feature output. */
  public static final String META_FEATURE_DIM = "synthaug.feature_dim";
  /** Metadata key: the range of the input pixels, {@code 0,1}. */
  public static final String META_PIXEL_RANGE = "synthaug.pixel_range";
  /** Metadata key: the architecture in words, such as {@code cnn conv[32,64] fc128}. */
  public static final String META_ARCHITECTURE = "synthaug.architecture";
  /** Metadata key: the training seed. */
  public static final String META_TRAIN_SEED = "synthaug.train_seed";
  /** Metadata key: SHA-256 of the weights ({@link TrainedClassifier#weightsSha256()}). */
  public static final String META_WEIGHTS_SHA256 = "synthaug.weights_sha256";

  /** Every key the exporter writes itself; callers' metadata may not replace them. */
  public static final List<String> RESERVED_KEYS = List.of(META_MODEL, META_CLASSES, META_NUM_CLASSES,
      META_INPUT_SHAPE, META_CHANNELS, META_HEIGHT, META_WIDTH, META_FEATURE_DIM, META_PIXEL_RANGE,
      META_ARCHITECTURE, META_TRAIN_SEED, META_WEIGHTS_SHA256);

  private ClassifierOnnxContract() {
  }

  /**
   * Joins class names with commas, escaping a comma in a name as {@code \,} and a backslash as
   * {@code \\}, so any name survives {@link #parseClasses}.
   */
  public static String joinClasses(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names.get(i).replace("\\", "\\\\").replace(",", "\\,"));
    }
    return sb.toString();
  }

  /** Splits a {@link #joinClasses} value back into the names. */
  public static List<String> parseClasses(String joined) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < joined.length(); i++) {
      char ch = joined.charAt(i);
      if (ch == '\\' && i + 1 < joined.length()) {
        cur.append(joined.charAt(++i));
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
