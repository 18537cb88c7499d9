package io.synthaug.core.metrics;

import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet Inception Distance between two sets of feature vectors: fit a Gaussian to each set
 * and take the Fréchet (2-Wasserstein) distance between the Gaussians,
 *
 * <pre>FID = |mu_a - mu_b|^2 + Tr(Ca) + Tr(Cb) - 2 Tr((Ca Cb)^(1/2))</pre>
 *
 * <h2>The square-root trace, computed with symmetric eigen-decompositions only</h2>
 * {@code Ca Cb} is not symmetric, and the usual route (a general matrix square root of the
 * product, as {@code scipy.linalg.sqrtm} does) goes through a Schur form that turns complex and
 * loses accuracy when a covariance is singular or nearly so, which is the normal case for small
 * sets; implementations then add {@code eps * I} to the covariances and drop imaginary parts.
 * Here instead:
 * <ol>
 *   <li>Decompose the symmetric {@code Ca = V diag(l) V^T} and let {@code W = V diag(sqrt(l))}, so
 *       {@code W W^T = Ca}. Eigenvalues at or below the numerical noise level
 *       ({@code dim * 2^-52 * max(l)}, rounding of a PSD matrix can make them slightly negative)
 *       are set to 0 and their columns dropped.
 *   <li>{@code M = W^T Cb W} is symmetric positive semi-definite. For any matrices {@code XY} and
 *       {@code YX} have the same non-zero eigenvalues; with {@code X = W^T} and
 *       {@code Y = Cb W}, {@code M = XY} and {@code YX = Cb W W^T = Cb Ca}, which shares its
 *       eigenvalues with {@code Ca Cb} (its transpose). {@code M} is also
 *       {@code V^T S Cb S V} for {@code S = V diag(sqrt(l)) V^T = Ca^(1/2)}, an orthogonal
 *       similarity of {@code S Cb S}, so this is the textbook {@code Tr((S Cb S)^(1/2))}.
 *   <li>The eigenvalues of {@code Ca Cb} are therefore real and non-negative, and the trace of its
 *       principal square root is {@code sum sqrt(eig(M))}, negatives from rounding read as 0.
 * </ol>
 * Both eigen-problems are symmetric, solved by EJML's symmetric QR algorithm, which is backward
 * stable: the computed eigenvalues are exact for a matrix within {@code ~dim * 2^-52 * |C|} of
 * the input, whether or not it is singular. No {@code eps * I} offset and no complex arithmetic
 * are needed, and the result is finite for any finite covariances, singular ones included.
 *
 * <h2>When a score can be trusted</h2>
 * FID is biased upward at finite sample counts (the bias falls roughly like {@code 1/n}), so
 * scores are comparable only at equal sample counts (see {@link ScoreProtocol}). With
 * {@code n <= dim} images the covariance has rank at most {@code n - 1} and is singular; below
 * {@code 2 * dim} its eigenvalues are still badly spread (for {@code dim / n = 1/2} the
 * Marchenko-Pastur law spreads unit eigenvalues over about {@code [0.09, 2.9]}). A result is
 * {@linkplain FidResult#reliable() reliable} only when both sets have at least
 * {@link #MIN_IMAGES_PER_FEATURE}{@code  * dim} images; its note says how many to add otherwise.
 * {@link Kid} has no such limit and is the metric to use for small sets.
 */
public final class Fid {

  /** A result is reliable when both sets have at least this many images per feature. */
  public static final int MIN_IMAGES_PER_FEATURE = 2;

  /** Rows centred at a time: enough to reuse each covariance row from cache, few enough to fit there. */
  private static final int BLOCK_ROWS = 64;

  private Fid() {
  }

  /**
   * The mean and unbiased covariance of {@code features}, accumulated in double precision in two
   * passes (mean first, then products of centred rows), which avoids the cancellation of the
   * one-pass {@code E[x x^T] - mu mu^T} formula.
   *
   * @param features one row per image, at least 2 rows of equal length, all finite
   * @throws IllegalArgumentException naming the row (and column) of a ragged or non-finite row
   */
  public static GaussianStats stats(float[][] features) {
    return stats(features, "features");
  }

  /**
   * The FID between two sets of features, with its reliability.
   *
   * @throws IllegalArgumentException when a set has fewer than 2 rows, ragged or non-finite rows
   *     (naming the set, row and column), or the sets differ in width
   */
  public static FidResult compute(float[][] a, float[][] b) {
    Features.sameDim(Features.check(a, "set A", 2), Features.check(b, "set B", 2));
    return compare(stats(a, "set A"), stats(b, "set B"));
  }

  /**
   * The FID between two sets' statistics, with its reliability, for a reference whose statistics
   * were computed once.
   */
  public static FidResult compare(GaussianStats a, GaussianStats b) {
    return judge(distance(a, b), a.n(), b.n(), a.dim());
  }

  /**
   * {@code |mu_a - mu_b|^2 + Tr(Ca) + Tr(Cb) - 2 Tr((Ca Cb)^(1/2))}, computed as described in the
   * class documentation.
   *
   * @throws IllegalArgumentException when the dimensions differ
   */
  public static double distance(GaussianStats a, GaussianStats b) {
    Features.sameDim(a.dim(), b.dim());
    double meanTerm = 0;
    for (int i = 0; i < a.dim(); i++) {
      double d = a.mean()[i] - b.mean()[i];
      meanTerm += d * d;
    }
    return meanTerm + a.trace() + b.trace() - 2 * traceSqrtProduct(a.covariance(), b.covariance());
  }

  /**
   * FID per class: rows of {@code fa} labelled {@code c} in {@code la} against rows of
   * {@code fb} labelled {@code c} in {@code lb}, for every label, in label order.
   *
   * @throws IllegalArgumentException when a label array's length differs from its feature rows,
   *     a class appears in one set only, or a class has fewer than 2 rows in a set
   */
  public static Map<Integer, FidResult> perClass(float[][] fa, int[] la, float[][] fb, int[] lb) {
    Map<Integer, float[][]> byClassA = byClass(fa, la, "set A");
    Map<Integer, float[][]> byClassB = byClass(fb, lb, "set B");
    for (Integer c : byClassA.keySet()) {
      if (!byClassB.containsKey(c)) {
        throw new IllegalArgumentException("class " + c + " has " + byClassA.get(c).length
            + " rows in set A and none in set B; per-class FID needs every class in both sets");
      }
    }
    for (Integer c : byClassB.keySet()) {
      if (!byClassA.containsKey(c)) {
        throw new IllegalArgumentException("class " + c + " has " + byClassB.get(c).length
            + " rows in set B and none in set A; per-class FID needs every class in both sets");
      }
    }
    Map<Integer, FidResult> out = new TreeMap<>();
    for (Map.Entry<Integer, float[][]> e : byClassA.entrySet()) {
      int c = e.getKey();
      float[][] a = e.getValue();
      float[][] b = byClassB.get(c);
      Features.sameDim(Features.check(a, "class " + c + " of set A", 2), Features.check(b, "class " + c + " of set B", 2));
      out.put(c, compare(stats(a, "class " + c + " of set A"), stats(b, "class " + c + " of set B")));
    }
    return out;
  }

  static GaussianStats stats(float[][] features, String set) {
    int dim = Features.check(features, set, 2);
    int n = features.length;
    double[] mean = new double[dim];
    for (float[] row : features) {
      for (int c = 0; c < dim; c++) {
        mean[c] += row[c];
      }
    }
    for (int c = 0; c < dim; c++) {
      mean[c] /= n;
    }
    double[][] cov = new double[dim][dim];
    double[][] block = new double[Math.min(BLOCK_ROWS, n)][dim];
    for (int start = 0; start < n; start += BLOCK_ROWS) {
      int rows = Math.min(BLOCK_ROWS, n - start);
      for (int r = 0; r < rows; r++) {
        float[] src = features[start + r];
        double[] dst = block[r];
        for (int c = 0; c < dim; c++) {
          dst[c] = src[c] - mean[c];
        }
      }
      // Upper triangle only; covariance row i stays in cache across the block's rows.
      for (int i = 0; i < dim; i++) {
        double[] ci = cov[i];
        for (int r = 0; r < rows; r++) {
          double[] x = block[r];
          double xi = x[i];
          for (int j = i; j < dim; j++) {
            ci[j] += xi * x[j];
          }
        }
      }
    }
    for (int i = 0; i < dim; i++) {
      for (int j = i; j < dim; j++) {
        double v = cov[i][j] / (n - 1);
        cov[i][j] = v;
        cov[j][i] = v;
      }
    }
    return new GaussianStats(mean, cov, n, dim);
  }

  /** {@code Tr((Ca Cb)^(1/2))} for symmetric PSD {@code ca}, {@code cb}; see the class documentation. */
  static double traceSqrtProduct(double[][] ca, double[][] cb) {
    int dim = ca.length;
    EigenDecomposition_F64<DMatrixRMaj> eigA = DecompositionFactory_DDRM.eig(dim, true, true);
    if (!eigA.decompose(symmetric(ca))) {
      throw new ArithmeticException("the eigen-decomposition of a " + dim + "x" + dim + " covariance did not converge");
    }
    int count = eigA.getNumberOfEigenvalues();
    double[] lambda = new double[count];
    double max = 0;
    for (int k = 0; k < count; k++) {
      lambda[k] = eigA.getEigenvalue(k).real;
      max = Math.max(max, lambda[k]);
    }
    double floor = noiseFloor(max, dim);
    int rank = 0;
    for (int k = 0; k < count; k++) {
      if (lambda[k] > floor) {
        rank++;
      }
    }
    if (rank == 0) {
      return 0;
    }
    // W = V diag(sqrt(l)), keeping only the columns with l above the noise floor.
    DMatrixRMaj w = new DMatrixRMaj(dim, rank);
    int col = 0;
    for (int k = 0; k < count; k++) {
      if (lambda[k] > floor) {
        double s = Math.sqrt(lambda[k]);
        DMatrixRMaj v = eigA.getEigenVector(k);
        for (int i = 0; i < dim; i++) {
          w.unsafe_set(i, col, v.unsafe_get(i, 0) * s);
        }
        col++;
      }
    }
    DMatrixRMaj cbw = new DMatrixRMaj(dim, rank);
    CommonOps_DDRM.mult(symmetric(cb), w, cbw);
    DMatrixRMaj m = new DMatrixRMaj(rank, rank);
    CommonOps_DDRM.multTransA(w, cbw, m);
    symmetrize(m);
    EigenDecomposition_F64<DMatrixRMaj> eigM = DecompositionFactory_DDRM.eig(rank, false, true);
    if (!eigM.decompose(m)) {
      throw new ArithmeticException("the eigen-decomposition of the " + rank + "x" + rank
          + " matrix W^T Cb W did not converge");
    }
    double[] mu = new double[eigM.getNumberOfEigenvalues()];
    double maxMu = 0;
    for (int k = 0; k < mu.length; k++) {
      mu[k] = eigM.getEigenvalue(k).real;
      maxMu = Math.max(maxMu, mu[k]);
    }
    double floorMu = noiseFloor(maxMu, rank);
    double trace = 0;
    for (double v : mu) {
      if (v > floorMu) {
        trace += Math.sqrt(v);
      }
    }
    return trace;
  }

  /**
   * Eigenvalues of a PSD matrix below this are rounding noise (the numerical-rank tolerance);
   * reading them as 0 keeps the square root, steep at 0, from inflating them.
   */
  private static double noiseFloor(double maxEigenvalue, int dim) {
    return maxEigenvalue * dim * Math.ulp(1.0);
  }

  private static DMatrixRMaj symmetric(double[][] c) {
    DMatrixRMaj m = new DMatrixRMaj(c);
    symmetrize(m);
    return m;
  }

  /** Averages {@code m} with its transpose, so the symmetric solver sees an exactly symmetric input. */
  private static void symmetrize(DMatrixRMaj m) {
    int d = m.numRows;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double v = 0.5 * (m.unsafe_get(i, j) + m.unsafe_get(j, i));
        m.unsafe_set(i, j, v);
        m.unsafe_set(j, i, v);
      }
    }
  }

  /** Whether the sample counts support the score, and a note saying what to do if not. */
  static FidResult judge(double value, int nA, int nB, int dim) {
    int need = MIN_IMAGES_PER_FEATURE * dim;
    int fewest = Math.min(nA, nB);
    String fewer = nA <= nB ? "set A" : "set B";
    if (fewest >= need) {
      return new FidResult(value, nA, nB, dim, true, "both sets have at least " + MIN_IMAGES_PER_FEATURE
          + " x " + dim + " = " + need + " images; FID still falls as images are added, so compare it "
          + "only with scores computed from the same numbers of images");
    }
    String what = fewest <= dim
        ? "covariance is singular: " + fewer + " has " + fewest + " images for " + dim
            + " features (rank at most " + (fewest - 1) + "); "
        : fewer + " has " + fewest + " images for " + dim + " features, too few for a stable covariance; ";
    return new FidResult(value, nA, nB, dim, false, what + "a reliable FID needs at least " + MIN_IMAGES_PER_FEATURE
        + " x " + dim + " = " + need + " images in each set (add " + (need - fewest) + " to " + fewer
        + "), or use KID, which is unbiased at any size");
  }

  private static Map<Integer, float[][]> byClass(float[][] features, int[] labels, String set) {
    if (features == null || labels == null) {
      throw new IllegalArgumentException(set + ": features and labels must not be null");
    }
    if (features.length != labels.length) {
      throw new IllegalArgumentException(set + ": " + features.length + " feature rows but " + labels.length
          + " labels; give one label per row");
    }
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int label : labels) {
      counts.merge(label, 1, Integer::sum);
    }
    Map<Integer, float[][]> out = new TreeMap<>();
    Map<Integer, Integer> filled = new TreeMap<>();
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      out.put(e.getKey(), new float[e.getValue()][]);
      filled.put(e.getKey(), 0);
    }
    for (int r = 0; r < labels.length; r++) {
      int at = filled.merge(labels[r], 1, Integer::sum) - 1;
      out.get(labels[r])[at] = features[r];
    }
    return out;
  }
}
