package io.synthaug.core.metrics;

import java.util.SplittableRandom;

/** Seeded draws from known Gaussians, for tests that check metrics against closed forms. */
final class GaussianSamples {

  private GaussianSamples() {
  }

  /** {@code n} rows of {@code mean + factor * z}, {@code z} standard normal: covariance {@code factor factor^T}. */
  static float[][] draw(long seed, int n, double[] mean, double[][] factor) {
    SplittableRandom random = new SplittableRandom(seed);
    int dim = mean.length;
    int k = factor[0].length;
    float[][] out = new float[n][dim];
    double[] z = new double[k];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < k; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < dim; i++) {
        double v = mean[i];
        for (int j = 0; j < k; j++) {
          v += factor[i][j] * z[j];
        }
        out[r][i] = (float) v;
      }
    }
    return out;
  }

  /** {@code n} rows of independent standard normals shifted by {@code shift} in every column. */
  static float[][] standard(long seed, int n, int dim, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] out = new float[n][dim];
    for (float[] row : out) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) (shift + random.nextGaussian());
      }
    }
    return out;
  }

  /** {@code f f^T}. */
  static double[][] outer(double[][] f) {
    int d = f.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < f[0].length; k++) {
          c[i][j] += f[i][k] * f[j][k];
        }
      }
    }
    return c;
  }
}
