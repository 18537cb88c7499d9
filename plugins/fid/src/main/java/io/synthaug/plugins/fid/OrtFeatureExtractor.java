package io.synthaug.plugins.fid;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.ExtractorProtocol;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.core.Hashes;
import io.synthaug.core.WarningLines;
import io.synthaug.core.ort.OrtRuntime;
import io.synthaug.core.ort.OrtSessionHandle;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Features from one output of a user's ONNX model. The model's input is checked against the
 * declared size and the data when the extractor opens, and one probe image is run through it, so
 * a model that does not fit fails before any measuring with its file, its input shape and what
 * it was given.
 *
 * <p>A model whose input fixes the batch axis (an export with {@code [1, 3, 299, 299]} rather
 * than {@code [N, 3, 299, 299]}) gets batches of exactly that many images: the last batch of a
 * call, and the probe, are filled up with blank images whose features are dropped. Each image's
 * features are its own either way, since a model in inference mode treats the images of a batch
 * independently.
 */
final class OrtFeatureExtractor implements FeatureExtractor {

  /** Images per ONNX Runtime call: large enough to amortize the call, small enough for a 299x299x3 batch. */
  private static final int BATCH = 32;
  /** The largest batch a model may fix: 4,096 images of 299x299x3 are 4.4 GB of input. */
  static final int MAX_FIXED_BATCH = 4096;

  private final OrtSessionHandle handle;
  private final OnnxExtractorParams params;
  private final String input;
  private final String output;
  private final int channels;
  private final int height;
  private final int width;
  /** The batch size the model's input fixes, or 0 when its batch axis is open. */
  private final int fixedBatch;
  private final int featureDim;
  private final ExtractorProtocol protocol;

  private OrtFeatureExtractor(OrtSessionHandle handle, OnnxExtractorParams params, String input, String output,
      int fixedBatch, int[] chw, ExtractorProtocol protocolWithoutDim) {
    this.handle = handle;
    this.params = params;
    this.input = input;
    this.output = output;
    this.fixedBatch = fixedBatch;
    this.channels = chw[0];
    this.height = chw[1];
    this.width = chw[2];
    this.protocol = protocolWithoutDim;
    this.featureDim = probe();
  }

  /**
   * Opens the model of {@code params.path()}, resolved against the spec's folder.
   *
   * @throws InputException naming the file when it is missing, cannot be loaded, has no such
   *     input or output, or its input shape fits neither the declared size nor the data
   */
  static OrtFeatureExtractor open(OnnxExtractorParams params, ExtractorContext ctx) {
    Path file = ctx.resolve(params.path());
    if (!Files.isRegularFile(file)) {
      throw new InputException(file.toString(), "no such ONNX model (extractorParams.path '" + params.path()
          + "', resolved against the spec's folder)");
    }
    OrtSessionHandle handle = OrtRuntime.defaults().openSession(file, ctx.device(),
        WarningLines.route(ctx.log()::info, ctx.log()::warn));
    try {
      String in = pick(handle, handle.inputNames(), params.input(), "input");
      String out = pick(handle, handle.outputNames(), params.output(), "output");
      TensorInfo info = handle.input(in);
      long[] shape = info.getShape();
      String declared = "the model's input '" + in + "' is " + info.type + " " + Arrays.toString(shape)
          + " (N, C, H, W)";
      if (info.type != OnnxJavaType.FLOAT || shape.length != 4) {
        throw new InputException(file.toString(), declared + ", but the onnx extractor feeds float images as"
            + " [N, C, H, W]; export the model with such an input");
      }
      int fixedBatch = fixedBatch(file, declared, shape[0]);
      int c = size(file, declared, shape[1], params.channels(), "channels");
      int h = size(file, declared, shape[2], params.height(), "height");
      int w = size(file, declared, shape[3], params.width(), "width");
      if (c != 1 && c != 3) {
        throw new InputException(file.toString(), declared + ": " + c + " channels; the onnx extractor feeds 1"
            + " (grayscale) or 3 (RGB)");
      }
      checkData(file, declared, ctx.trainingData().samples().get(0).image(), c, h, w, params);
      TensorInfo outInfo = handle.output(out);
      if (outInfo.type != OnnxJavaType.FLOAT) {
        throw new InputException(file.toString(), "output '" + out + "' is " + outInfo.type
            + "; features must be float");
      }
      ExtractorProtocol protocol = new ExtractorProtocol("onnx:" + file.getFileName() + "#" + out,
          Hashes.sha256(file), h, w, params.resize().name().toLowerCase(Locale.ROOT));
      OrtFeatureExtractor extractor = new OrtFeatureExtractor(handle, params, in, out, fixedBatch,
          new int[] {c, h, w}, protocol);
      ctx.log().info(String.format(Locale.ROOT, "feature extractor: %s, %d features from %dx%dx%d input (%s)%s",
          protocol.name(), extractor.featureDim, h, w, c, protocol.resize(), fixedBatch == 0 ? ""
              : ", batches of the model's fixed " + fixedBatch + " images (the last one filled up with blanks)"));
      return extractor;
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  private static String pick(OrtSessionHandle handle, List<String> names, String wanted, String role) {
    if (wanted != null) {
      if (!names.contains(wanted)) {
        throw new InputException(handle.model().toString(), "the model has no " + role + " '" + wanted + "' (its "
            + role + "s: " + names + "); set extractorParams." + role + " to one of them");
      }
      return wanted;
    }
    if (names.size() != 1) {
      throw new InputException(handle.model().toString(), "the model has " + names.size() + " " + role + "s " + names
          + "; say which to use with extractorParams." + role);
    }
    return names.get(0);
  }

  /** The batch size the model fixes, or 0 where it leaves the batch axis open. */
  private static int fixedBatch(Path file, String declared, long modelBatch) {
    if (modelBatch <= 0) {
      return 0;
    }
    if (modelBatch > MAX_FIXED_BATCH) {
      throw new InputException(file.toString(), declared + ": its batch axis is fixed at " + modelBatch
          + " images, more than the " + MAX_FIXED_BATCH + " the onnx extractor runs at once; export the model with"
          + " an open batch axis (N) or a smaller fixed batch");
    }
    return (int) modelBatch;
  }

  /** The model's size on one axis, or the declared one where the model leaves it open. */
  private static int size(Path file, String declared, long modelSize, Integer given, String field) {
    if (modelSize > 0) {
      if (given != null && given != modelSize) {
        throw new InputException(file.toString(), declared + ", but extractorParams give " + field + " " + given
            + "; leave " + field + " out or set it to " + modelSize);
      }
      return (int) modelSize;
    }
    if (given == null) {
      throw new InputException(file.toString(), declared + " does not fix its " + field + "; give extractorParams."
          + field);
    }
    return given;
  }

  private static void checkData(Path file, String declared, Image first, int c, int h, int w,
      OnnxExtractorParams params) {
    if (first.channels() == 3 && c == 1) {
      throw new InputException(file.toString(), declared + " takes 1 channel, but the images are " + first.shape()
          + " (RGB); convert them to grayscale or use a model that takes 3 channels");
    }
    if (params.resize() == ResizeMethod.NONE && (first.height() != h || first.width() != w)) {
      throw new InputException(file.toString(), declared + " takes " + h + "x" + w + ", but the images are "
          + first.shape() + " and extractorParams.resize is none; set resize to bilinear or resize the images first");
    }
    if (c == 1 && (params.mean().size() == 3 || params.std().size() == 3)) {
      throw new InputException(file.toString(), declared + " takes 1 channel, but extractorParams give 3 values for"
          + " mean or std; give one value each");
    }
  }

  /** Runs one blank image to learn the feature length and to prove the model takes this input. */
  private int probe() {
    float[][] rows;
    try {
      rows = batch(List.of(Image.blank(height, width, channels)), -1);
    } catch (InputException e) {
      throw new InputException(handle.model().toString(), "the model does not run on input '" + input + "' of shape "
          + Arrays.toString(new long[] {Math.max(1, fixedBatch), channels, height, width}) + " (N, C, H, W): "
          + e.getMessage() + "; check extractorParams height, width and channels against the model", e);
    }
    if (rows[0].length == 0) {
      throw new InputException(handle.model().toString(), "output '" + output + "' has no values per image");
    }
    return rows[0].length;
  }

  @Override
  public int featureDim() {
    return featureDim;
  }

  @Override
  public ExtractorProtocol protocol() {
    return protocol;
  }

  @Override
  public float[][] features(List<Image> images) {
    for (int i = 0; i < images.size(); i++) {
      Image img = images.get(i);
      if (img.channels() == 3 && channels == 1) {
        throw new InputException(handle.model().toString(), "image " + i + " is " + img.shape()
            + " but the model takes 1 channel; convert the images to grayscale");
      }
      if (params.resize() == ResizeMethod.NONE && (img.height() != height || img.width() != width)) {
        throw new InputException(handle.model().toString(), "image " + i + " is " + img.shape() + " but the model takes "
            + height + "x" + width + " and extractorParams.resize is none");
      }
    }
    float[][] out = new float[images.size()][];
    int step = fixedBatch > 0 ? fixedBatch : BATCH;
    for (int from = 0; from < images.size(); from += step) {
      int to = Math.min(images.size(), from + step);
      float[][] rows = batch(images.subList(from, to), featureDim);
      System.arraycopy(rows, 0, out, from, rows.length);
    }
    return out;
  }

  /**
   * The features of up to one batch of images: one call with the images as they are, or, where
   * the model fixes the batch size, with blank images after them up to that size, whose rows are
   * dropped.
   */
  private float[][] batch(List<Image> images, int rowLength) {
    if (fixedBatch == 0 || images.size() == fixedBatch) {
      return run(images, rowLength);
    }
    List<Image> filled = new ArrayList<>(fixedBatch);
    filled.addAll(images);
    Image blank = Image.blank(height, width, channels);
    while (filled.size() < fixedBatch) {
      filled.add(blank);
    }
    return Arrays.copyOf(run(filled, rowLength), images.size());
  }

  /** One ONNX Runtime call; {@code rowLength} -1 accepts whatever length the output has. */
  private float[][] run(List<Image> batch, int rowLength) {
    int n = batch.size();
    int plane = height * width;
    float[] x = new float[n * channels * plane];
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = OnnxExtractorParams.channelValue(params.mean(), c);
      std[c] = OnnxExtractorParams.channelValue(params.std(), c);
    }
    float scale = params.scale().floatValue();
    for (int i = 0; i < n; i++) {
      Image img = Bilinear.resize(batch.get(i), height, width);
      float[] px = img.pixels();
      int own = img.channels();
      for (int c = 0; c < channels; c++) {
        // A grayscale image fills every channel the model wants with its one channel.
        int src = own == 1 ? 0 : c;
        int base = (i * channels + c) * plane;
        for (int p = 0; p < plane; p++) {
          x[base + p] = (px[p * own + src] * scale - mean[c]) / std[c];
        }
      }
    }
    long[] shape = {n, channels, height, width};
    try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(x), shape);
        OrtSession.Result result = handle.run(Map.of(input, tensor), Set.of(output))) {
      OnnxValue value = result.get(output).orElseThrow();
      FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
      int total = buffer.remaining();
      if (total % n != 0 || (rowLength > 0 && total != n * rowLength)) {
        throw new InputException(handle.model().toString(), "output '" + output + "' has " + total + " values for "
            + n + " images" + (rowLength > 0 ? ", expected " + rowLength + " per image" : ""));
      }
      float[][] rows = new float[n][total / n];
      for (float[] row : rows) {
        buffer.get(row);
      }
      return rows;
    } catch (OrtException e) {
      throw new InputException(handle.model().toString(), "ONNX Runtime could not take the batch: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    handle.close();
  }
}
