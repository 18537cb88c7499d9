package io.synthaug.core.ml;

import ai.djl.engine.Engine;
import io.synthaug.api.Device;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.GpuHints;
import io.synthaug.core.WarningLines;
import java.util.List;
import java.util.function.Consumer;

/** Pixel layout conversion, shape checks and device choice shared by training and inference. */
final class ImageBatches {

  /** The DJL engine every network here runs on. */
  static final String ENGINE = "PyTorch";

  private ImageBatches() {
  }

  /**
   * Copies {@code images.get(order[from..to))} from HWC into one NCHW array (the layout of
   * PyTorch convolutions and of the exported ONNX input); {@code order == null} means the
   * identity.
   */
  static float[] toNchw(List<Image> images, int[] order, int from, int to) {
    Image first = images.get(order == null ? from : order[from]);
    int h = first.height();
    int w = first.width();
    int c = first.channels();
    int plane = h * w;
    float[] out = new float[(to - from) * c * plane];
    for (int n = from; n < to; n++) {
      float[] px = images.get(order == null ? n : order[n]).pixels();
      int base = (n - from) * c * plane;
      if (c == 1) {
        System.arraycopy(px, 0, out, base, plane);
        continue;
      }
      for (int p = 0, src = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + ch * plane + p] = px[src++];
        }
      }
    }
    return out;
  }

  /**
   * Checks that every image has the shape {@code config} takes.
   *
   * @param source what the images are, for the message (such as {@code training dataset})
   * @throws InputException naming the first null image or image of another shape
   */
  static void requireShape(List<Image> images, ClassifierConfig config, String source) {
    requireShape(images, config.height(), config.width(), config.channels(), source);
  }

  /**
   * Checks that every image is {@code height x width x channels}, for classifiers without a
   * {@link ClassifierConfig} (such as an exported model run by ONNX Runtime).
   *
   * @param source what the images are, for the message
   * @throws InputException naming the first null image or image of another shape
   */
  static void requireShape(List<Image> images, int height, int width, int channels, String source) {
    for (int i = 0; i < images.size(); i++) {
      Image img = images.get(i);
      if (img == null) {
        throw new InputException(source, "image " + i + " is null");
      }
      if (img.height() != height || img.width() != width || img.channels() != channels) {
        throw new InputException(source, "image " + i + " is " + img.shape() + " but the classifier takes "
            + height + "x" + width + "x" + channels + " (HxWxC); resize or convert the images to one shape first");
      }
    }
  }

  /**
   * The DJL device for {@code device}: the first GPU when asked for ({@link Device#GPU}) or
   * allowed ({@link Device#AUTO}) and the PyTorch engine sees one, else the CPU. Falling back from
   * an explicit GPU request is said in one line.
   */
  static ai.djl.Device resolve(Device device, Consumer<String> log) {
    if (device == Device.CPU) {
      return ai.djl.Device.cpu();
    }
    int gpus = Engine.getEngine(ENGINE).getGpuCount();
    if (gpus > 0) {
      return ai.djl.Device.gpu();
    }
    if (device == Device.GPU && log != null) {
      log.accept(WarningLines.PREFIX + "GPU requested for the classifier but the PyTorch engine sees none; using the CPU"
          + " (" + GpuHints.PYTORCH + ")");
    }
    return ai.djl.Device.cpu();
  }
}
