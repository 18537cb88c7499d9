package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.Cutout;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Cutout: black squares centred on uniformly drawn pixels, clipped where they cross a border
 * (so patches near an edge are partly outside, as in the original method).
 *
 * @param p the probability of cutting squares out of an image
 * @param size the square's side as a fraction of the image's shorter side
 * @param count how many squares
 */
public record CutoutParams(
    @Param(value = "Probability of cutting squares out of an image", defaultValue = "1.0") Double p,
    @Param(value = "Side of each square as a fraction of the image's shorter side, above 0 up to 1 (at least 1 pixel)",
        defaultValue = "0.25") Double size,
    @Param(value = "Number of squares per image, 1 to 100", defaultValue = "1") Integer count)
    implements OpParams {

  /** Fills defaults and checks ranges. */
  public CutoutParams {
    p = Draws.probability(p, 1.0);
    size = Draws.fraction("size", Checks.orDefault(size, 0.25));
    count = Checks.range("count", Checks.orDefault(count, 1), 1, 100);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    int side = (int) Math.max(1, Math.round(size * Math.min(image.height(), image.width())));
    int[] xs = new int[count];
    int[] ys = new int[count];
    for (int i = 0; i < count; i++) {
      xs[i] = random.nextInt(image.width()) - side / 2;
      ys[i] = random.nextInt(image.height()) - side / 2;
    }
    return new Drawn(side, xs, ys);
  }

  /**
   * Fixed squares.
   *
   * @param size side in pixels
   * @param xs left columns
   * @param ys top rows
   */
  public record Drawn(int size, int[] xs, int[] ys) implements Transform {
    @Override
    public Image apply(Image image) {
      return Cutout.apply(image, xs, ys, size);
    }

    @Override
    public String toString() {
      return "cutout(" + size + ", x=" + Arrays.toString(xs) + ", y=" + Arrays.toString(ys) + ")";
    }
  }
}
