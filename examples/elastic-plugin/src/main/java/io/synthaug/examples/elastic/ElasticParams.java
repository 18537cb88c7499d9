package io.synthaug.examples.elastic;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;

/**
 * Parameters of the {@code elastic} stage.
 *
 * @param alpha displacement strength in pixels
 * @param sigma smoothness of the displacement field (gaussian sigma in pixels)
 * @param copies distorted copies per input image
 * @param p probability that a copy is distorted at all
 */
public record ElasticParams(
    @Param(value = "Displacement strength in pixels (34 suits 28x28 digits).", defaultValue = "34.0") Double alpha,
    @Param(value = "Gaussian sigma of the displacement field in pixels.", defaultValue = "4.0") Double sigma,
    @Param(value = "Distorted copies added per input image.", defaultValue = "1") Integer copies,
    @Param(value = "Probability that a copy is distorted.", defaultValue = "1.0") Double p) {

  /** Fills defaults and checks ranges. */
  public ElasticParams {
    alpha = Checks.range("alpha", Checks.orDefault(alpha, 34.0), 0.0, 1000.0);
    sigma = Checks.range("sigma", Checks.orDefault(sigma, 4.0), 0.5, 100.0);
    copies = Checks.range("copies", Checks.orDefault(copies, 1), 1, 100);
    p = Checks.probability("p", Checks.orDefault(p, 1.0));
  }
}
