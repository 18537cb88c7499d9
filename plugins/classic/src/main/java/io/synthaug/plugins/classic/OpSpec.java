package io.synthaug.plugins.classic;

import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.plugins.classic.transforms.BrightnessContrastParams;
import io.synthaug.plugins.classic.transforms.CutoutParams;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import io.synthaug.plugins.classic.transforms.NoiseParams;
import io.synthaug.plugins.classic.transforms.OpParams;
import io.synthaug.plugins.classic.transforms.ResizedCropParams;
import io.synthaug.plugins.classic.transforms.RotateParams;
import io.synthaug.plugins.classic.transforms.TranslateParams;
import io.synthaug.plugins.classic.transforms.VFlipParams;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One element of the {@code ops} list: an object with exactly one key, the op's name, whose
 * value holds that op's parameters, for example {@code {"rotate": {"degrees": 15}}}.
 *
 * <p>The wrapper key gives polymorphism without type annotations or class names in the JSON:
 * each op kind is a component, and a plain record binder fills the one that is present. The
 * component names are the op names.
 *
 * <p>An element with no op is accepted here and refused by {@link ClassicParams}: a binder
 * builds the record before it reports keys it does not know, so refusing it here would hide an
 * unknown op name ({@code {"rotat": {}}}) behind "no op"; accepted, the binder reports that key
 * at its path with the op names as the known keys.
 *
 * @param hflip a left-right mirror
 * @param vflip a top-bottom mirror
 * @param rotate a rotation about the centre
 * @param translate a shift with black fill
 * @param resizedCrop a crop resized back to the image size
 * @param noise additive Gaussian noise
 * @param brightnessContrast a brightness and contrast change
 * @param cutout black squares
 */
public record OpSpec(
    @Param("Left-right mirror: {\"p\"}") HFlipParams hflip,
    @Param("Top-bottom mirror: {\"p\"}") VFlipParams vflip,
    @Param("Rotation about the centre: {\"p\", \"degrees\"}") RotateParams rotate,
    @Param("Shift with black fill: {\"p\", \"maxFraction\", \"wholePixels\"}") TranslateParams translate,
    @Param("Crop resized back to the image size: {\"p\", \"scaleMin\", \"scaleMax\", \"ratioMin\", \"ratioMax\"}")
        ResizedCropParams resizedCrop,
    @Param("Additive Gaussian noise: {\"p\", \"std\"}") NoiseParams noise,
    @Param("Brightness and contrast: {\"p\", \"brightness\", \"contrast\"}")
        BrightnessContrastParams brightnessContrast,
    @Param("Black squares: {\"p\", \"size\", \"count\"}") CutoutParams cutout) {

  private static final RecordComponent[] COMPONENTS = OpSpec.class.getRecordComponents();

  /** The op names, in the order of the components. */
  public static final List<String> KINDS = Arrays.stream(COMPONENTS).map(RecordComponent::getName).toList();

  /**
   * Checks that at most one op is given. A second op is reported at its own key, which the
   * binder's path to this element completes: {@code ops[0].vflip}.
   */
  public OpSpec {
    List<String> given = new ArrayList<>();
    for (OpParams op : new OpParams[] {hflip, vflip, rotate, translate, resizedCrop, noise, brightnessContrast, cutout}) {
      if (op != null) {
        given.add(kind(op));
      }
    }
    if (given.size() > 1) {
      throw new ParamException(given.get(1), "each op must be an object with exactly one key, one of " + KINDS
          + ", with the op's parameters as its value (for example {\"rotate\": {\"degrees\": 15}}); got "
          + given.size() + " ops " + given + "; put each in an element of its own");
    }
  }

  /** Whether an op is given ({@link ClassicParams} refuses an element without one). */
  public boolean hasOp() {
    return hflip != null || vflip != null || rotate != null || translate != null || resizedCrop != null
        || noise != null || brightnessContrast != null || cutout != null;
  }

  /** The op that is given. */
  public OpParams op() {
    for (OpParams op : new OpParams[] {hflip, vflip, rotate, translate, resizedCrop, noise, brightnessContrast, cutout}) {
      if (op != null) {
        return op;
      }
    }
    throw new IllegalStateException("no op in this element; ClassicParams refuses such an element");
  }

  /** An element holding {@code op}, as a spec would write it. */
  public static OpSpec of(OpParams op) {
    OpParams[] slots = new OpParams[KINDS.size()];
    slots[slot(op)] = op;
    return new OpSpec((HFlipParams) slots[0], (VFlipParams) slots[1], (RotateParams) slots[2],
        (TranslateParams) slots[3], (ResizedCropParams) slots[4], (NoiseParams) slots[5],
        (BrightnessContrastParams) slots[6], (CutoutParams) slots[7]);
  }

  /** The op name of {@code op}'s kind, as written in specs. */
  public static String kind(OpParams op) {
    return KINDS.get(slot(op));
  }

  // The component index of an op kind: the component whose type the op is.
  private static int slot(OpParams op) {
    for (int i = 0; i < COMPONENTS.length; i++) {
      if (COMPONENTS[i].getType().isInstance(op)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not an op: " + op);
  }
}
