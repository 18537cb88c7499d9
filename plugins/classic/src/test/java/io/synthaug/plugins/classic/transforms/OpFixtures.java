package io.synthaug.plugins.classic.transforms;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Test parameters for every op kind. {@code EveryOpTest} fails when an op kind of
 * {@link io.synthaug.plugins.classic.OpSpec} has no entry here, so a new op cannot ship untested.
 */
public final class OpFixtures {

  private OpFixtures() {
  }

  /**
   * One op kind's test parameters.
   *
   * @param kind the op name in specs
   * @param withP the op with the given probability and parameters strong enough that it always
   *     changes a test image when it fires
   * @param drawsValues whether the op draws values beyond firing (flips do not)
   */
  public record Fixture(String kind, DoubleFunction<OpParams> withP, boolean drawsValues) {
    @Override
    public String toString() {
      return kind;
    }
  }

  /** Every op kind, in the order of the spec record. */
  public static final List<Fixture> ALL = List.of(
      new Fixture("hflip", HFlipParams::new, false),
      new Fixture("vflip", VFlipParams::new, false),
      new Fixture("rotate", p -> new RotateParams(p, 30.0), true),
      new Fixture("translate", p -> new TranslateParams(p, 0.5, true), true),
      new Fixture("resizedCrop", p -> new ResizedCropParams(p, 0.5, 0.7, null, null), true),
      new Fixture("noise", p -> new NoiseParams(p, 0.1), true),
      new Fixture("brightnessContrast", p -> new BrightnessContrastParams(p, 0.3, 0.5), true),
      new Fixture("cutout", p -> new CutoutParams(p, 0.3, 2), true));
}
