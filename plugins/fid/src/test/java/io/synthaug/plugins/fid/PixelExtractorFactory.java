package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Param;
import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.ExtractorProtocol;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import java.util.List;

/**
 * A test extractor, as a third party would write one: the pixel values themselves, times a gain,
 * so a test controls the features through the pixels.
 */
final class PixelExtractorFactory implements FeatureExtractorFactory<PixelExtractorFactory.Params> {

  /** @param gain multiplies every pixel */
  record Params(@Param(value = "gain", defaultValue = "1.0") Double gain) {
    Params {
      gain = gain == null ? 1.0 : gain;
    }
  }

  static final String SHA = "ab".repeat(32);

  private final boolean trains;
  /** The images the last {@link #create} was given to train on. */
  Dataset trainedOn;

  /** An extractor that claims to train on the data when {@code trains}, so the gate holds some out. */
  PixelExtractorFactory(boolean trains) {
    this.trains = trains;
  }

  PixelExtractorFactory() {
    this(false);
  }

  @Override
  public boolean trainsOnData() {
    return trains;
  }

  @Override
  public String name() {
    return "pixels";
  }

  @Override
  public String description() {
    return "raw pixels";
  }

  @Override
  public Class<Params> paramsType() {
    return Params.class;
  }

  @Override
  public FeatureExtractor create(Params params, ExtractorContext context) {
    trainedOn = context.trainingData();
    Image first = context.trainingData().samples().get(0).image();
    int dim = first.pixels().length;
    return new FeatureExtractor() {
      @Override
      public int featureDim() {
        return dim;
      }

      @Override
      public float[][] features(List<Image> images) {
        float[][] out = new float[images.size()][dim];
        for (int i = 0; i < out.length; i++) {
          float[] px = images.get(i).pixels();
          for (int k = 0; k < dim; k++) {
            out[i][k] = (float) (px[k] * params.gain());
          }
        }
        return out;
      }

      @Override
      public ExtractorProtocol protocol() {
        return new ExtractorProtocol("pixels", SHA, first.height(), first.width(), "none");
      }
    };
  }
}
