package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.Noise;
import java.util.random.RandomGenerator;

/**
 * Additive Gaussian noise, independent for every pixel and channel, clamped to {@code [0, 1]}.
 *
 * @param p the probability of adding noise to an image
 * @param std the standard deviation of the noise
 */
public record NoiseParams(
    @Param(value = "Probability of adding noise to an image", defaultValue = "1.0") Double p,
    @Param(value = "Standard deviation of the zero-mean Gaussian noise, in pixel units of [0, 1], 0 to 1",
        defaultValue = "0.05") Double std)
    implements OpParams {

  /** Fills defaults and checks ranges. */
  public NoiseParams {
    p = Draws.probability(p, 1.0);
    std = Checks.range("std", Checks.orDefault(std, 0.05), 0.0, 1.0);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    float[] values = new float[image.pixels().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return new Drawn(std, values);
  }

  /**
   * Fixed noise values.
   *
   * @param std the standard deviation they were drawn with, for the record
   * @param values one value per pixel value of the image, HWC order
   */
  public record Drawn(double std, float[] values) implements Transform {
    @Override
    public Image apply(Image image) {
      return Noise.add(image, values);
    }

    // The values are too many to record; the seed in the sample's origin reproduces them.
    @Override
    public String toString() {
      return "noise(std=" + std + ")";
    }
  }
}
