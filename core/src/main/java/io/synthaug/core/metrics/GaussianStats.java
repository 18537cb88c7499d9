package io.synthaug.core.metrics;

/**
 * The mean and covariance of a set of feature vectors: the Gaussian that FID fits to them.
 *
 * <p>The arrays belong to the record and are not copied (a 2,048-feature covariance is 32 MB):
 * do not modify them after construction. The record holds only numbers and arrays, so it
 * serializes as plain JSON, which lets a reference split's statistics be computed once and kept.
 *
 * @param mean the per-feature mean, length {@code dim}
 * @param covariance the unbiased ({@code n - 1}) covariance, {@code dim x dim}, symmetric
 * @param n the number of feature vectors the statistics were computed from
 * @param dim the number of features
 */
public record GaussianStats(double[] mean, double[][] covariance, int n, int dim) {

  /** Checks shapes and finiteness, naming the bad entry. */
  public GaussianStats {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be at least 1, got " + dim);
    }
    if (n < 2) {
      throw new IllegalArgumentException("n must be at least 2 (an unbiased covariance divides by n - 1), got " + n);
    }
    if (mean == null || mean.length != dim) {
      throw new IllegalArgumentException("mean must have dim = " + dim + " entries, got "
          + (mean == null ? "null" : mean.length));
    }
    if (covariance == null || covariance.length != dim) {
      throw new IllegalArgumentException("covariance must have dim = " + dim + " rows, got "
          + (covariance == null ? "null" : covariance.length));
    }
    for (int i = 0; i < dim; i++) {
      if (!Double.isFinite(mean[i])) {
        throw new IllegalArgumentException("mean[" + i + "] is " + mean[i]);
      }
      if (covariance[i] == null || covariance[i].length != dim) {
        throw new IllegalArgumentException("covariance row " + i + " must have dim = " + dim + " entries, got "
            + (covariance[i] == null ? "null" : covariance[i].length));
      }
      for (int j = 0; j < dim; j++) {
        if (!Double.isFinite(covariance[i][j])) {
          throw new IllegalArgumentException("covariance[" + i + "][" + j + "] is " + covariance[i][j]);
        }
      }
    }
  }

  /** The sum of the variances. */
  public double trace() {
    double t = 0;
    for (int i = 0; i < dim; i++) {
      t += covariance[i][i];
    }
    return t;
  }
}
