package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/** Additive noise with given values, so the pixel function stays free of randomness. */
public final class Noise {

  private Noise() {
  }

  /**
   * Adds {@code noise[i]} to pixel value {@code i} (HWC order) and clamps to {@code [0, 1]}.
   *
   * @param noise one value per pixel value, typically drawn from a Gaussian by the caller
   * @throws IllegalArgumentException if {@code noise} has another length than the pixel array
   */
  public static Image add(Image image, float[] noise) {
    float[] in = image.pixels();
    if (noise.length != in.length) {
      throw new IllegalArgumentException("noise has " + noise.length + " values but the "
          + image.shape() + " image has " + in.length);
    }
    // Clone and update in place: a clone is not zeroed first (see Flips.horizontal).
    float[] out = in.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Pixels.clamp01(out[i] + noise[i]);
    }
    return new Image(image.height(), image.width(), image.channels(), out);
  }
}
