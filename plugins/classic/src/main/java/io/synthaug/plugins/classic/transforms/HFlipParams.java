package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;
import io.synthaug.api.Param;
import java.util.random.RandomGenerator;

/**
 * Left-right mirror. Beware of classes a mirror turns into each other (some digits, text).
 *
 * @param p the probability of mirroring an image
 */
public record HFlipParams(
    @Param(value = "Probability of mirroring an image left-right", defaultValue = "0.5") Double p)
    implements OpParams {

  /** Fills the default and checks the range. */
  public HFlipParams {
    p = Draws.probability(p, 0.5);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    return Flip.HORIZONTAL;
  }
}
