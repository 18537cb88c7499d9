package io.synthaug.core.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.synthaug.api.InputException;
import io.synthaug.api.SynthaugException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open ONNX Runtime session with the file it came from and the provider it runs on. Made by
 * {@link OrtRuntime#openSession}; close it to free the native session.
 */
public final class OrtSessionHandle implements AutoCloseable {

  private final Path model;
  private final OrtSession session;
  private final boolean cuda;
  private final Map<String, String> metadata;
  private final AtomicBoolean closed = new AtomicBoolean();

  OrtSessionHandle(Path model, OrtSession session, boolean cuda) {
    this.model = model;
    this.session = session;
    this.cuda = cuda;
    try {
      this.metadata = Collections.unmodifiableMap(new TreeMap<>(session.getMetadata().getCustomMetadata()));
    } catch (OrtException e) {
      closeQuietly();
      throw new InputException(model.toString(), "ONNX Runtime cannot read the model's metadata: "
          + OrtRuntime.firstLine(e.getMessage()), e);
    }
  }

  /** The ONNX Runtime session, for callers that need its full API. */
  public OrtSession session() {
    return session;
  }

  /** The model file. */
  public Path model() {
    return model;
  }

  /** Whether the session runs on the CUDA provider (false: CPU). */
  public boolean usingCuda() {
    return cuda;
  }

  /** The model's {@code metadata_props}, sorted by key. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Input names in model order. */
  public List<String> inputNames() {
    return List.copyOf(session.getInputNames());
  }

  /** Output names in model order. */
  public List<String> outputNames() {
    return List.copyOf(session.getOutputNames());
  }

  /**
   * The declared tensor type of input {@code name}.
   *
   * @throws InputException naming the file when the model has no such tensor input
   */
  public TensorInfo input(String name) {
    return tensorInfo(name, "input", () -> session.getInputInfo());
  }

  /**
   * The declared tensor type of output {@code name}.
   *
   * @throws InputException naming the file when the model has no such tensor output
   */
  public TensorInfo output(String name) {
    return tensorInfo(name, "output", () -> session.getOutputInfo());
  }

  /**
   * Checks that {@code name} is declared with element type {@code type} and {@code rank}
   * dimensions, and returns its shape (-1 where not fixed).
   */
  public long[] requireTensor(TensorInfo info, String name, OnnxJavaType type, int rank) {
    long[] shape = info.getShape();
    if (info.type != type || shape.length != rank) {
      throw new InputException(model.toString(), "'" + name + "' must be a tensor of " + type + " with rank " + rank
          + ", the model declares " + info.type + " " + Arrays.toString(shape));
    }
    return shape;
  }

  /** Runs the session, computing only {@code outputs}; failures name the model file. */
  public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, Set<String> outputs) {
    try {
      return session.run(inputs, outputs);
    } catch (OrtException e) {
      throw new InputException(model.toString(), "ONNX Runtime failed to run the model: "
          + OrtRuntime.firstLine(e.getMessage()), e);
    }
  }

  /** Closes the native session; later calls do nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new SynthaugException(model + ": closing the ONNX Runtime session failed: " + e.getMessage(), e);
    }
  }

  private void closeQuietly() {
    try {
      session.close();
    } catch (OrtException ignored) {
      // the metadata failure reported to the caller is the more useful error
    }
  }

  @FunctionalInterface
  private interface InfoSource {
    Map<String, NodeInfo> get() throws OrtException;
  }

  private TensorInfo tensorInfo(String name, String role, InfoSource source) {
    Map<String, NodeInfo> all;
    try {
      all = source.get();
    } catch (OrtException e) {
      throw new InputException(model.toString(), "ONNX Runtime cannot describe the model's " + role + "s: "
          + OrtRuntime.firstLine(e.getMessage()), e);
    }
    NodeInfo node = all.get(name);
    if (node == null) {
      throw new InputException(model.toString(), "the model has no " + role + " '" + name + "' (its " + role
          + "s: " + all.keySet() + ")");
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new InputException(model.toString(), role + " '" + name + "' is not a tensor: " + node.getInfo());
    }
    return info;
  }

  @Override
  public String toString() {
    return "OrtSessionHandle[" + model + (cuda ? ", CUDA" : ", CPU") + "]";
  }
}
