package io.synthaug.plugins.fid;

import io.synthaug.api.ParamException;
import io.synthaug.api.ValidationContext;
import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The model file must exist where the spec says, so a run does not find out after its GAN trained. */
  @Override
  public void validate(OnnxExtractorParams params, ValidationContext context) {
    Path file = context.resolve(params.path());
    if (!Files.isRegularFile(file)) {
      throw new ParamException("path", (Files.isDirectory(file) ? "is a folder, not a model file: " : "no such file: ")
          + file + " ('" + params.path() + "', resolved against the spec's folder)");
    }
  }

  @Override
  public FeatureExtractor create(OnnxExtractorParams params, ExtractorContext context) {
    return OrtFeatureExtractor.open(params, context);
  }
}
