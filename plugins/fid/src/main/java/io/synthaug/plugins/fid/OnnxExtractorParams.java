package io.synthaug.plugins.fid;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import java.util.List;

/**
 * Parameters of the {@code onnx} feature extractor. The model takes float images as
 * {@code [N, C, H, W]}; each pixel value {@code p} in {@code [0, 1]} is fed as
 * {@code (p * scale - mean[c]) / std[c]}.
 *
 * <p>Example for a torchvision Inception-v3 export: {@code {"path": "inception-v3.onnx",
 * "output": "pool3", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}; its declared
 * input {@code [N, 3, 299, 299]} fixes the size, and grayscale images are repeated to 3 channels.
 *
 * @param path the model file, relative to the spec's folder
 * @param output the output to read features from
 * @param input the image input
 * @param height the input height, when the model does not fix it
 * @param width the input width, when the model does not fix it
 * @param channels the input channels, when the model does not fix them
 * @param mean subtracted after scaling: one value, or one per channel
 * @param std divided by after the mean: one value, or one per channel
 * @param scale multiplies pixel values in [0, 1] first
 * @param resize how images are brought to the input size
 */
public record OnnxExtractorParams(
    @Param(value = "The ONNX model file, relative to the spec's folder", required = true) String path,
    @Param("The output to read features from; every value after the batch axis is one feature (default: the model's"
        + " only output)") String output,
    @Param("The image input, taking float [N, C, H, W] (default: the model's only input)") String input,
    @Param("Input height (default: the model's declared height; must match it when the model fixes it)") Integer height,
    @Param("Input width (default: the model's declared width; must match it when the model fixes it)") Integer width,
    @Param("Input channels, 1 or 3 (default: the model's declared channels); grayscale images are repeated to fill 3")
        Integer channels,
    @Param(value = "Subtracted from each channel after scaling: one value or one per channel", defaultValue = "[0.0]")
        List<Double> mean,
    @Param(value = "Each channel is divided by this after the mean: one value or one per channel",
        defaultValue = "[1.0]") List<Double> std,
    @Param(value = "Multiplies pixel values in [0, 1] first (255 for a model that takes 0-255)", defaultValue = "1.0")
        Double scale,
    @Param(value = "How images are brought to the input size: bilinear or none (images must already fit)",
        defaultValue = "\"bilinear\"") ResizeMethod resize) {

  /** Fills defaults and checks every value. */
  public OnnxExtractorParams {
    if (path == null || path.isBlank()) {
      throw new ParamException("path", "is required: the ONNX model file, relative to the spec's folder");
    }
    if (height != null) {
      Checks.range("height", height, 1, 8192);
    }
    if (width != null) {
      Checks.range("width", width, 1, 8192);
    }
    if (channels != null && channels != 1 && channels != 3) {
      throw new ParamException("channels", "must be 1 or 3, got " + channels);
    }
    mean = perChannel("mean", Checks.orDefault(mean, List.of(0.0)), false);
    std = perChannel("std", Checks.orDefault(std, List.of(1.0)), true);
    scale = Checks.positive("scale", Checks.orDefault(scale, 1.0));
    resize = Checks.orDefault(resize, ResizeMethod.BILINEAR);
  }

  /** The value of {@code values} for channel {@code c}, where one value serves every channel. */
  static float channelValue(List<Double> values, int c) {
    return values.get(values.size() == 1 ? 0 : c).floatValue();
  }

  private static List<Double> perChannel(String field, List<Double> values, boolean positive) {
    if (values.size() != 1 && values.size() != 3) {
      throw new ParamException(field, "needs one value or one per channel (3), got " + values.size() + ": " + values);
    }
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      if (v == null || !Double.isFinite(v) || (positive && v <= 0)) {
        throw new ParamException(field, "value " + i + " must be a " + (positive ? "positive" : "finite") + " number,"
            + " got " + v);
      }
    }
    return List.copyOf(values);
  }
}
