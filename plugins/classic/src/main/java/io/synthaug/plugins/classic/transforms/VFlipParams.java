package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;
import io.synthaug.api.Param;
import java.util.random.RandomGenerator;

/**
 * Top-bottom mirror. Natural photos rarely look right upside down; scans and textures may.
 *
 * @param p the probability of mirroring an image
 */
public record VFlipParams(
    @Param(value = "Probability of mirroring an image top-bottom", defaultValue = "0.5") Double p)
    implements OpParams {

  /** Fills the default and checks the range. */
  public VFlipParams {
    p = Draws.probability(p, 0.5);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    return Flip.VERTICAL;
  }
}
