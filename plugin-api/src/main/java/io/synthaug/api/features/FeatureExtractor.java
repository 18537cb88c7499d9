package io.synthaug.api.features;

import io.synthaug.api.Image;
import java.util.List;

/**
 * Maps images to fixed-length feature vectors, made by a {@link FeatureExtractorFactory} for one
 * gate. A gate calls {@link #features} a few times (the real images, each source of synthetic
 * images) from one thread and closes the extractor when done.
 */
public interface FeatureExtractor extends AutoCloseable {

  /** The length of every feature vector. */
  int featureDim();

  /**
   * One feature vector of {@link #featureDim()} values per image, in order. Equal images give
   * equal vectors, and the same images give the same bytes on the same machine.
   *
   * @param images images of the dataset the gate measures; the extractor resizes or converts
   *     them as its {@link #protocol()} says
   * @throws io.synthaug.api.InputException naming the model file when an image cannot be fed to
   *     it (a shape it cannot take, say), with what it takes and what it got
   */
  float[][] features(List<Image> images);

  /** How the features are made, recorded with every score measured with them. */
  ExtractorProtocol protocol();

  /** Releases native resources (sessions, engine memory); the default holds none. */
  @Override
  default void close() {
  }
}
