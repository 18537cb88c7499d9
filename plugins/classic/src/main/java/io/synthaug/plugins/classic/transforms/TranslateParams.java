package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.Translation;
import java.util.random.RandomGenerator;

/**
 * Shift by a random offset of up to a fraction of the image size along each axis, filling with
 * black (DiffAugment's translation uses 1/8).
 *
 * <p>Each offset is uniform in {@code [-maxFraction x size, maxFraction x size)}. With whole
 * pixels it is then rounded, so where that bound is a whole number m, the shifts -m and +m each
 * come up half as often as the ones between (DiffAugment draws a uniform integer instead); kept,
 * since changing the draw would change every copy made so far.
 *
 * @param p the probability of shifting an image
 * @param maxFraction the largest shift as a fraction of the width (x) and height (y)
 * @param wholePixels whether to round shifts to whole pixels
 */
public record TranslateParams(
    @Param(value = "Probability of shifting an image", defaultValue = "1.0") Double p,
    @Param(value = "Largest shift either way as a fraction of the width (x) and height (y), 0 to 1; each is uniform",
        defaultValue = "0.125") Double maxFraction,
    @Param(value = "Round shifts to whole pixels, which moves pixels exactly instead of interpolating (no blur)",
        defaultValue = "true") Boolean wholePixels)
    implements OpParams {

  /** Fills defaults and checks ranges. */
  public TranslateParams {
    p = Draws.probability(p, 1.0);
    maxFraction = Checks.range("maxFraction", Checks.orDefault(maxFraction, 0.125), 0.0, 1.0);
    wholePixels = Checks.orDefault(wholePixels, Boolean.TRUE);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    double maxX = maxFraction * image.width();
    double maxY = maxFraction * image.height();
    double dx = Draws.uniform(random, -maxX, maxX);
    double dy = Draws.uniform(random, -maxY, maxY);
    if (wholePixels) {
      // Adding 0.0 turns a rounded -0.0 into 0.0, which reads better in recorded origins.
      dx = Math.rint(dx) + 0.0;
      dy = Math.rint(dy) + 0.0;
    }
    return new Drawn(dx, dy);
  }

  /**
   * A shift by a fixed offset.
   *
   * @param dx pixels to the right
   * @param dy pixels down
   */
  public record Drawn(double dx, double dy) implements Transform {
    @Override
    public Image apply(Image image) {
      return Translation.shift(image, dx, dy);
    }

    @Override
    public String toString() {
      return "translate(" + dx + ", " + dy + ")";
    }
  }
}
