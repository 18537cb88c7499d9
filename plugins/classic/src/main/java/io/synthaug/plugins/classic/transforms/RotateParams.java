package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.Rotation;
import java.util.random.RandomGenerator;

/**
 * Rotation about the centre by an angle drawn uniformly from {@code [-degrees, degrees)}, with
 * bilinear interpolation and black corners.
 *
 * @param p the probability of rotating an image
 * @param degrees the largest angle either way
 */
public record RotateParams(
    @Param(value = "Probability of rotating an image", defaultValue = "1.0") Double p,
    @Param(value = "Largest angle in degrees either way; the angle is uniform in [-degrees, degrees), 0 to 180",
        defaultValue = "15.0") Double degrees)
    implements OpParams {

  /** Fills defaults and checks ranges. */
  public RotateParams {
    p = Draws.probability(p, 1.0);
    degrees = Checks.range("degrees", Checks.orDefault(degrees, 15.0), 0.0, 180.0);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    return new Drawn(Draws.uniform(random, -degrees, degrees));
  }

  /**
   * A rotation by a fixed angle.
   *
   * @param degrees counter-clockwise on screen
   */
  public record Drawn(double degrees) implements Transform {
    @Override
    public Image apply(Image image) {
      return Rotation.rotate(image, degrees);
    }

    @Override
    public String toString() {
      return "rotate(" + degrees + ")";
    }
  }
}
