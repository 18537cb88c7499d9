package io.synthaug.bench.classic;

import static io.synthaug.bench.classic.BenchImages.ANGLE;
import static io.synthaug.bench.classic.BenchImages.CUT_SIZE;
import static io.synthaug.bench.classic.BenchImages.CUT_X;
import static io.synthaug.bench.classic.BenchImages.CUT_Y;
import static io.synthaug.bench.classic.BenchImages.DELTA;
import static io.synthaug.bench.classic.BenchImages.DX;
import static io.synthaug.bench.classic.BenchImages.DX_FRACTIONAL;
import static io.synthaug.bench.classic.BenchImages.DY;
import static io.synthaug.bench.classic.BenchImages.DY_FRACTIONAL;
import static io.synthaug.bench.classic.BenchImages.FACTOR;

import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.plugins.classic.ClassicParams;
import io.synthaug.plugins.classic.ClassicStage;
import io.synthaug.plugins.classic.OpSpec;
import io.synthaug.plugins.classic.ops.BrightnessContrast;
import io.synthaug.plugins.classic.ops.Cutout;
import io.synthaug.plugins.classic.ops.Flips;
import io.synthaug.plugins.classic.ops.Rotation;
import io.synthaug.plugins.classic.ops.Translation;
import io.synthaug.plugins.classic.transforms.BrightnessContrastParams;
import io.synthaug.plugins.classic.transforms.CutoutParams;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import io.synthaug.plugins.classic.transforms.NoiseParams;
import io.synthaug.plugins.classic.transforms.RotateParams;
import io.synthaug.plugins.classic.transforms.TranslateParams;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The classic suite's cases: what the Java side does per image, under the name the peer
 * script knows the same op by.
 */
enum ClassicCase {

  HFLIP("hflip", Agreement.EXACT, "mirror left-right (cv2.flip)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return Flips.horizontal(image);
    }
  },
  ROTATE("rotate", Agreement.INTERPOLATED,
      "angle U(-15, 15) deg about the centre, bilinear, zero fill (cv2.warpAffine INTER_LINEAR)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return Rotation.rotate(image, p[ANGLE]);
    }
  },
  TRANSLATE("translate", Agreement.EXACT,
      "whole-pixel shift up to 1/8 of the side, the plugin's default, zero fill (cv2.warpAffine INTER_LINEAR)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return Translation.shift(image, (int) p[DX], (int) p[DY]);
    }
  },
  TRANSLATE_SUBPIXEL("translate-subpixel", Agreement.INTERPOLATED,
      "fractional shift up to 1/8 of the side, bilinear, zero fill (cv2.warpAffine INTER_LINEAR)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return Translation.shift(image, p[DX_FRACTIONAL], p[DY_FRACTIONAL]);
    }
  },
  NOISE("noise", Agreement.NOISE_SPREAD,
      "Gaussian noise std 0.05 drawn per image, clamped (numpy Generator.standard_normal float32, np.clip)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      // The plugin's own transform: drawing the noise is part of the op's cost on both sides.
      // Its values come from a generator made for the image, as the classic stage makes one for
      // each copy. Drawn straight from the worker's generator, they wrote its state once per
      // value; the two workers' generators sometimes shared a cache line (made side by side, or
      // copied side by side by a collection), and then two workers ran at one worker's rate or
      // less (BENCHMARKS.md, seventh round).
      return NOISE_OP.draw(image, new SplittableRandom(random.nextLong())).apply(image);
    }
  },
  BRIGHTNESS_CONTRAST("brightness-contrast", Agreement.ARITHMETIC,
      "contrast x U(0.8, 1.2) around each channel's mean, brightness + U(-0.2, 0.2), clamped (numpy)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return BrightnessContrast.adjust(image, p[DELTA], p[FACTOR]);
    }
  },
  CUTOUT("cutout", Agreement.EXACT, "zero a square of 1/4 the side at a random centre, clipped (numpy copy + slice)") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return Cutout.apply(image, (int) p[CUT_X], (int) p[CUT_Y], (int) p[CUT_SIZE]);
    }
  },
  COPY("copy", Agreement.EXACT, "a plain copy into a new image, the least any op writing a fresh output pays"
      + " (numpy ndarray.copy): no target; its scaling row is this run's copy ceiling, which an op that reads"
      + " each source and writes a fresh output cannot beat by more than its own arithmetic's share") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return image.copy();
    }

    @Override
    boolean hasTarget() {
      return false;
    }
  },
  CHAIN("chain", Agreement.NONE,
      "the classic stage making one copy through all six ops (hflip, rotate, translate, noise,"
          + " brightness-contrast, cutout), parameters drawn per image on each side") {
    @Override
    Image apply(Image image, double[] p, RandomGenerator random) {
      return STAGE.apply(new Sample(image, 0, ORIGIN), random, random.nextLong()).get(0).image();
    }

    @Override
    boolean hasTarget() {
      return false;
    }
  };

  private static final NoiseParams NOISE_OP = new NoiseParams(1.0, 0.05);
  private static final Origin ORIGIN = Origin.real("bench");
  private static final ClassicStage STAGE = new ClassicStage("bench",
      new ClassicParams(1, false, null, null, List.of(
          OpSpec.of(new HFlipParams(1.0)),
          OpSpec.of(new RotateParams(1.0, 15.0)),
          OpSpec.of(new TranslateParams(1.0, 0.125, true)),
          OpSpec.of(new NoiseParams(1.0, 0.05)),
          OpSpec.of(new BrightnessContrastParams(1.0, 0.2, 0.2)),
          OpSpec.of(new CutoutParams(1.0, 0.25, 1)))),
      label -> true);

  /** How closely the two sides' outputs must agree for the timing to count. */
  enum Agreement {
    /** Same values to float precision: pure copies. */
    EXACT(1e-6),
    /**
     * Bilinear sampling. OpenCV rounds sample positions to 1/32 pixel (INTER_BITS = 5), so a
     * value may differ by up to about 1/64 of the neighbour differences on each axis; these
     * images' neighbours differ by up to about 0.5 (the fine noise plus the pattern's slope).
     */
    INTERPOLATED(0.03),
    /** Float arithmetic in another order. */
    ARITHMETIC(1e-5),
    /** Random on both sides: the spread of the added noise must match the std. */
    NOISE_SPREAD(0.05),
    /** Random parameters on both sides: no output comparison. */
    NONE(Double.NaN);

    /** The largest difference allowed (for noise: relative error of the measured std). */
    final double tolerance;

    Agreement(double tolerance) {
      this.tolerance = tolerance;
    }
  }

  /** The op's name on the command line, in the table and in the peer script. */
  final String label;
  final Agreement agreement;
  /** What the op does, and the peer's equivalent in parentheses. */
  final String description;

  ClassicCase(String label, Agreement agreement, String description) {
    this.label = label;
    this.agreement = agreement;
    this.description = description;
  }

  /** The Java side's work on one image with its parameter row. */
  abstract Image apply(Image image, double[] p, RandomGenerator random);

  /** Whether the per-image and scaling targets apply (not to reference rows). */
  boolean hasTarget() {
    return true;
  }
}
