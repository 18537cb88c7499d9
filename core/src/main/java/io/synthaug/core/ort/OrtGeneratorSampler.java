package io.synthaug.core.ort;

import static io.synthaug.core.onnx.GeneratorOnnxContract.IMAGE;
import static io.synthaug.core.onnx.GeneratorOnnxContract.LABEL;
import static io.synthaug.core.onnx.GeneratorOnnxContract.NOISE;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.ml.ClassifierOnnxContract;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Samples images from a class-conditional generator exported under {@link GeneratorOnnxContract}:
 * noise and labels in, HWC {@link Image}s with values in [0, 1] out.
 *
 * <p>Requests are cut into runs of at most {@link #batchSize()} samples so memory stays bounded
 * however many images are asked for. On the CPU the runtime's threads work in parallel on
 * separate runs of one intra-op thread each ({@code ParallelRuns}: a request of {@code n}
 * samples on {@code t} threads runs as slices of {@code min(batchSize, ceil(n / t))}, so one
 * batch of 64 keeps two cores busy); for this project's generators that measured 1.8x the
 * throughput of one run split over two intra-op threads. On CUDA one run at a time takes up to
 * the whole batch size.
 *
 * <p>The result of one sample depends only on its noise, label and, in principle, the size of
 * the run it ran in (ONNX Runtime may pick other kernels for other sizes, which would change the
 * last bits of floats; for the generators exported here the bytes measured the same for every
 * size from 1 to 256 and for 1 or 2 threads). Outputs come back in request order.
 * {@link #sample} is safe to call from several threads.
 */
public final class OrtGeneratorSampler implements AutoCloseable {

  /**
   * The most samples one run may take: 65,536 images of 3 x 32 x 32 are 805 MB of output floats,
   * and the gan stage's {@code sampleBatch} has the same bound.
   */
  public static final int MAX_BATCH = 65_536;

  /** What a file that is no generator is told to be instead. */
  private static final String WHAT_A_GENERATOR_IS = "runner sample takes the generator.onnx a gan stage writes to"
      + " artifacts/<stage-id>/ (inputs 'noise' and 'label', output 'image', synthaug.* metadata)";

  private final OrtSessionHandle handle;
  private final int batchSize;
  /** The runtime's threads on the CPU, 1 on CUDA. */
  private final ParallelRuns runs;
  private final OutputRange range;
  private final int zDim;
  private final int channels;
  private final int height;
  private final int width;
  private final int numClasses;

  private OrtGeneratorSampler(OrtSessionHandle handle, int batchSize, int lanes) {
    this.handle = handle;
    this.batchSize = batchSize;
    String file = handle.model().toString();
    Map<String, String> meta = handle.metadata();
    String rangeKey = meta.get(GeneratorOnnxContract.META_OUTPUT_RANGE);
    if (rangeKey == null && !hasGeneratorTensors(handle)) {
      throw new InputException(file, "is not a generator written by a gan stage: " + describe(handle) + "; "
          + WHAT_A_GENERATOR_IS);
    }
    this.range = OutputRange.fromKey(rangeKey);
    if (range == null) {
      throw new InputException(file, "metadata '" + GeneratorOnnxContract.META_OUTPUT_RANGE + "' must be 'tanh' or "
          + "'sigmoid', got " + (rangeKey == null ? "nothing" : "'" + rangeKey + "'")
          + "; a generator written by a gan stage always has it");
    }
    long[] noise = handle.requireTensor(handle.input(NOISE), NOISE, OnnxJavaType.FLOAT, 2);
    handle.requireTensor(handle.input(LABEL), LABEL, OnnxJavaType.INT64, 1);
    long[] image = handle.requireTensor(handle.output(IMAGE), IMAGE, OnnxJavaType.FLOAT, 4);
    this.zDim = size(noise[1], GeneratorOnnxContract.META_Z_DIM);
    this.channels = size(image[1], GeneratorOnnxContract.META_CHANNELS);
    this.height = size(image[2], GeneratorOnnxContract.META_HEIGHT);
    this.width = size(image[3], GeneratorOnnxContract.META_WIDTH);
    if (channels != 1 && channels != 3) {
      throw new InputException(file, "the generator makes " + channels + "-channel images; only 1 or 3 are supported");
    }
    String classes = meta.get(GeneratorOnnxContract.META_NUM_CLASSES);
    this.numClasses = classes == null ? -1 : positive(classes, GeneratorOnnxContract.META_NUM_CLASSES);
    this.runs = new ParallelRuns(lanes, handle.model().getFileName().toString());
  }

  /** Opens a generator with default runtime settings. */
  public static OrtGeneratorSampler open(Path model, Device device, int batchSize, Consumer<String> log) {
    return open(OrtRuntime.defaults(), model, device, batchSize, log);
  }

  /**
   * Opens the generator in {@code model}.
   *
   * @param batchSize the most samples one run takes, from 1 to {@link #MAX_BATCH}
   * @throws InputException naming the file when it cannot be loaded or breaks the generator
   *     contract (inputs, output, metadata)
   */
  public static OrtGeneratorSampler open(OrtRuntime runtime, Path model, Device device, int batchSize,
      Consumer<String> log) {
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException("batch size must be from 1 to " + MAX_BATCH + ", got " + batchSize);
    }
    // One intra-op thread per session: on the CPU the runtime's threads run separate runs instead.
    OrtRuntime single = runtime.intraOpThreads() == 1 ? runtime : new OrtRuntime(1, runtime.allowSpinning());
    OrtSessionHandle handle = single.openSession(model, device, log);
    try {
      return new OrtGeneratorSampler(handle, batchSize, handle.usingCuda() ? 1 : runtime.intraOpThreads());
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Generates one image per label.
   *
   * @param labels class indices, each in {@code [0, numClasses)} when the model declares
   *     {@link #numClasses()}
   * @param noise {@code labels.length * zDim} values, the noise vector of sample {@code i} at
   *     {@code [i * zDim, (i + 1) * zDim)}
   * @return the images, in label order
   * @throws InputException naming the model when ONNX Runtime fails or the output has another
   *     shape or a value that is not finite (NaN or infinite)
   */
  public List<Image> sample(int[] labels, float[] noise) {
    if ((long) labels.length * zDim != noise.length) {
      throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * zDim
          + " noise values (zDim " + zDim + "), got " + noise.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || (numClasses > 0 && labels[i] >= numClasses)) {
        throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, "
            + (numClasses > 0 ? numClasses : "inf") + ")");
      }
    }
    List<List<Image>> parts = runs.map(labels.length, batchSize, (start, n) -> {
      List<Image> part = new ArrayList<>(n);
      runBatch(labels, noise, start, n, part);
      return part;
    });
    List<Image> images = new ArrayList<>(labels.length);
    parts.forEach(images::addAll);
    return images;
  }

  private void runBatch(int[] labels, float[] noise, int start, int n, List<Image> into) {
    long[] labelBatch = new long[n];
    for (int i = 0; i < n; i++) {
      labelBatch[i] = labels[start + i];
    }
    FloatBuffer noiseBatch = FloatBuffer.wrap(noise, start * zDim, n * zDim).slice();
    try (OnnxTensor z = OnnxTensor.createTensor(OrtRuntime.environment(), noiseBatch, new long[] {n, zDim});
        OnnxTensor y = OnnxTensor.createTensor(OrtRuntime.environment(), LongBuffer.wrap(labelBatch), new long[] {n});
        OrtSession.Result result = handle.run(Map.of(NOISE, z, LABEL, y), Set.of(IMAGE))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      long[] shape = out.getInfo().getShape();
      if (!Arrays.equals(shape, new long[] {n, channels, height, width})) {
        throw new InputException(handle.model().toString(), "output '" + IMAGE + "' has shape "
            + Arrays.toString(shape) + ", expected [" + n + ", " + channels + ", " + height + ", " + width + "]");
      }
      float[] nchw = new float[n * channels * height * width];
      out.getFloatBuffer().get(nchw);
      toImages(nchw, start, n, into);
    } catch (OrtException e) {
      throw new InputException(handle.model().toString(), "ONNX Runtime could not take the input tensors: "
          + OrtRuntime.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Converts the NCHW output of samples {@code [start, start + n)} into images.
   *
   * @throws InputException naming the model when a value is not finite (NaN or infinite): the
   *     generator has diverged, and no image should carry such a pixel into a dataset or a PNG
   */
  private void toImages(float[] nchw, int start, int n, List<Image> into) {
    int plane = height * width;
    for (int s = 0; s < n; s++) {
      float[] hwc = new float[plane * channels];
      int base = s * channels * plane;
      for (int c = 0; c < channels; c++) {
        int src = base + c * plane;
        for (int p = 0; p < plane; p++) {
          float v = nchw[src + p];
          if (!Float.isFinite(v)) {
            throw new InputException(handle.model().toString(), "output '" + IMAGE + "' of sample " + (start + s)
                + " is " + v + " at channel " + c + ", row " + p / width + ", column " + p % width
                + "; a generator whose output is not finite has diverged: retrain it or export an earlier "
                + "checkpoint");
          }
          hwc[p * channels + c] = range.toUnit(v);
        }
      }
      into.add(new Image(height, width, channels, hwc));
    }
  }

  /** Whether the model has the generator's inputs and output, whatever their types. */
  private static boolean hasGeneratorTensors(OrtSessionHandle handle) {
    try {
      return handle.session().getInputInfo().keySet().containsAll(Set.of(NOISE, LABEL))
          && handle.session().getOutputInfo().containsKey(IMAGE);
    } catch (OrtException e) {
      return false;
    }
  }

  /**
   * What the model looks like, for a file that is no generator: its inputs and outputs with
   * element types and shapes ({@code ?} where open), and what its {@code synthaug.*} metadata
   * says it is, such as the gate's feature classifier.
   */
  static String describe(OrtSessionHandle handle) {
    StringBuilder out = new StringBuilder();
    try {
      out.append("its inputs are ").append(tensors(handle.session().getInputInfo()))
          .append(" and its outputs ").append(tensors(handle.session().getOutputInfo()));
    } catch (OrtException e) {
      out.append("ONNX Runtime cannot list its inputs and outputs (").append(OrtRuntime.firstLine(e.getMessage()))
          .append(")");
    }
    Map<String, String> meta = handle.metadata();
    String kind = meta.getOrDefault("synthaug.purpose", meta.get(ClassifierOnnxContract.META_MODEL));
    if (kind != null) {
      out.append("; its metadata says it is: ").append(kind);
    } else if (meta.keySet().stream().noneMatch(k -> k.startsWith("synthaug."))) {
      out.append("; it has no synthaug.* metadata");
    }
    return out.toString();
  }

  private static String tensors(Map<String, NodeInfo> nodes) {
    List<String> parts = new ArrayList<>();
    nodes.forEach((name, node) -> {
      if (node.getInfo() instanceof TensorInfo t) {
        StringBuilder shape = new StringBuilder();
        for (long d : t.getShape()) {
          shape.append(shape.length() == 0 ? "" : ", ").append(d < 0 ? "?" : Long.toString(d));
        }
        parts.add("'" + name + "' (" + t.type.toString().toLowerCase(Locale.ROOT) + " [" + shape + "])");
      } else {
        parts.add("'" + name + "' (not a tensor)");
      }
    });
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private int size(long declared, String metaKey) {
    if (declared > 0) {
      return Math.toIntExact(declared);
    }
    String value = handle.metadata().get(metaKey);
    if (value == null) {
      throw new InputException(handle.model().toString(), "the generator's shape leaves a size open and metadata '"
          + metaKey + "' is missing; a generator written by a gan stage has it");
    }
    return positive(value, metaKey);
  }

  private int positive(String value, String metaKey) {
    try {
      int v = Integer.parseInt(value.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key and the value
    }
    throw new InputException(handle.model().toString(), "metadata '" + metaKey + "' must be a positive integer, got '"
        + value + "'");
  }

  /** Noise values per sample. */
  public int zDim() {
    return zDim;
  }

  /** Image channels (1 or 3). */
  public int channels() {
    return channels;
  }

  /** Image height. */
  public int height() {
    return height;
  }

  /** Image width. */
  public int width() {
    return width;
  }

  /** Number of classes from the model's metadata, or -1 when it does not say. */
  public int numClasses() {
    return numClasses;
  }

  /** The most samples one run takes. */
  public int batchSize() {
    return batchSize;
  }

  /** Runs that may execute at once: the runtime's threads on the CPU, 1 on CUDA. */
  public int parallelRuns() {
    return runs.lanes();
  }

  /** The range of the model's raw output. */
  public OutputRange outputRange() {
    return range;
  }

  /** Whether sampling runs on the CUDA provider. */
  public boolean usingCuda() {
    return handle.usingCuda();
  }

  /** The model's {@code metadata_props}. */
  public Map<String, String> metadata() {
    return handle.metadata();
  }

  @Override
  public void close() {
    // Returns once no pool thread is inside a run, so the session is not closed under one.
    runs.close();
    handle.close();
  }
}
