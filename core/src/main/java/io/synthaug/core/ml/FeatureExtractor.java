package io.synthaug.core.ml;

import io.synthaug.api.Image;
import java.util.List;

/**
 * Maps images to fixed-length feature vectors, such as the penultimate layer of a classifier
 * that FID compares between real and generated images.
 */
public interface FeatureExtractor {

  /** The length of every feature vector. */
  int featureDim();

  /**
   * One feature vector of {@link #featureDim()} values per image, in order.
   *
   * @throws io.synthaug.api.InputException when an image is null or does not have the shape the
   *     extractor takes
   */
  float[][] features(List<Image> images);
}
