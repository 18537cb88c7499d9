package io.synthaug.plugins.classic.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.ParamException;
import io.synthaug.plugins.classic.OpSpec;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpParamsValidationTest {

  @Test
  void absentValuesGetTheDocumentedDefaults() {
    assertEquals(new HFlipParams(0.5), new HFlipParams(null));
    assertEquals(new VFlipParams(0.5), new VFlipParams(null));
    assertEquals(new RotateParams(1.0, 15.0), new RotateParams(null, null));
    assertEquals(new TranslateParams(1.0, 0.125, true), new TranslateParams(null, null, null));
    assertEquals(new ResizedCropParams(1.0, 0.8, 1.0, 0.75, 4.0 / 3.0), new ResizedCropParams(null, null, null, null, null));
    assertEquals(new NoiseParams(1.0, 0.05), new NoiseParams(null, null));
    assertEquals(new BrightnessContrastParams(1.0, 0.2, 0.2), new BrightnessContrastParams(null, null, null));
    assertEquals(new CutoutParams(1.0, 0.25, 1), new CutoutParams(null, null, null));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("p", "1.5", () -> new HFlipParams(1.5)),
        bad("p", "-0.1", () -> new VFlipParams(-0.1)),
        bad("p", "NaN", () -> new NoiseParams(Double.NaN, null)),
        bad("degrees", "181.0", () -> new RotateParams(null, 181.0)),
        bad("degrees", "-1.0", () -> new RotateParams(null, -1.0)),
        bad("maxFraction", "1.5", () -> new TranslateParams(null, 1.5, null)),
        bad("scaleMin", "0.0", () -> new ResizedCropParams(null, 0.0, null, null, null)),
        bad("scaleMax", "1.2", () -> new ResizedCropParams(null, null, 1.2, null, null)),
        bad("scaleMax", "0.5", () -> new ResizedCropParams(null, 0.9, 0.5, null, null)),
        bad("ratioMin", "0.05", () -> new ResizedCropParams(null, null, null, 0.05, null)),
        bad("ratioMax", "0.5", () -> new ResizedCropParams(null, null, null, 0.75, 0.5)),
        bad("std", "2.0", () -> new NoiseParams(null, 2.0)),
        bad("brightness", "1.5", () -> new BrightnessContrastParams(null, 1.5, null)),
        bad("contrast", "-0.1", () -> new BrightnessContrastParams(null, null, -0.1)),
        bad("size", "0.0", () -> new CutoutParams(null, 0.0, null)),
        bad("count", "0", () -> new CutoutParams(null, null, 0)),
        bad("count", "101", () -> new CutoutParams(null, null, 101)));
  }

  private static Arguments bad(String field, String value, Supplier<Object> make) {
    return Arguments.of(field, value, make);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalid")
  void badValuesNameTheFieldAndTheValue(String field, String value, Supplier<Object> make) {
    ParamException e = assertThrows(ParamException.class, make::get);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    assertTrue(e.problem().endsWith("got " + value), e.getMessage());
  }

  @Test
  void orderedBoundsSayWhichBoundTheyBreak() {
    ParamException e = assertThrows(ParamException.class, () -> new ResizedCropParams(null, 0.9, 0.5, null, null));
    assertEquals("scaleMax: must be >= scaleMin (0.9), got 0.5", e.getMessage());
  }

  @Test
  void anOpSpecHoldsAtMostOneOpAndNamesTheSecondAsTheField() {
    // No op is ClassicParams' to refuse (see OpSpec): the binder then names an unknown key.
    OpSpec none = new OpSpec(null, null, null, null, null, null, null, null);
    assertFalse(none.hasOp());
    assertTrue(assertThrows(IllegalStateException.class, none::op).getMessage().contains("no op"));
    assertTrue(OpSpec.of(new HFlipParams(null)).hasOp());

    ParamException two = assertThrows(ParamException.class,
        () -> new OpSpec(new HFlipParams(null), null, new RotateParams(null, null), null, null, null, null, null));
    // The binder's path ends at the element (ops[i]); the field completes it at the extra key.
    assertEquals("rotate", two.field());
    assertTrue(two.getMessage().contains(OpSpec.KINDS.toString()), two.getMessage());
    assertTrue(two.problem().endsWith("got 2 ops [hflip, rotate]; put each in an element of its own"),
        two.getMessage());
  }

  @Test
  void opNamesAreTheSpecComponents() {
    assertEquals(java.util.List.of("hflip", "vflip", "rotate", "translate", "resizedCrop", "noise",
        "brightnessContrast", "cutout"), OpSpec.KINDS);
  }
}
