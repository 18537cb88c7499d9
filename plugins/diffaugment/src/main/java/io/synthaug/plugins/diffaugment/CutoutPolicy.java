package io.synthaug.plugins.diffaugment;

import ai.djl.ndarray.NDArray;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pf4j.Extension;

/**
 * DiffAugment's {@code cutout}: masks one rectangle of half the image size per image
 * (round(H / 2) rows by round(W / 2) columns, a square for square images), centred on a pixel
 * drawn uniformly over the image and clipped at the borders, so squares near an edge are
 * smaller.
 *
 * <p>Fill: the paper multiplies the normalized image by a 0/1 mask, giving 0, mid-gray in
 * [-1, 1]. The default here is -1, black, for the reason given in {@link TranslationPolicy}: on
 * digits and scans the masked patch then reads as missing content on the background rather
 * than as a gray block. As with {@link TranslationPolicy}, a spec's {@code "cutout"} always
 * fills with -1; the paper's masking (0) needs a policy registered under another name.
 *
 * <p>The op is {@code x * mask + fill * (1 - mask)} with constant per-image (H, W) planes that
 * broadcast over channels: exact, and the gradient is 1 outside the patch and 0 inside.
 *
 * <p>Draws, per image in batch order, whether enabled or not: the centre row
 * {@code cy = nextInt(H)}, then the centre column {@code cx = nextInt(W)}. The patch covers rows
 * [cy - round(H/2)/2, cy - round(H/2)/2 + round(H/2)) (integer halving), likewise for columns.
 * The paper's code draws the centre from [0, H] when the patch side is even (14 or 16 here); with
 * [0, H) the first row is masked in 9 of 32 draws at 32 pixels and the last in 8, a slight lean
 * to the top and left, kept so that runs made so far keep their bytes.
 */
@Extension
public final class CutoutPolicy implements DiffAugmentPolicy {

  /** The side of the patch as a fraction of the image side, as in the paper. */
  public static final double RATIO = 0.5;

  private final float fill;

  /** Fills the patch with -1, the black background (see the class comment). */
  public CutoutPolicy() {
    this(-1f);
  }

  /** Fills the patch with {@code fill}; 0 reproduces the paper's masking. */
  public CutoutPolicy(float fill) {
    this.fill = fill;
  }

  /** The value written into the patch. */
  public float fill() {
    return fill;
  }

  /** The unclipped patch side for an axis of {@code size} pixels: round(size / 2), halves up. */
  public static int patchSize(int size) {
    return (int) Math.round(size * RATIO);
  }

  @Override
  public String name() {
    return "cutout";
  }

  @Override
  public String description() {
    return "Masks a random square of half the image size in each image with " + fill + ".";
  }

  @Override
  public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
    Batch b = Batch.of(name(), images, enabled);
    int ph = patchSize(b.h());
    int pw = patchSize(b.w());
    float[] keep = new float[b.n() * b.h() * b.w()];
    float[] patch = new float[keep.length];
    Arrays.fill(keep, 1f);
    for (int i = 0; i < b.n(); i++) {
      int cy = random.nextInt(b.h());
      int cx = random.nextInt(b.w());
      if (!enabled[i]) {
        continue;
      }
      int top = Math.max(0, cy - ph / 2);
      int bottom = Math.min(b.h(), cy - ph / 2 + ph);
      int left = Math.max(0, cx - pw / 2);
      int right = Math.min(b.w(), cx - pw / 2 + pw);
      int base = i * b.h() * b.w();
      for (int r = top; r < bottom; r++) {
        for (int col = left; col < right; col++) {
          keep[base + r * b.w() + col] = 0f;
          patch[base + r * b.w() + col] = fill;
        }
      }
    }
    if (Batch.noneEnabled(enabled)) {
      return images;
    }
    NDArray masked = images.mul(b.perImagePlane(keep));
    return fill == 0f ? masked : masked.add(b.perImagePlane(patch));
  }
}
