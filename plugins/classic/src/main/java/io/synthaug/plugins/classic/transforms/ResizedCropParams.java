package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Checks;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.plugins.classic.ops.ResizedCrop;
import java.util.random.RandomGenerator;

/**
 * Random resized crop: a rectangle covering a random fraction of the image area, with a random
 * aspect ratio, resized back to the image size.
 *
 * <p>The defaults crop gently (80 to 100 % of the area): small images such as 28x28 digits
 * lose their content under the aggressive 8 to 100 % used for large photos.
 *
 * @param p the probability of cropping an image
 * @param scaleMin the smallest crop area as a fraction of the image area
 * @param scaleMax the largest crop area as a fraction of the image area
 * @param ratioMin the smallest crop aspect ratio (width / height)
 * @param ratioMax the largest crop aspect ratio (width / height)
 */
public record ResizedCropParams(
    @Param(value = "Probability of cropping an image", defaultValue = "1.0") Double p,
    @Param(value = "Smallest crop area as a fraction of the image area, above 0 up to 1",
        defaultValue = "0.8") Double scaleMin,
    @Param(value = "Largest crop area as a fraction of the image area, scaleMin up to 1",
        defaultValue = "1.0") Double scaleMax,
    @Param(value = "Smallest crop aspect ratio (width / height), 0.1 to 10; drawn log-uniformly",
        defaultValue = "0.75") Double ratioMin,
    @Param(value = "Largest crop aspect ratio (width / height), ratioMin to 10",
        defaultValue = "1.3333333333333333") Double ratioMax)
    implements OpParams {

  /** Tries at drawing a rectangle that fits before falling back to a centred crop. */
  private static final int ATTEMPTS = 10;

  /** Fills defaults and checks ranges. */
  public ResizedCropParams {
    p = Draws.probability(p, 1.0);
    scaleMin = Draws.fraction("scaleMin", Checks.orDefault(scaleMin, 0.8));
    scaleMax = Draws.fraction("scaleMax", Checks.orDefault(scaleMax, 1.0));
    Draws.ordered("scaleMin", scaleMin, "scaleMax", scaleMax);
    ratioMin = Checks.range("ratioMin", Checks.orDefault(ratioMin, 0.75), 0.1, 10.0);
    ratioMax = Checks.range("ratioMax", Checks.orDefault(ratioMax, 4.0 / 3.0), 0.1, 10.0);
    Draws.ordered("ratioMin", ratioMin, "ratioMax", ratioMax);
  }

  @Override
  public Transform draw(Image image, RandomGenerator random) {
    int h = image.height();
    int w = image.width();
    double area = (double) h * w;
    double logMin = Math.log(ratioMin);
    double logMax = Math.log(ratioMax);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double target = area * Draws.uniform(random, scaleMin, scaleMax);
      double ratio = Math.exp(Draws.uniform(random, logMin, logMax));
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
        return new Drawn(random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch);
      }
    }
    return centred(h, w);
  }

  /** The whole image, narrowed to the nearest allowed aspect ratio, centred. */
  private Drawn centred(int h, int w) {
    int cw = w;
    int ch = h;
    double ratio = (double) w / h;
    if (ratio < ratioMin) {
      ch = (int) Math.max(1, Math.min(h, Math.round(w / ratioMin)));
    } else if (ratio > ratioMax) {
      cw = (int) Math.max(1, Math.min(w, Math.round(h * ratioMax)));
    }
    return new Drawn((w - cw) / 2, (h - ch) / 2, cw, ch);
  }

  /**
   * A crop of a fixed rectangle, resized back to the image size.
   *
   * @param x left column
   * @param y top row
   * @param width columns
   * @param height rows
   */
  public record Drawn(int x, int y, int width, int height) implements Transform {
    @Override
    public Image apply(Image image) {
      return ResizedCrop.apply(image, x, y, width, height);
    }

    @Override
    public String toString() {
      return "resizedCrop(" + x + ", " + y + ", " + width + "x" + height + ")";
    }
  }
}
