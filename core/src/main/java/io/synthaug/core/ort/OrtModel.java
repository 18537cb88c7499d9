package io.synthaug.core.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A model with one float input, run for one float output: a classifier or a feature extractor
 * exported to ONNX. {@link #run} is safe to call from several threads; close the model when done.
 */
public final class OrtModel implements AutoCloseable {

  private final OrtSessionHandle handle;
  private final String inputName;
  private final long[] inputShape;
  private final String outputName;

  private OrtModel(OrtSessionHandle handle, String outputName) {
    this.handle = handle;
    String file = handle.model().toString();
    if (handle.inputNames().size() != 1) {
      throw new InputException(file, "expected a model with exactly one input, it has " + handle.inputNames());
    }
    this.inputName = handle.inputNames().get(0);
    TensorInfo in = handle.input(inputName);
    if (in.type != OnnxJavaType.FLOAT) {
      throw new InputException(file, "input '" + inputName + "' must be float, the model declares " + in.type);
    }
    this.inputShape = in.getShape();
    this.outputName = outputName != null ? outputName : handle.outputNames().get(0);
    TensorInfo out = handle.output(this.outputName);
    if (out.type != OnnxJavaType.FLOAT) {
      throw new InputException(file, "output '" + this.outputName + "' must be float, the model declares "
          + out.type);
    }
  }

  /** Opens {@code model} with default runtime settings and runs its first output. */
  public static OrtModel open(Path model, Device device, Consumer<String> log) {
    return open(OrtRuntime.defaults(), model, device, log, null);
  }

  /**
   * Opens {@code model} with {@code runtime}'s settings.
   *
   * @param outputName the output to compute, or {@code null} for the model's first output
   * @throws InputException naming the file when it cannot be loaded or does not have one float
   *     input and the float output asked for
   */
  public static OrtModel open(OrtRuntime runtime, Path model, Device device, Consumer<String> log,
      String outputName) {
    OrtSessionHandle handle = runtime.openSession(model, device, log);
    try {
      return new OrtModel(handle, outputName);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Runs the model on {@code input} of shape {@code shape} (row-major).
   *
   * @throws IllegalArgumentException when the shape does not match the data or the declared input
   */
  public FloatTensor run(float[] input, long... shape) {
    checkShape(input.length, shape);
    try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(input), shape);
        OrtSession.Result result = handle.run(Map.of(inputName, tensor), Set.of(outputName))) {
      OnnxValue value = result.get(0);
      OnnxTensor out = (OnnxTensor) value;
      FloatBuffer buffer = out.getFloatBuffer();
      float[] data = new float[buffer.remaining()];
      buffer.get(data);
      return new FloatTensor(data, out.getInfo().getShape());
    } catch (OrtException e) {
      throw new InputException(handle.model().toString(), "ONNX Runtime could not pass the input tensor: "
          + OrtRuntime.firstLine(e.getMessage()), e);
    }
  }

  private void checkShape(int length, long[] shape) {
    if (shape.length != inputShape.length) {
      throw new IllegalArgumentException("input '" + inputName + "' has rank " + inputShape.length + " "
          + Arrays.toString(inputShape) + ", got shape " + Arrays.toString(shape));
    }
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || (inputShape[i] >= 0 && inputShape[i] != shape[i])) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit input '" + inputName
            + "' " + Arrays.toString(inputShape));
      }
      count *= shape[i];
    }
    if (count != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
          + length);
    }
  }

  /** The input's name. */
  public String inputName() {
    return inputName;
  }

  /** The declared input shape, -1 where not fixed. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The output computed by {@link #run}. */
  public String outputName() {
    return outputName;
  }

  /** Whether the model runs on the CUDA provider. */
  public boolean usingCuda() {
    return handle.usingCuda();
  }

  /** The model's {@code metadata_props}. */
  public Map<String, String> metadata() {
    return handle.metadata();
  }

  /** The model file. */
  public Path model() {
    return handle.model();
  }

  @Override
  public void close() {
    handle.close();
  }
}
