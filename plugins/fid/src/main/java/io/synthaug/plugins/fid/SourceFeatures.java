package io.synthaug.plugins.fid;

import java.util.Objects;

/**
 * The features of one synthetic source: the images one earlier stage made.
 *
 * @param stageId the id of the stage that made the images
 * @param features one row per image, in dataset order
 * @param labels each image's class
 */
record SourceFeatures(String stageId, float[][] features, int[] labels) {

  SourceFeatures {
    Objects.requireNonNull(stageId, "stageId");
    if (features.length != labels.length) {
      throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
    }
  }
}
