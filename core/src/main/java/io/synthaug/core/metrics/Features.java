package io.synthaug.core.metrics;

/** Checks shared by the metrics: a non-empty rectangular matrix of finite features. */
final class Features {

  private Features() {
  }

  /**
   * Checks {@code features} and returns its column count.
   *
   * @param set how the caller names this set in messages, e.g. {@code "set A"}
   * @param minRows the fewest rows the metric can work with
   * @throws IllegalArgumentException naming the set, row and column of the first problem
   */
  static int check(float[][] features, String set, int minRows) {
    if (features == null) {
      throw new IllegalArgumentException(set + ": features are null");
    }
    if (features.length < minRows) {
      throw new IllegalArgumentException(set + ": " + features.length + " feature rows, need at least " + minRows);
    }
    if (features[0] == null || features[0].length == 0) {
      throw new IllegalArgumentException(set + ": row 0 is " + (features[0] == null ? "null" : "empty")
          + "; every row must hold the same number (at least 1) of features");
    }
    int dim = features[0].length;
    for (int r = 0; r < features.length; r++) {
      float[] row = features[r];
      if (row == null || row.length != dim) {
        throw new IllegalArgumentException(set + ": row " + r + " has " + (row == null ? "no" : row.length)
            + " features, row 0 has " + dim + "; every row must have the same length");
      }
      for (int c = 0; c < dim; c++) {
        if (!Float.isFinite(row[c])) {
          throw new IllegalArgumentException(set + ": row " + r + ", column " + c + " is " + row[c]
              + "; the feature extractor produced a non-finite value (check its input and weights)");
        }
      }
    }
    return dim;
  }

  /** Checks that two sets have the same number of features. */
  static void sameDim(int dimA, int dimB) {
    if (dimA != dimB) {
      throw new IllegalArgumentException("set A has " + dimA + " features per row, set B " + dimB
          + "; both sets must come from the same feature extractor");
    }
  }
}
