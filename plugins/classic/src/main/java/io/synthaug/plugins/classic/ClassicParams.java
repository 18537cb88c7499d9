package io.synthaug.plugins.classic;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import java.util.List;

/**
 * Parameters of the {@code classic} stage.
 *
 * <p>Example: {@code {"copies": 2, "ops": [{"hflip": {"p": 0.5}}, {"rotate": {"degrees": 15}},
 * {"noise": {"std": 0.05}}]}}.
 *
 * @param copies augmented copies made of each selected sample
 * @param keepOriginal whether a selected sample itself stays in the output
 * @param classes the class names to augment; empty for all
 * @param applyTo which samples to augment by origin
 * @param ops the ops each copy goes through, in order
 */
public record ClassicParams(
    @Param(value = "Augmented copies made of each selected sample, 1 to 1000", defaultValue = "1") Integer copies,
    @Param(value = "Keep each selected sample itself in the output, before its copies (unselected samples always pass through)",
        defaultValue = "true") Boolean keepOriginal,
    @Param(value = "Class names to augment; empty augments every class", defaultValue = "[]") List<String> classes,
    @Param(value = "Which samples to augment: \"all\", \"real\" (read from the input) or \"synthetic\" (made by an earlier stage)",
        defaultValue = "\"all\"") ApplyTo applyTo,
    @Param(value = "Ops run in order on each copy, each an object with one key naming the op: hflip, vflip, rotate,"
        + " translate, resizedCrop, noise, brightnessContrast, cutout", required = true) List<OpSpec> ops) {

  /** Fills defaults and checks every value. */
  public ClassicParams {
    copies = Checks.range("copies", Checks.orDefault(copies, 1), 1, 1000);
    keepOriginal = Checks.orDefault(keepOriginal, Boolean.TRUE);
    classes = names(Checks.orDefault(classes, List.of()));
    applyTo = Checks.orDefault(applyTo, ApplyTo.ALL);
    ops = opList(ops);
  }

  private static List<String> names(List<String> classes) {
    for (int i = 0; i < classes.size(); i++) {
      String name = classes.get(i);
      if (name == null || name.isBlank()) {
        throw new ParamException("classes", "class names must not be blank, got "
            + (name == null ? "null" : "\"" + name + "\"") + " at index " + i);
      }
    }
    return List.copyOf(classes);
  }

  private static List<OpSpec> opList(List<OpSpec> ops) {
    if (ops == null) {
      throw new ParamException("ops", "is required: give the ops to run in order, for example"
          + " [{\"hflip\": {}}, {\"rotate\": {\"degrees\": 15}}]; op names are " + OpSpec.KINDS);
    }
    if (ops.isEmpty()) {
      throw new ParamException("ops", "must list at least one op, got []; op names are " + OpSpec.KINDS);
    }
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) == null) {
        throw new ParamException("ops", "element " + i + " is null; each op is an object with one key, one of "
            + OpSpec.KINDS);
      }
      if (!ops.get(i).hasOp()) {
        throw new ParamException("ops", "element " + i + " names no op; each op is an object with one key, one of "
            + OpSpec.KINDS + ", with the op's parameters as its value (for example {\"rotate\": {\"degrees\": 15}})");
      }
    }
    return List.copyOf(ops);
  }
}
