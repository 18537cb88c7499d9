package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;
import java.util.random.RandomGenerator;

/**
 * The parameters of one op kind as a user writes them, and the sampler that turns them into a
 * concrete {@link Transform}.
 */
public sealed interface OpParams permits HFlipParams, VFlipParams, RotateParams, TranslateParams,
    ResizedCropParams, NoiseParams, BrightnessContrastParams, CutoutParams {

  /** The probability that the op fires on an image. */
  Double p();

  /**
   * Draws the op's concrete values for {@code image} (whose shape some ops need), assuming it
   * fires.
   */
  Transform draw(Image image, RandomGenerator random);

  /**
   * Decides with probability {@link #p()} whether the op fires, and if so draws it. Always takes
   * one value from {@code random} for the decision, so {@code p} never shifts what later ops draw
   * for a given outcome.
   *
   * @return the drawn transform, or null when the op does not fire
   */
  default Transform sample(Image image, RandomGenerator random) {
    boolean fires = random.nextDouble() < p();
    return fires ? draw(image, random) : null;
  }
}
