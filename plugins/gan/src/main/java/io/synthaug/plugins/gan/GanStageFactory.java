package io.synthaug.plugins.gan;

import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ParamException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.api.ValidationContext;
import io.synthaug.api.gan.DiffAugment;
import io.synthaug.api.gan.DiffAugmentPolicy;
import io.synthaug.core.sample.SyntheticSampler;
import java.util.List;
import org.pf4j.Extension;

/** The {@code gan} stage: learns a class-conditional GAN and adds its samples to the dataset. */
@Extension
public final class GanStageFactory implements StageFactory<GanParams> {

  @Override
  public String type() {
    return "gan";
  }

  @Override
  public String description() {
    return "Trains a class-conditional GAN (cgan or wgan-gp) with PyTorch through DJL, exports the generator to ONNX"
        + " and adds labeled samples drawn with ONNX Runtime";
  }

  @Override
  public Class<GanParams> paramsType() {
    return GanParams.class;
  }

  @Override
  public Stage create(GanParams params, StageContext context) {
    validate(params, context.extensions());
    return new GanStage(params);
  }

  /**
   * As {@link #validate(GanParams, ExtensionLookup)}, and once the input is read, before any stage
   * runs: the label-agreement judge needs a few real images of each class (see
   * {@link GanStage#judgeProblem}), so a class too small for it is a spec error at {@code judgeEpochs}
   * rather than a failure after the training. The stage checks again on the images it gets.
   */
  @Override
  public void validate(GanParams params, ValidationContext context) {
    validate(params, context.extensions());
    context.classCounts().ifPresent(list -> {
      int[] counts = list.stream().mapToInt(Integer::intValue).toArray();
      List<String> names = context.classNames().orElseThrow();
      // real images are what the input holds; earlier stages add synthetic ones, never real ones
      String problem = GanStage.judgeProblem(params.judgeEpochs(), names, counts,
          SyntheticSampler.total(params.sample().counts(counts, counts)));
      if (problem != null) {
        throw new ParamException("judgeEpochs", problem);
      }
    });
  }

  /** DiffAugment policy names must be offered by a loaded plugin, once each. */
  @Override
  public void validate(GanParams params, ExtensionLookup extensions) {
    try {
      DiffAugment.parse(params.diffAugment(), extensions.all(DiffAugmentPolicy.class));
    } catch (IllegalArgumentException e) {
      throw new ParamException("diffAugment", e.getMessage());
    }
  }
}
