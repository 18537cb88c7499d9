package io.synthaug.core.ml;

/** Row-wise arithmetic on flat {@code [rows, k]} logit arrays, in double precision. */
final class Softmax {

  private Softmax() {
  }

  /** The index of the largest of {@code k} values from {@code offset}; the first one on ties. */
  static int argmax(float[] v, int offset, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (v[offset + j] > v[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  /** {@code -log softmax(v[offset..offset+k))[label]}, shifted by the maximum for stability. */
  static double crossEntropy(float[] v, int offset, int k, int label) {
    double max = v[offset + argmax(v, offset, k)];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += Math.exp(v[offset + j] - max);
    }
    return Math.log(sum) - (v[offset + label] - max);
  }

  /** The softmax of one row as floats summing to 1 (up to rounding). */
  static float[] probabilities(float[] v, int offset, int k) {
    double max = v[offset + argmax(v, offset, k)];
    double[] e = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      e[j] = Math.exp(v[offset + j] - max);
      sum += e[j];
    }
    float[] p = new float[k];
    for (int j = 0; j < k; j++) {
      p[j] = (float) (e[j] / sum);
    }
    return p;
  }
}
