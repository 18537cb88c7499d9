package io.synthaug.api;

import java.util.Objects;

/**
 * One labeled image with its origin.
 *
 * @param image the pixels
 * @param label the class index into {@link Dataset#classNames()}
 * @param origin where the image came from
 */
public record Sample(Image image, int label, Origin origin) {

  /** Checks for nulls and a negative label. */
  public Sample {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(origin, "origin");
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label);
    }
  }

  /** The same label and origin with other pixels. */
  public Sample withImage(Image newImage) {
    return new Sample(newImage, label, origin);
  }
}
