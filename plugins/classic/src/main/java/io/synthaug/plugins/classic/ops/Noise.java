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
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Pixels.clamp01(in[i] + noise[i]);
    }
    return new Image(image.height(), image.width(), image.channels(), out);
  }
}
