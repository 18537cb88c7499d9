package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.BrightnessContrast;
import java.util.random.RandomGenerator;

/**
 * Random brightness and contrast: {@code clamp((v - mean) * factor + mean + delta)} with
 * {@code delta} uniform in {@code [-brightness, brightness]}, {@code factor} uniform in
 * {@code [1 - contrast, 1 + contrast]} and {@code mean} the channel's mean over the image.
 *
 * @param p the probability of changing an image
 * @param brightness the largest brightness shift either way
 * @param contrast the largest relative contrast change either way
 */
public record BrightnessContrastParams(
    @Param(value = "Probability of changing an image's brightness and contrast", defaultValue = "1.0") Double p,
    @Param(value = "Largest value added or subtracted (uniform in [-brightness, brightness]), 0 to 1",
        defaultValue = "0.2") Double brightness,
    @Param(value = "Largest contrast change: the factor around the channel mean is uniform in"
        + " [1 - contrast, 1 + contrast], 0 to 1", defaultValue = "0.2") Double contrast)
    implements OpParams {

  /** Fills defaults and checks ranges. */
  public BrightnessContrastParams {
    p = Draws.probability(p, 1.0);
    brightness = Checks.range("brightness", Checks.orDefault(brightness, 0.2), 0.0, 1.0);
    contrast = Checks.range("contrast", Checks.orDefault(contrast, 0.2), 0.0, 1.0);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    double delta = Draws.uniform(random, -brightness, brightness);
    double factor = Draws.uniform(random, 1.0 - contrast, 1.0 + contrast);
    return new Drawn(delta, factor);
  }

  /**
   * A fixed brightness shift and contrast factor.
   *
   * @param delta added to every value
   * @param factor contrast factor around each channel's mean
   */
  public record Drawn(double delta, double factor) implements Transform {
    @Override
    public Image apply(Image image) {
      return BrightnessContrast.adjust(image, delta, factor);
    }

    @Override
    public String toString() {
      return "brightnessContrast(" + delta + ", " + factor + ")";
    }
  }
}
