package io.synthaug.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FidTest {

  // ---- closed forms on exact statistics (no sampling) ----

  @Test
  void oneDimensionalGaussiansGiveSquaredMeanAndStdDifferences() {
    double[][] cases = {{0, 1, 0, 1}, {0, 1, 3, 1}, {1.5, 2, -0.5, 0.5}, {10, 0.1, 10, 7}, {-3, 4, 2, 9}};
    for (double[] c : cases) {
      double m1 = c[0];
      double s1 = c[1];
      double m2 = c[2];
      double s2 = c[3];
      double expected = (m1 - m2) * (m1 - m2) + (s1 - s2) * (s1 - s2);
      double got = Fid.distance(oneD(m1, s1), oneD(m2, s2));
      assertEquals(expected, got, 1e-9, () -> "N(" + m1 + ", " + s1 + "^2) vs N(" + m2 + ", " + s2 + "^2)");
    }
  }

  @Test
  void diagonalCovariancesSumOverDimensions() {
    double[] muA = {0, 1, -2, 4, 0.5};
    double[] muB = {1, 1, 0, 3, -0.5};
    double[] varA = {1, 4, 0.25, 9, 2};
    double[] varB = {4, 1, 0.25, 0.01, 7};
    double expected = 0;
    double expectedSqrtTrace = 0;
    for (int i = 0; i < 5; i++) {
      double sa = Math.sqrt(varA[i]);
      double sb = Math.sqrt(varB[i]);
      expected += (muA[i] - muB[i]) * (muA[i] - muB[i]) + (sa - sb) * (sa - sb);
      expectedSqrtTrace += Math.sqrt(varA[i] * varB[i]);
    }
    GaussianStats a = new GaussianStats(muA, diagonal(varA), 100, 5);
    GaussianStats b = new GaussianStats(muB, diagonal(varB), 100, 5);
    assertEquals(expectedSqrtTrace, Fid.traceSqrtProduct(a.covariance(), b.covariance()), 1e-9);
    assertEquals(expected, Fid.distance(a, b), 1e-9);
  }

  @Test
  void nonCommutingTwoByTwoMatchesTheTraceDeterminantFormula() {
    double[][] ca = {{2, 0.8}, {0.8, 1}};
    double[][] cb = {{1, -0.3}, {-0.3, 0.5}};
    GaussianStats a = new GaussianStats(new double[] {1, 2}, ca, 50, 2);
    GaussianStats b = new GaussianStats(new double[] {0, 0.5}, cb, 50, 2);
    double expected = 1 + 1.5 * 1.5 + 3 + 1.5 - 2 * sqrtTrace2x2(ca, cb);
    assertEquals(expected, Fid.distance(a, b), 1e-9);
  }

  @Test
  void rankOneCovarianceUsesTheOnlyNonZeroEigenvalue() {
    // Ca = u u^T has rank 1, so Ca Cb has one non-zero eigenvalue, u^T Cb u.
    double[] u = {0.3, -1.2, 0.7, 2.0, 0.1, -0.4};
    double[][] ca = new double[6][6];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        ca[i][j] = u[i] * u[j];
      }
    }
    double[][] f = new double[6][6];
    SplittableRandom random = new SplittableRandom(5);
    for (double[] row : f) {
      for (int j = 0; j < 6; j++) {
        row[j] = random.nextGaussian();
      }
    }
    double[][] cb = GaussianSamples.outer(f);
    double quad = 0;
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        quad += u[i] * cb[i][j] * u[j];
      }
    }
    assertEquals(Math.sqrt(quad), Fid.traceSqrtProduct(ca, cb), 1e-9);
    assertEquals(Math.sqrt(quad), Fid.traceSqrtProduct(cb, ca), 1e-9);
  }

  @Test
  void commutingNonDiagonalCovariancesWithZeroAndTinyVariancesStayExact() {
    // Ca = Q diag(d) Q^T and Cb = Q diag(e) Q^T share the eigenvectors of the Householder
    // reflection Q = I - 2 v v^T / v^T v, so Tr sqrt(Ca Cb) = sum sqrt(d_i e_i). Ca is singular
    // where Cb has variance 7: rounding noise there must not leak into the square root.
    double[] d = {5, 2, 1, 0.5, 1e-3, 1e-8, 0, 0};
    double[] e = {1, 3, 0.2, 4, 2, 1, 7, 0};
    double[] v = {1, -2, 0.5, 3, 1, -1, 2, 0.25};
    double[][] ca = rotated(v, d);
    double[][] cb = rotated(v, e);
    double expected = 0;
    for (int i = 0; i < 8; i++) {
      expected += Math.sqrt(d[i] * e[i]);
    }
    assertEquals(expected, Fid.traceSqrtProduct(ca, cb), 1e-9);
    assertEquals(expected, Fid.traceSqrtProduct(cb, ca), 1e-9);
    double[] zero = new double[8];
    double fid = Fid.distance(new GaussianStats(zero, ca, 9, 8), new GaussianStats(zero, cb, 9, 8));
    double closedForm = 0;
    for (int i = 0; i < 8; i++) {
      closedForm += (Math.sqrt(d[i]) - Math.sqrt(e[i])) * (Math.sqrt(d[i]) - Math.sqrt(e[i]));
    }
    assertEquals(closedForm, fid, 1e-9);
  }

  @Test
  void perfectlyCorrelatedFeaturesGiveTheDoubledOneDimensionalValue() {
    // Features (x, x): C = s^2 [[1, 1], [1, 1]] is singular; the product of two such has
    // eigenvalues 4 sa^2 sb^2 and 0, so FID = 2 (dm^2 + (sa - sb)^2).
    double sa = 1.5;
    double sb = 0.5;
    GaussianStats a = new GaussianStats(new double[] {1, 1}, scaledOnes(sa * sa), 10, 2);
    GaussianStats b = new GaussianStats(new double[] {3, 3}, scaledOnes(sb * sb), 10, 2);
    assertEquals(2 * (4 + 1), Fid.distance(a, b), 1e-9);
  }

  // ---- statistics ----

  @Test
  void statsAreTheMeanAndUnbiasedCovariance() {
    GaussianStats s = Fid.stats(new float[][] {{1, 2}, {3, 6}, {5, 7}});
    assertEquals(3, s.n());
    assertEquals(2, s.dim());
    assertEquals(3, s.mean()[0], 0);
    assertEquals(5, s.mean()[1], 0);
    assertEquals(4, s.covariance()[0][0], 1e-15);
    assertEquals(7, s.covariance()[1][1], 1e-15);
    assertEquals(5, s.covariance()[0][1], 1e-15);
    assertEquals(5, s.covariance()[1][0], 1e-15);
  }

  @Test
  void statsStayExactUnderALargeOffset() {
    // Values 1e6 + {-1, 0, 1}: E[x^2] - mu^2 would cancel 12 digits; centring first keeps the
    // variance exactly 1.
    int n = 3000;
    float[][] rows = new float[n][1];
    for (int r = 0; r < n; r++) {
      rows[r][0] = 1_000_000f + (r % 3) - 1;
    }
    GaussianStats s = Fid.stats(rows);
    assertEquals(1_000_000, s.mean()[0], 0);
    assertEquals(2.0 * n / 3 / (n - 1), s.covariance()[0][0], 1e-12);
  }

  @Test
  void statsSpanMoreThanOneBlockOfRows() {
    // 130 rows cross the 64-row blocks; compare with a direct double-precision sum.
    float[][] rows = GaussianSamples.standard(11, 130, 7, 0.5);
    GaussianStats s = Fid.stats(rows);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 7; j++) {
        double mi = 0;
        double mj = 0;
        for (float[] row : rows) {
          mi += row[i];
          mj += row[j];
        }
        mi /= 130;
        mj /= 130;
        double c = 0;
        for (float[] row : rows) {
          c += (row[i] - mi) * (row[j] - mj);
        }
        assertEquals(c / 129, s.covariance()[i][j], 1e-12);
      }
    }
  }

  // ---- from samples ----

  @Test
  void oneDimensionalSamplesMatchTheClosedFormOfTheirOwnMomentsExactly() {
    float[][] a = GaussianSamples.draw(1, 500, new double[] {2}, new double[][] {{1.5}});
    float[][] b = GaussianSamples.draw(2, 700, new double[] {-1}, new double[][] {{0.5}});
    double[] ma = meanStd(a);
    double[] mb = meanStd(b);
    double expected = (ma[0] - mb[0]) * (ma[0] - mb[0]) + (ma[1] - mb[1]) * (ma[1] - mb[1]);
    FidResult r = Fid.compute(a, b);
    assertEquals(expected, r.value(), 1e-9);
    assertEquals(500, r.nA());
    assertEquals(700, r.nB());
    assertEquals(1, r.dim());
  }

  @Test
  void largeCorrelatedSamplesApproachThePopulationFid() {
    // Two correlated 2x2 blocks per distribution: the 4x4 covariances are block diagonal, so
    // Tr sqrt(Ca Cb) is the sum of the blocks' 2x2 closed forms.
    double[][] fa = {{1.0, 0, 0, 0}, {0.8, 0.6, 0, 0}, {0, 0, 0.7, 0}, {0, 0, -0.5, 1.1}};
    double[][] fb = {{0.5, 0, 0, 0}, {-0.4, 0.9, 0, 0}, {0, 0, 1.3, 0}, {0, 0, 0.9, 0.4}};
    double[] muA = {0, 0.5, 1, -1};
    double[] muB = {1, 0, 0.5, -1};
    double[][] ca = GaussianSamples.outer(fa);
    double[][] cb = GaussianSamples.outer(fb);
    double sqrtTrace = 0;
    for (int block = 0; block < 4; block += 2) {
      sqrtTrace += sqrtTrace2x2(sub2(ca, block), sub2(cb, block));
    }
    double expected = 1 + 0.25 + 0.25 + trace(ca) + trace(cb) - 2 * sqrtTrace;

    FidResult r = Fid.compute(GaussianSamples.draw(21, 20_000, muA, fa), GaussianSamples.draw(22, 20_000, muB, fb));
    // Sampling error at n = 20,000 per set: 0.026 rms over 40 seeds (largest 0.055); 0.1 is 4 rms.
    assertEquals(expected, r.value(), 0.1);
    assertTrue(r.reliable(), r.note());
  }

  // ---- properties ----

  @Test
  void aSetAgainstItselfIsZero() {
    float[][] a = GaussianSamples.draw(3, 400, new double[] {1, 2, 3}, new double[][] {{1, 0, 0}, {0.5, 1, 0}, {0.2, -0.3, 2}});
    assertTrue(Math.abs(Fid.compute(a, a).value()) < 1e-6);
    float[][] wide = GaussianSamples.standard(4, 20, 64, 3);
    assertTrue(Math.abs(Fid.compute(wide, wide).value()) < 1e-6);
  }

  @Test
  void rowOrderDoesNotMatter() {
    float[][] a = GaussianSamples.standard(5, 300, 12, 0);
    float[][] b = GaussianSamples.standard(6, 250, 12, 0.3);
    double before = Fid.compute(a, b).value();
    List<float[]> rows = new ArrayList<>(List.of(a));
    java.util.Collections.shuffle(rows, new java.util.Random(9));
    double after = Fid.compute(rows.toArray(new float[0][]), b).value();
    assertEquals(before, after, 1e-9);
  }

  @Test
  void itIsSymmetric() {
    float[][] a = GaussianSamples.draw(7, 300, new double[] {0, 1, 0, 2}, new double[][] {{1, 0, 0, 0}, {0.9, 0.4, 0, 0},
        {0, 0.3, 2, 0}, {0.1, 0.1, 0.1, 0.2}});
    float[][] b = GaussianSamples.standard(8, 280, 4, 0.7);
    assertEquals(Fid.compute(a, b).value(), Fid.compute(b, a).value(), 1e-8);
  }

  @Test
  void fewerImagesThanFeaturesGiveAFiniteUnreliableScoreWithAnExplanation() {
    float[][] a = GaussianSamples.standard(9, 20, 64, 0);
    float[][] b = GaussianSamples.standard(10, 30, 64, 1);
    FidResult r = Fid.compute(a, b);
    assertTrue(Double.isFinite(r.value()));
    // The mean term alone is 64 * 1^2 in expectation; the covariance terms only add.
    assertTrue(r.value() > 40, "FID " + r.value());
    assertFalse(r.reliable());
    assertTrue(r.note().startsWith("covariance is singular: set A has 20 images for 64 features (rank at most 19)"), r.note());
    assertTrue(r.note().contains("at least 2 x 64 = 128 images in each set (add 108 to set A)"), r.note());
    assertTrue(r.note().contains("use KID"), r.note());
  }

  @Test
  void reliabilityFollowsTwoImagesPerFeature() {
    int dim = 16;
    FidResult between = Fid.compute(GaussianSamples.standard(1, 31, dim, 0), GaussianSamples.standard(2, 20, dim, 0));
    assertFalse(between.reliable());
    assertFalse(between.note().contains("singular"), between.note());
    assertTrue(between.note().startsWith("set B has 20 images for 16 features, too few for a stable covariance"),
        between.note());
    assertTrue(between.note().contains("(add 12 to set B)"), between.note());

    FidResult enough = Fid.compute(GaussianSamples.standard(3, 32, dim, 0), GaussianSamples.standard(4, 40, dim, 0));
    assertTrue(enough.reliable(), enough.note());
    assertTrue(enough.note().contains("same numbers of images"), enough.note());
    assertEquals(32, enough.nA());
    assertEquals(40, enough.nB());
    assertEquals(16, enough.dim());
  }

  // ---- per class ----

  @Test
  void perClassScoresEachLabelOnItsOwnRows() {
    float[][] a = GaussianSamples.standard(12, 90, 3, 0);
    float[][] b = GaussianSamples.standard(13, 60, 3, 0);
    int[] la = new int[90];
    int[] lb = new int[60];
    for (int r = 0; r < 90; r++) {
      la[r] = r % 3 == 0 ? 7 : 2;
      if (la[r] == 7) {
        a[r][0] += 5;
      }
    }
    for (int r = 0; r < 60; r++) {
      lb[r] = r < 25 ? 7 : 2;
    }
    Map<Integer, FidResult> got = Fid.perClass(a, la, b, lb);
    assertEquals(List.of(2, 7), List.copyOf(got.keySet()));
    for (int c : new int[] {2, 7}) {
      FidResult expected = Fid.compute(rowsOf(a, la, c), rowsOf(b, lb, c));
      assertEquals(expected, got.get(c));
    }
    assertEquals(30, got.get(7).nA());
    assertEquals(25, got.get(7).nB());
    assertTrue(got.get(7).value() > got.get(2).value() + 15, got.toString());
  }

  @Test
  void perClassRejectsAClassMissingFromOneSetAndMismatchedLabels() {
    float[][] a = GaussianSamples.standard(14, 6, 2, 0);
    float[][] b = GaussianSamples.standard(15, 4, 2, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fid.perClass(a, new int[] {0, 0, 1, 1, 3, 3}, b, new int[] {0, 0, 1, 1}));
    assertEquals("class 3 has 2 rows in set A and none in set B; per-class FID needs every class in both sets", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fid.perClass(a, new int[] {0, 0, 1}, b, new int[] {0, 0, 1, 1}));
    assertEquals("set A: 6 feature rows but 3 labels; give one label per row", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Fid.perClass(a, new int[] {0, 0, 0, 1, 1, 1}, b, new int[] {0, 0, 0, 1}));
    assertEquals("class 1 of set B: 1 feature rows, need at least 2", e.getMessage());
  }

  // ---- bad input ----

  @Test
  void nonFiniteFeaturesNameTheSetRowAndColumn() {
    float[][] a = GaussianSamples.standard(16, 5, 3, 0);
    float[][] b = GaussianSamples.standard(17, 5, 3, 0);
    b[3][1] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fid.compute(a, b));
    assertTrue(e.getMessage().startsWith("set B: row 3, column 1 is NaN"), e.getMessage());
    a[4][2] = Float.NEGATIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> Fid.stats(a));
    assertTrue(e.getMessage().startsWith("features: row 4, column 2 is -Infinity"), e.getMessage());
  }

  @Test
  void badShapesAreRejectedWithTheirSizes() {
    float[][] ok = GaussianSamples.standard(18, 5, 3, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fid.compute(ok, new float[][] {{1, 2, 3}, {1, 2}}));
    assertEquals("set B: row 1 has 2 features, row 0 has 3; every row must have the same length", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fid.compute(new float[][] {{1, 2, 3}}, ok));
    assertEquals("set A: 1 feature rows, need at least 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fid.compute(ok, GaussianSamples.standard(19, 5, 4, 0)));
    assertEquals("set A has 3 features per row, set B 4; both sets must come from the same feature extractor", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianStats(new double[] {0, Double.NaN}, new double[2][2], 5, 2));
    assertEquals("mean[1] is NaN", e.getMessage());
  }

  @Test
  void differentMeansGiveDifferentScores() {
    float[][] a = GaussianSamples.standard(20, 200, 4, 0);
    assertNotEquals(Fid.compute(a, GaussianSamples.standard(21, 200, 4, 0.5)).value(),
        Fid.compute(a, GaussianSamples.standard(21, 200, 4, 1.0)).value());
  }

  // ---- independent closed forms used above ----

  /** Tr sqrt(Ca Cb) for 2x2 PSD matrices: the eigenvalues l1, l2 of Ca Cb give (sqrt l1 + sqrt l2)^2 = tr + 2 sqrt(det). */
  private static double sqrtTrace2x2(double[][] ca, double[][] cb) {
    double tr = ca[0][0] * cb[0][0] + ca[0][1] * cb[1][0] + ca[1][0] * cb[0][1] + ca[1][1] * cb[1][1];
    double det = (ca[0][0] * ca[1][1] - ca[0][1] * ca[1][0]) * (cb[0][0] * cb[1][1] - cb[0][1] * cb[1][0]);
    return Math.sqrt(tr + 2 * Math.sqrt(det));
  }

  private static double[][] sub2(double[][] c, int at) {
    return new double[][] {{c[at][at], c[at][at + 1]}, {c[at + 1][at], c[at + 1][at + 1]}};
  }

  private static double trace(double[][] c) {
    double t = 0;
    for (int i = 0; i < c.length; i++) {
      t += c[i][i];
    }
    return t;
  }

  private static GaussianStats oneD(double mean, double std) {
    return new GaussianStats(new double[] {mean}, new double[][] {{std * std}}, 1000, 1);
  }

  private static double[][] diagonal(double[] v) {
    double[][] c = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      c[i][i] = v[i];
    }
    return c;
  }

  /** {@code Q diag(eigenvalues) Q} for the Householder reflection {@code Q = I - 2 v v^T / v^T v}. */
  private static double[][] rotated(double[] v, double[] eigenvalues) {
    int n = v.length;
    double vv = 0;
    for (double x : v) {
      vv += x * x;
    }
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
      }
    }
    double[][] c = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          c[i][j] += q[i][k] * eigenvalues[k] * q[j][k];
        }
      }
    }
    return c;
  }

  private static double[][] scaledOnes(double s) {
    return new double[][] {{s, s}, {s, s}};
  }

  private static double[] meanStd(float[][] oneColumn) {
    double m = 0;
    for (float[] row : oneColumn) {
      m += row[0];
    }
    m /= oneColumn.length;
    double ss = 0;
    for (float[] row : oneColumn) {
      ss += (row[0] - m) * (row[0] - m);
    }
    return new double[] {m, Math.sqrt(ss / (oneColumn.length - 1))};
  }

  private static float[][] rowsOf(float[][] f, int[] labels, int c) {
    List<float[]> out = new ArrayList<>();
    for (int r = 0; r < f.length; r++) {
      if (labels[r] == c) {
        out.add(f[r]);
      }
    }
    return out.toArray(new float[0][]);
  }
}
