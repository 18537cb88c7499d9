package io.synthaug.plugins.fid;

import io.synthaug.api.ParamException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.ValidationContext;
import io.synthaug.api.features.FeatureExtractorFactory;
import java.util.List;
import org.pf4j.Extension;

/** The {@code fid-gate} stage: lets synthetic images through only when they are close enough to the real ones. */
@Extension
public final class FidGateFactory implements StageFactory<FidGateParams> {

  @Override
  public String type() {
    return "fid-gate";
  }

  @Override
  public String description() {
    return "Measures each earlier stage's synthetic images against the real ones (FID and KID, overall and per class)"
        + " and fails the run, drops the source, or drops its failing classes when beyond the threshold";
  }

  @Override
  public Class<FidGateParams> paramsType() {
    return FidGateParams.class;
  }

  @Override
  public Stage create(FidGateParams params, StageContext context) {
    return new FidGateStage(params);
  }

  /**
   * The stages it names must come before it; the extractor must be offered by a loaded plugin,
   * take the given extractorParams and accept them against the spec (its model file exists).
   * Checked when the spec is read, so a mistake here does not wait for the stages before the gate
   * (a GAN's training) to finish. Once the run has read its input, an extractor that learns must
   * leave enough of the input's real images out of its {@code trainShare} for the gate to measure
   * with.
   */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void validate(FidGateParams params, ValidationContext context) {
    for (String id : params.stages()) {
      if (id.equals(context.stageId())) {
        throw new ParamException("stages", "lists '" + id + "', which is this gate itself; it measures stages placed"
            + " before it" + earlier(context));
      }
      if (!context.earlierStageIds().contains(id)) {
        throw new ParamException("stages", "lists '" + id + "', which is no stage before this gate"
            + earlier(context));
      }
    }
    List<FeatureExtractorFactory<?>> available = (List) context.extensions().all(FeatureExtractorFactory.class);
    FeatureExtractorFactory<?> factory;
    try {
      factory = Extractors.find(params.extractor(), available);
    } catch (StageException e) {
      throw new ParamException("extractor", e.getMessage());
    }
    Record bound;
    try {
      bound = Extractors.bind(factory, params.extractorParams());
    } catch (StageException e) {
      String msg = e.getMessage();
      throw new ParamException("extractorParams", msg.startsWith("extractorParams.") ? msg.substring(16) : msg);
    }
    try {
      ((FeatureExtractorFactory) factory).validate(bound, context);
    } catch (ParamException e) {
      throw new ParamException("extractorParams." + e.field(), e.problem() + " (extractor '" + factory.name() + "')");
    }
    if (factory.trainsOnData()) {
      context.classCounts().ifPresent(counts -> {
        String problem = FidGateStage.heldOutProblem(counts.stream().mapToInt(Integer::intValue).toArray(),
            params.trainShare(), factory.name());
        if (problem != null) {
          throw new ParamException("trainShare", problem);
        }
      });
    }
  }

  private static String earlier(ValidationContext context) {
    return context.earlierStageIds().isEmpty() ? ", and none is" : "; stages before it: "
        + String.join(", ", context.earlierStageIds());
  }
}
