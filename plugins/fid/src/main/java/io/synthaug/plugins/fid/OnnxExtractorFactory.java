package io.synthaug.plugins.fid;

import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import org.pf4j.Extension;

/**
 * The {@code onnx} extractor: features from a user's ONNX model (an Inception-v3 export gives
 * the standard FID), run by ONNX Runtime with images resized and normalized to fit it.
 */
@Extension
public final class OnnxExtractorFactory implements FeatureExtractorFactory<OnnxExtractorParams> {

  @Override
  public String name() {
    return "onnx";
  }

  @Override
  public String description() {
    return "One output of your ONNX model (an Inception-v3 export gives the standard FID), run with ONNX Runtime";
  }

  @Override
  public Class<OnnxExtractorParams> paramsType() {
    return OnnxExtractorParams.class;
  }

  @Override
  public FeatureExtractor create(OnnxExtractorParams params, ExtractorContext context) {
    return OrtFeatureExtractor.open(params, context);
  }
}
