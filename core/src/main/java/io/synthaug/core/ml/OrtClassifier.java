package io.synthaug.core.ml;

import static io.synthaug.core.ml.ClassifierOnnxContract.*;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.ort.OrtRuntime;
import io.synthaug.core.ort.OrtSessionHandle;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A classifier exported by {@link TrainedClassifier#exportOnnx} (or any model following
 * {@link ClassifierOnnxContract}), run by ONNX Runtime: predictions for label agreement and
 * features for FID without the PyTorch engine. Thread-safe; close it to free the session.
 */
public final class OrtClassifier implements LabelPredictor, FeatureExtractor, AutoCloseable {

  /** Images per ONNX Runtime call. */
  private static final int BATCH_SIZE = 256;

  private final OrtSessionHandle handle;
  private final int channels;
  private final int height;
  private final int width;
  private final int classes;
  private final int featureDim;
  private final List<String> classNames;

  private OrtClassifier(OrtSessionHandle handle) {
    this.handle = handle;
    String file = handle.model().toString();
    long[] in = handle.requireTensor(handle.input(IMAGE), IMAGE, OnnxJavaType.FLOAT, 4);
    long[] logits = handle.requireTensor(handle.output(LOGITS), LOGITS, OnnxJavaType.FLOAT, 2);
    long[] features = handle.requireTensor(handle.output(FEATURES), FEATURES, OnnxJavaType.FLOAT, 2);
    if (in[1] < 1 || in[2] < 1 || in[3] < 1 || logits[1] < 1 || features[1] < 1) {
      throw new InputException(file, "the classifier must declare fixed channel, height, width, class and "
          + "feature sizes; it declares image " + Arrays.toString(in) + ", logits "
          + Arrays.toString(logits) + ", features " + Arrays.toString(features));
    }
    this.channels = (int) in[1];
    this.height = (int) in[2];
    this.width = (int) in[3];
    this.classes = (int) logits[1];
    this.featureDim = (int) features[1];
    String names = handle.metadata().get(META_CLASSES);
    List<String> parsed = names == null ? null : parseClasses(names);
    if (parsed == null || parsed.size() != classes) {
      parsed = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
    this.classNames = parsed;
  }

  /** Opens {@code model} with the default runtime (all cores, no spinning threads). */
  public static OrtClassifier open(Path model, Device device, Consumer<String> log) {
    return open(OrtRuntime.defaults(), model, device, log);
  }

  /**
   * Opens {@code model} with {@code runtime}'s settings.
   *
   * @throws InputException naming the file when it cannot be loaded or lacks the contract's
   *     {@code image} input or {@code logits} and {@code features} outputs
   */
  public static OrtClassifier open(OrtRuntime runtime, Path model, Device device, Consumer<String> log) {
    OrtSessionHandle handle = runtime.openSession(model, device, log == null ? line -> { } : log);
    try {
      return new OrtClassifier(handle);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /** The number of classes. */
  public int classes() {
    return classes;
  }

  /** The class names from the model's metadata, or {@code "0"}, {@code "1"}, ... without it. */
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public int featureDim() {
    return featureDim;
  }

  /** The image shape the model takes, {@code HxWxC}. */
  public String inputShape() {
    return height + "x" + width + "x" + channels;
  }

  /** Whether the session runs on the CUDA provider. */
  public boolean usingCuda() {
    return handle.usingCuda();
  }

  /** The model's {@code metadata_props}. */
  public Map<String, String> metadata() {
    return handle.metadata();
  }

  @Override
  public int[] predict(List<Image> images) {
    float[][] logits = logits(images);
    int[] out = new int[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Softmax.argmax(logits[i], 0, classes);
    }
    return out;
  }

  /** The logits ({@code [n][classes]}) of each image. */
  public float[][] logits(List<Image> images) {
    return run(images, LOGITS, classes);
  }

  @Override
  public float[][] features(List<Image> images) {
    return run(images, FEATURES, featureDim);
  }

  private float[][] run(List<Image> images, String output, int rowLength) {
    Objects.requireNonNull(images, "images");
    ImageBatches.requireShape(images, height, width, channels, "images");
    float[][] out = new float[images.size()][];
    for (int from = 0; from < images.size(); from += BATCH_SIZE) {
      int to = Math.min(images.size(), from + BATCH_SIZE);
      float[] x = ImageBatches.toNchw(images, null, from, to);
      long[] shape = {to - from, channels, height, width};
      try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(x), shape);
          OrtSession.Result result = handle.run(Map.of(IMAGE, tensor), Set.of(output))) {
        OnnxValue value = result.get(output).orElseThrow();
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        for (int i = from; i < to; i++) {
          out[i] = new float[rowLength];
          buffer.get(out[i]);
        }
      } catch (OrtException e) {
        throw new InputException(handle.model().toString(), "ONNX Runtime could not take the image batch: "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    handle.close();
  }
}
