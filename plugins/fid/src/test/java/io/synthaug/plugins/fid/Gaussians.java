package io.synthaug.plugins.fid;

import java.util.SplittableRandom;

/** Feature sets drawn from Gaussians with known means, whose FID is known in closed form. */
final class Gaussians {

  private Gaussians() {
  }

  /** {@code n} rows of {@code dim} independent N(mean, 1) features, from {@code seed}. */
  static float[][] rows(int n, int dim, double mean, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] out = new float[n][dim];
    for (float[] row : out) {
      for (int c = 0; c < dim; c++) {
        row[c] = (float) (mean + gaussian(r));
      }
    }
    return out;
  }

  /** Rows {@code a} followed by rows {@code b}. */
  static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code n} copies of {@code label}. */
  static int[] labels(int n, int label) {
    int[] out = new int[n];
    java.util.Arrays.fill(out, label);
    return out;
  }

  /** {@code a} followed by {@code b}. */
  static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
