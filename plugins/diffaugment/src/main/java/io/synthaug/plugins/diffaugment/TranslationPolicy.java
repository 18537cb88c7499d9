package io.synthaug.plugins.diffaugment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.random.RandomGenerator;
import org.pf4j.Extension;

/**
 * DiffAugment's {@code translation}: moves each image by whole pixels, (dx, dy) each drawn
 * uniformly from [-s, s] with s = round(size / 8) of that axis (4 for 28 or 32 pixels), and
 * fills what comes in from outside with {@link #fill()}.
 *
 * <p>Fill: the paper pads with zeros of the normalized image, which is mid-gray in [-1, 1]. The
 * default here is -1, black, because the small datasets this project serves (digits, scans)
 * have a black background: a shifted digit then still looks like a digit on its background, and
 * D is not shown gray bands that neither real nor generated images ever contain. Both choices
 * keep the method's point (the same transform on real and fake images). The plugin registers
 * the black-fill policy, so a spec's {@code "translation"} always fills with -1; a policy built
 * with 0 (the paper's padding) has to be registered by a plugin of its own under another name. Black is also what the classic plugin's translation
 * fills with. After {@code color} (the paper's order {@code "color,translation,cutout"}) the
 * background has moved by the brightness draw, so the band differs from it by that amount
 * whichever fill is used; D still sees the same band on real and fake images.
 *
 * <p>The shift is two products with constant 0/1 matrices per image, {@code Sy @ x @ Sx^T}
 * (batched matmul), so it is exact (each output pixel is one input pixel times 1 plus zeros) and
 * differentiable in the images without any gather or padding op. The cost grows as
 * H*W*(H+W) per channel, negligible at 28x28 and acceptable up to a few hundred pixels.
 *
 * <p>Draws, per image in batch order, whether enabled or not (so an image's shift does not
 * depend on the other images' flags): {@code dx = nextInt(-sx, sx + 1)}, then
 * {@code dy = nextInt(-sy, sy + 1)}. Positive dx moves content right, positive dy down.
 */
@Extension
public final class TranslationPolicy implements DiffAugmentPolicy {

  /** The fraction of the image size that bounds the shift, as in the paper. */
  public static final double RATIO = 1.0 / 8.0;

  private final float fill;

  /** Fills uncovered pixels with -1, the black background (see the class comment). */
  public TranslationPolicy() {
    this(-1f);
  }

  /** Fills uncovered pixels with {@code fill}; 0 reproduces the paper's zero padding. */
  public TranslationPolicy(float fill) {
    this.fill = fill;
  }

  /** The value given to pixels shifted in from outside the image. */
  public float fill() {
    return fill;
  }

  /** The largest shift for an axis of {@code size} pixels: round(size / 8), halves up. */
  public static int maxShift(int size) {
    return (int) Math.round(size * RATIO);
  }

  @Override
  public String name() {
    return "translation";
  }

  @Override
  public String description() {
    return "Shifts each image by up to 1/8 of its size in x and y, filling with " + fill + ".";
  }

  @Override
  public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
    Batch b = Batch.of(name(), images, enabled);
    int sx = maxShift(b.w());
    int sy = maxShift(b.h());
    float[] rows = new float[b.n() * b.h() * b.h()];
    float[] colsT = new float[b.n() * b.w() * b.w()];
    float[] padding = new float[b.n() * b.h() * b.w()];
    for (int i = 0; i < b.n(); i++) {
      int dx = random.nextInt(-sx, sx + 1);
      int dy = random.nextInt(-sy, sy + 1);
      if (!enabled[i]) {
        dx = 0;
        dy = 0;
      }
      // Sy[r][k] = 1 where k = r - dy: output row r reads input row r - dy.
      shiftMatrix(rows, i * b.h() * b.h(), b.h(), dy, false);
      // Sx^T[k][col] = 1 where k = col - dx: output column col reads input column col - dx.
      shiftMatrix(colsT, i * b.w() * b.w(), b.w(), dx, true);
      int base = i * b.h() * b.w();
      for (int r = 0; r < b.h(); r++) {
        boolean rowInside = r - dy >= 0 && r - dy < b.h();
        for (int col = 0; col < b.w(); col++) {
          boolean inside = rowInside && col - dx >= 0 && col - dx < b.w();
          padding[base + r * b.w() + col] = inside ? 0f : fill;
        }
      }
    }
    if (Batch.noneEnabled(enabled)) {
      return images;
    }
    NDArray sY = b.constant(rows, new Shape(b.n(), 1, b.h(), b.h()));
    NDArray sXt = b.constant(colsT, new Shape(b.n(), 1, b.w(), b.w()));
    NDArray shifted = sY.matMul(images).matMul(sXt);
    return fill == 0f ? shifted : shifted.add(b.perImagePlane(padding));
  }

  /**
   * Writes a size x size 0/1 matrix at {@code offset}: entry (out, in) is 1 where
   * in = out - shift. Transposed, the entry sits at (in, out) instead.
   */
  private static void shiftMatrix(float[] into, int offset, int size, int shift, boolean transposed) {
    for (int out = 0; out < size; out++) {
      int in = out - shift;
      if (in >= 0 && in < size) {
        into[offset + (transposed ? in * size + out : out * size + in)] = 1f;
      }
    }
  }
}
