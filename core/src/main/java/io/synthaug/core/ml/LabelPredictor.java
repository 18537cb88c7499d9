package io.synthaug.core.ml;

import io.synthaug.api.Image;
import java.util.List;

/**
 * Anything that assigns a class index to images: a {@link TrainedClassifier} in DJL, or an
 * exported classifier run by ONNX Runtime ({@link OrtClassifier}). {@link LabelAgreement}
 * measures generated images with either.
 */
@FunctionalInterface
public interface LabelPredictor {

  /**
   * The predicted class index of each image, in order.
   *
   * @throws io.synthaug.api.InputException when an image is null or does not have the shape the
   *     predictor takes
   */
  int[] predict(List<Image> images);
}
