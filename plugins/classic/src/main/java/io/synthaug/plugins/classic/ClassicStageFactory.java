package io.synthaug.plugins.classic;

import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
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
   * Makes a stage that augments every class.
   *
   * @throws StageException if {@code params.classes()} names classes: turning names into labels
   *     needs the input dataset's class names, which {@link StageContext} does not offer; use
   *     {@link #create(ClassicParams, StageContext, List)} where they are known
   */
  @Override
  public ClassicStage create(ClassicParams params, StageContext context) {
    if (!params.classes().isEmpty()) {
      throw new StageException("classes " + params.classes() + " cannot be resolved: this engine does not give"
          + " image stages the input dataset's class names; remove \"classes\" to augment every class");
    }
    return new ClassicStage(context.stageId(), params, label -> true);
  }

  /**
   * Makes a stage, resolving {@code params.classes()} against the input dataset's class names.
   *
   * @param classNames the class names of the dataset the stage will see, indexed by label
   * @throws StageException naming unknown classes and listing {@code classNames}
   */
  public ClassicStage create(ClassicParams params, StageContext context, List<String> classNames) {
    return new ClassicStage(context.stageId(), params, ClassicStage.labelFilter(params.classes(), classNames));
  }
}
