package io.synthaug.plugins.fid;

import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ParamException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.StageFactory;
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

  /** The extractor must be offered by a loaded plugin and take the given extractorParams. */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void validate(FidGateParams params, ExtensionLookup extensions) {
    List<FeatureExtractorFactory<?>> available = (List) extensions.all(FeatureExtractorFactory.class);
    FeatureExtractorFactory<?> factory;
    try {
      factory = Extractors.find(params.extractor(), available);
    } catch (StageException e) {
      throw new ParamException("extractor", e.getMessage());
    }
    try {
      Extractors.bind(factory, params.extractorParams());
    } catch (StageException e) {
      String msg = e.getMessage();
      throw new ParamException("extractorParams", msg.startsWith("extractorParams.") ? msg.substring(16) : msg);
    }
  }
}
