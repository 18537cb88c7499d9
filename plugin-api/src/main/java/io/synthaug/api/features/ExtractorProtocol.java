package io.synthaug.api.features;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link FeatureExtractor} turns images into features: everything about the extractor that
 * must agree for two FID or KID scores to be comparable.
 *
 * @param name the extractor's name as a gate reports it, such as {@code classifier} or
 *     {@code onnx:inception-v3.onnx#pool3}
 * @param weightsSha256 the SHA-256 (64 lower-case hex digits) of the weights the features come
 *     from, typically of the model file
 * @param inputHeight the image height the network is fed, after resizing
 * @param inputWidth the image width the network is fed, after resizing
 * @param resize how images are brought to that size, such as {@code bilinear}, or {@code none}
 *     when they are fed at their own size
 */
public record ExtractorProtocol(String name, String weightsSha256, int inputHeight, int inputWidth, String resize) {

  /** Checks every field and lower-cases the hash. */
  public ExtractorProtocol {
    requireText("name", name);
    requireText("weightsSha256", weightsSha256);
    weightsSha256 = weightsSha256.toLowerCase(Locale.ROOT);
    if (!weightsSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("weightsSha256: '" + weightsSha256 + "' is not a SHA-256 (64 hex digits)");
    }
    if (inputHeight < 1 || inputWidth < 1) {
      throw new IllegalArgumentException("input size must be positive, got " + inputHeight + "x" + inputWidth);
    }
    requireText("resize", resize);
  }

  private static void requireText(String field, String value) {
    if (Objects.requireNonNullElse(value, "").isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string, got "
          + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
