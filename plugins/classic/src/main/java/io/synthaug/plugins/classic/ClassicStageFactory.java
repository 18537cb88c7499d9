package io.synthaug.plugins.classic;

import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
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
