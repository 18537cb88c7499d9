package io.synthaug.plugins.fid;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;

/**
 * Parameters of the {@code classifier} feature extractor.
 *
 * @param featureDim units of the penultimate layer, the feature length
 * @param epochs passes over the real images
 */
public record ClassifierExtractorParams(
    @Param(value = "Units of the penultimate layer, the features; a reliable FID needs 2 images a set per feature",
        defaultValue = "64") Integer featureDim,
    @Param(value = "Training passes over the real images", defaultValue = "10") Integer epochs) {

  /** Fills defaults and checks ranges. */
  public ClassifierExtractorParams {
    featureDim = Checks.range("featureDim", Checks.orDefault(featureDim, 64), 1, 4096);
    epochs = Checks.range("epochs", Checks.orDefault(epochs, 10), 1, 1000);
  }
}
