package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.StageException;
import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.ExtractorProtocol;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import io.synthaug.core.Hashes;
import io.synthaug.core.WarningLines;
import io.synthaug.core.ml.ClassifierConfig;
import io.synthaug.core.ml.CnnClassifier;
import io.synthaug.core.ml.OrtClassifier;
import io.synthaug.core.ml.TrainedClassifier;
import io.synthaug.core.run.PipelineRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * The default extractor, {@code classifier}: since Inception weights cannot be downloaded here,
 * it trains the project's CNN on real images (seeded, no early stopping), exports
 * it to ONNX with the project's own writer into the gate's artifacts, and reads the penultimate
 * layer with ONNX Runtime. It trains on the share of the real images the gate holds out of its
 * measurements ({@link #trainsOnData()}). The protocol carries the ONNX file's SHA-256, so scores from two runs
 * are comparable only when they trained the same network.
 */
@Extension
public final class ClassifierExtractorFactory implements FeatureExtractorFactory<ClassifierExtractorParams> {

  /** The exported network's file name in the gate's artifact folder. */
  public static final String MODEL_FILE = "feature-classifier.onnx";

  @Override
  public String name() {
    return "classifier";
  }

  @Override
  public String description() {
    return "Penultimate layer of a CNN classifier trained on the real images (DJL), run from ONNX with ONNX Runtime";
  }

  @Override
  public boolean trainsOnData() {
    return true;
  }

  @Override
  public Class<ClassifierExtractorParams> paramsType() {
    return ClassifierExtractorParams.class;
  }

  @Override
  public FeatureExtractor create(ClassifierExtractorParams params, ExtractorContext ctx) {
    Dataset real = ctx.trainingData();
    if (real.classCount() < 2) {
      throw new StageException("the classifier extractor learns its features by telling classes apart, but the"
          + " dataset has one class " + real.classNames() + "; use the onnx extractor with a model of your own");
    }
    ClassifierConfig config = ClassifierConfig.forDataset(real).featureDim(params.featureDim())
        .maxEpochs(params.epochs()).validationFraction(0).seed(ctx.seed()).device(ctx.device()).build();
    TrainedClassifier trained = CnnClassifier.train(real, config, ctx.progress(),
        WarningLines.route(ctx.log()::debug, ctx.log()::warn));
    Path model = ctx.artifactDir().resolve(MODEL_FILE);
    Map<String, String> provenance = new TreeMap<>();
    provenance.put("synthaug.purpose", "fid-gate features (penultimate layer)");
    provenance.put("synthaug.training_images", Integer.toString(real.size()));
    provenance.put("synthaug.version", PipelineRunner.VERSION);
    try {
      trained.exportOnnx(model, provenance);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + model, e);
    }
    String sha = Hashes.sha256(model);
    ctx.log().info(String.format(Locale.ROOT, "feature extractor: classifier trained on %d real images (%d features,"
        + " %d epochs), exported to %s (sha256 %s)", real.size(), params.featureDim(), params.epochs(),
        model.getFileName(), sha.substring(0, 12)));
    OrtClassifier session = OrtClassifier.open(model, ctx.device(),
        WarningLines.route(ctx.log()::info, ctx.log()::warn));
    int h = real.samples().get(0).image().height();
    int w = real.samples().get(0).image().width();
    return new Features(session, new ExtractorProtocol(name(), sha, h, w, "none"));
  }

  /** The exported classifier's penultimate layer. */
  private record Features(OrtClassifier session, ExtractorProtocol protocol) implements FeatureExtractor {

    @Override
    public int featureDim() {
      return session.featureDim();
    }

    @Override
    public float[][] features(List<io.synthaug.api.Image> images) {
      return session.features(images);
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
