package io.synthaug.plugins.classic;

import io.synthaug.api.ParamException;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.ValidationContext;
import java.util.List;
import org.pf4j.Extension;

/** Makes {@code classic} stages. Stateless. */
@Extension
public final class ClassicStageFactory implements StageFactory<ClassicParams> {

  /** The stage type in pipeline specs. */
  public static final String TYPE = "classic";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "Classic augmentation: adds copies of each image put through flips, rotation, translation,"
        + " resized crop, noise, brightness/contrast and cutout, in order, each with its own probability";
  }

  @Override
  public Class<ClassicParams> paramsType() {
    return ClassicParams.class;
  }

  /**
   * Once the run has read its input, the classes named must be the input's: checked before the
   * first stage runs, not when this one starts.
   */
  @Override
  public void validate(ClassicParams params, ValidationContext context) {
    context.classNames().ifPresent(names -> {
      List<String> unknown = params.classes().stream().filter(c -> !names.contains(c)).toList();
      if (!unknown.isEmpty()) {
        throw new ParamException("classes", "unknown class name" + (unknown.size() == 1 ? " " : "s ") + unknown
            + "; the input dataset's classes are " + names);
      }
    });
  }

  /**
   * Makes a stage, resolving {@code params.classes()} against the class names of the dataset the
   * stage will receive.
   *
   * @throws StageException naming unknown classes and listing the dataset's classes
   */
  @Override
  public ClassicStage create(ClassicParams params, StageContext context) {
    return new ClassicStage(context.stageId(), params,
        ClassicStage.labelFilter(params.classes(), context.classNames()));
  }
}
