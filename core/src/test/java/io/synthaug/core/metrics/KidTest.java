package io.synthaug.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KidTest {

  @Test
  void twoPointsPerSetInOneDimensionMatchTheFormulaByHand() {
    // k(x, y) = (x y + 1)^3. Within A: k(0, 1) = 1; within B: k(1, 2) = 27; between:
    // k(0, 1) + k(0, 2) + k(1, 1) + k(1, 2) = 1 + 1 + 8 + 27 = 37.
    // MMD^2 = 2 * 1 / 2 + 2 * 27 / 2 - 2 * 37 / 4 = 1 + 27 - 18.5 = 9.5.
    KidResult r = Kid.compute(new float[][] {{0}, {1}}, new float[][] {{1}, {2}}, 7);
    assertEquals(9.5, r.mean(), 1e-12);
    assertEquals(0, r.std());
    assertEquals(0, r.stdError());
    assertEquals(1, r.subsets());
    assertEquals(2, r.subsetSize());
    assertEquals(2, r.nA());
    assertEquals(2, r.nB());
  }

  @Test
  void theKernelDividesTheDotProductByTheDimension() {
    // dim 2: k(x, y) = (x.y / 2 + 1)^3. Within A: x.y = 0 -> 1; within B: 2 -> 8; between:
    // dots 1, 2, 1, 0 -> 3.375 + 8 + 3.375 + 1 = 15.75. MMD^2 = 1 + 8 - 15.75 / 2 = 1.125.
    KidResult r = Kid.compute(new float[][] {{1, 0}, {0, 1}}, new float[][] {{1, 1}, {2, 0}}, 0);
    assertEquals(1.125, r.mean(), 1e-12);
  }

  @Test
  void wholeSetEstimateMatchesABruteForceSum() {
    float[][] a = GaussianSamples.standard(1, 30, 5, 0);
    float[][] b = GaussianSamples.standard(2, 30, 5, 0.4);
    assertEquals(bruteForce(a, b), Kid.compute(a, b, 3).mean(), 1e-12);
  }

  @Test
  void wholeSetEstimateDoesNotDependOnRowOrder() {
    float[][] a = GaussianSamples.standard(1, 30, 5, 0);
    float[][] b = GaussianSamples.standard(2, 30, 5, 0.4);
    float[][] reversedA = new float[a.length][];
    float[][] rotatedB = new float[b.length][];
    for (int i = 0; i < a.length; i++) {
      reversedA[i] = a[a.length - 1 - i];
      rotatedB[i] = b[(i + 7) % b.length];
    }
    double mean = Kid.compute(a, b, 3).mean();
    assertEquals(mean, Kid.compute(reversedA, rotatedB, 4).mean(), 1e-12 * Math.abs(mean) + 1e-15,
        "the estimate over all rows of both sets is a sum over all pairs, whatever their order");
  }

  @Test
  void subsetsAreUniformWithoutReplacement() {
    // Three points a set and subsets of two: the expectation of the subset estimate is the
    // average over the 3 x 3 equally likely pairs of pairs.
    float[][] a = {{0}, {1}, {-0.5f}};
    float[][] b = {{1}, {2}, {0.25f}};
    double exact = 0;
    for (int[] pa : new int[][] {{0, 1}, {0, 2}, {1, 2}}) {
      for (int[] pb : new int[][] {{0, 1}, {0, 2}, {1, 2}}) {
        exact += bruteForce(new float[][] {a[pa[0]], a[pa[1]]}, new float[][] {b[pb[0]], b[pb[1]]}) / 9;
      }
    }
    KidResult r = Kid.compute(a, b, 20_000, 2, 11);
    assertEquals(20_000, r.subsets());
    assertEquals(2, r.subsetSize());
    assertTrue(r.std() > 1, "std " + r.std());
    assertEquals(r.std() / Math.sqrt(20_000), r.stdError(), 1e-15);
    assertEquals(exact, r.mean(), 4 * r.stdError());
  }

  @Test
  void sameDistributionScoresAboutZero() {
    float[][] a = GaussianSamples.standard(3, 2000, 8, 0);
    float[][] b = GaussianSamples.standard(4, 2000, 8, 0);
    KidResult r = Kid.compute(a, b, 100, 100, 5);
    assertEquals(100, r.subsetSize());
    assertTrue(r.stdError() > 0);
    assertTrue(Math.abs(r.mean()) < 3 * r.stdError(), r.toString());
  }

  @Test
  void shiftedDistributionScoresClearlyAboveZero() {
    float[][] a = GaussianSamples.standard(3, 2000, 8, 0);
    float[][] b = GaussianSamples.standard(6, 2000, 8, 0.5);
    KidResult r = Kid.compute(a, b, 100, 100, 5);
    assertTrue(r.mean() > 10 * r.stdError(), r.toString());
    assertTrue(r.mean() > 0.05, r.toString());
  }

  @Test
  void oneSeedGivesOneResultAndAnotherSeedAnother() {
    float[][] a = GaussianSamples.standard(7, 300, 6, 0);
    float[][] b = GaussianSamples.standard(8, 400, 6, 0.2);
    KidResult first = Kid.compute(a, b, 20, 50, 42);
    assertEquals(first, Kid.compute(a, b, 20, 50, 42));
    assertNotEquals(first.mean(), Kid.compute(a, b, 20, 50, 43).mean());
  }

  @Test
  void swappingTheSetsGivesTheSameScore() {
    // On whole sets the estimator is symmetric up to rounding.
    float[][] a = GaussianSamples.standard(9, 200, 6, 0);
    float[][] b = GaussianSamples.standard(10, 200, 6, 0.3);
    assertEquals(Kid.compute(a, b, 1).mean(), Kid.compute(b, a, 1).mean(), 1e-12);
    // With subsets, the first set's rows come first from the stream, so the subsets differ
    // and the two means agree within their Monte-Carlo errors.
    KidResult ab = Kid.compute(a, b, 100, 40, 1);
    KidResult ba = Kid.compute(b, a, 100, 40, 1);
    assertNotEquals(ab.mean(), ba.mean());
    assertEquals(ab.mean(), ba.mean(), 4 * Math.hypot(ab.stdError(), ba.stdError()));
  }

  @Test
  void defaultsUseOneHundredSubsetsOfAtMostOneThousandRows() {
    float[][] small = GaussianSamples.standard(11, 50, 4, 0);
    float[][] larger = GaussianSamples.standard(12, 80, 4, 0);
    KidResult r = Kid.compute(small, larger, 1);
    assertEquals(100, r.subsets());
    assertEquals(50, r.subsetSize());
    assertTrue(r.std() > 0);
    KidResult whole = Kid.compute(small, GaussianSamples.standard(13, 50, 4, 0), 1);
    assertEquals(1, whole.subsets());
    assertEquals(50, whole.subsetSize());
    assertEquals(0, whole.std());
  }

  @Test
  void badArgumentsAreNamed() {
    float[][] ok = GaussianSamples.standard(14, 5, 3, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kid.compute(ok, ok, 0, 10, 1));
    assertEquals("subsets must be at least 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Kid.compute(ok, ok, 10, 1, 1));
    assertTrue(e.getMessage().startsWith("maxSubsetSize must be at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Kid.compute(ok, new float[][] {{1, 2, 3}}, 1));
    assertEquals("set B: 1 feature rows, need at least 2", e.getMessage());
    float[][] bad = GaussianSamples.standard(15, 5, 3, 0);
    bad[2][0] = Float.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> Kid.compute(bad, ok, 1));
    assertTrue(e.getMessage().startsWith("set A: row 2, column 0 is Infinity"), e.getMessage());
  }

  /** The unbiased MMD^2 with the cubic kernel, summed term by term over all rows. */
  private static double bruteForce(float[][] x, float[][] y) {
    int m = x.length;
    int d = x[0].length;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          xx += Math.pow(dot(x[i], x[j]) / d + 1, 3);
          yy += Math.pow(dot(y[i], y[j]) / d + 1, 3);
        }
        xy += Math.pow(dot(x[i], y[j]) / d + 1, 3);
      }
    }
    return xx / (m * (m - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
  }

  private static double dot(float[] p, float[] q) {
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      s += (double) p[k] * q[k];
    }
    return s;
  }
}
