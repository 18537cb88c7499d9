package io.synthaug.core.onnx;

import java.util.List;
import java.util.Locale;

/**
 * The names, shapes and metadata a class-conditional generator exported to ONNX carries, so the
 * exporter and the sampler agree on one contract.
 *
 * <p>Inputs: {@value #NOISE} float {@code [batch, zDim]} and {@value #LABEL} int64
 * {@code [batch]} (class indices from 0). Output: {@value #IMAGE} float
 * {@code [batch, channels, height, width]} (NCHW) in the range named by metadata
 * {@value #META_OUTPUT_RANGE}. The batch dimension is the symbol {@value #BATCH}.
 */
public final class GeneratorOnnxContract {

  /** Name of the noise input. */
  public static final String NOISE = "noise";
  /** Name of the class-label input. */
  public static final String LABEL = "label";
  /** Name of the image output. */
  public static final String IMAGE = "image";
  /** Symbol of the batch dimension shared by inputs and output. */
  public static final String BATCH = "batch";

  /** Metadata key: {@code tanh} (output in [-1, 1]) or {@code sigmoid} (output in [0, 1]). */
  public static final String META_OUTPUT_RANGE = "synthaug.output_range";
  /** Metadata key: the number of classes the label input accepts. */
  public static final String META_NUM_CLASSES = "synthaug.num_classes";
  /** Metadata key: the noise dimension, used when the noise input's shape is not fixed. */
  public static final String META_Z_DIM = "synthaug.z_dim";
  /** Metadata key: image channels, used when the output shape is not fixed. */
  public static final String META_CHANNELS = "synthaug.channels";
  /** Metadata key: image height, used when the output shape is not fixed. */
  public static final String META_HEIGHT = "synthaug.height";
  /** Metadata key: image width, used when the output shape is not fixed. */
  public static final String META_WIDTH = "synthaug.width";
  /** Metadata key: the class names by label, as a JSON array of strings. */
  public static final String META_CLASS_NAMES = "synthaug.class_names";

  private GeneratorOnnxContract() {
  }

  /** The value range of the generator's last activation. */
  public enum OutputRange {
    /** {@code tanh}: values in [-1, 1]. */
    TANH,
    /** {@code sigmoid}: values in [0, 1]. */
    SIGMOID;

    /** The metadata value, {@code tanh} or {@code sigmoid}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Maps a raw output value to [0, 1], clamping the rounding excess of the activation (and
     * infinities, to 0 or 1).
     *
     * @throws IllegalArgumentException when {@code v} is NaN, which has no place in [0, 1]; a
     *     generator that outputs it has diverged
     */
    public float toUnit(float v) {
      if (Float.isNaN(v)) {
        throw new IllegalArgumentException("the generator output NaN, which maps to no value in [0, 1]");
      }
      float u = this == TANH ? (v + 1f) * 0.5f : v;
      return u < 0f ? 0f : Math.min(u, 1f);
    }

    /** The range named by a metadata value, or {@code null} when the value is not a known range. */
    public static OutputRange fromKey(String key) {
      for (OutputRange r : values()) {
        if (r.key().equals(key)) {
          return r;
        }
      }
      return null;
    }
  }

  /**
   * Declares the generator's inputs and output on {@code graph} and writes the contract's metadata.
   * The exporter then adds nodes that read {@value #NOISE} and {@value #LABEL} and a last node
   * whose output is named {@value #IMAGE}.
   */
  public static void declare(OnnxGraphBuilder graph, int zDim, int numClasses, int channels, int height,
      int width, OutputRange range) {
    if (zDim < 1 || numClasses < 1 || channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("generator sizes must be positive: zDim=" + zDim + ", classes="
          + numClasses + ", image " + channels + "x" + height + "x" + width);
    }
    graph.input(NOISE, OnnxGraphBuilder.FLOAT, List.of(BATCH, zDim))
        .input(LABEL, OnnxGraphBuilder.INT64, List.of(BATCH))
        .output(IMAGE, OnnxGraphBuilder.FLOAT, List.of(BATCH, channels, height, width))
        .metadata(META_OUTPUT_RANGE, range.key())
        .metadata(META_NUM_CLASSES, Integer.toString(numClasses))
        .metadata(META_Z_DIM, Integer.toString(zDim))
        .metadata(META_CHANNELS, Integer.toString(channels))
        .metadata(META_HEIGHT, Integer.toString(height))
        .metadata(META_WIDTH, Integer.toString(width));
  }
}
