package io.synthaug.core.metrics;

import io.synthaug.api.Seeds;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018): the squared maximum mean discrepancy between
 * two sets of feature vectors under the cubic polynomial kernel
 * {@code k(x, y) = (x . y / dim + 1)^3}, estimated without bias.
 *
 * <p>For one subset of {@code m} rows {@code x_i} from set A and {@code m} rows {@code y_i} from
 * set B,
 *
 * <pre>
 * MMD^2_u = 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(m(m-1)) sum_{i != j} k(y_i, y_j)
 *         - 2/m^2 sum_{i, j} k(x_i, y_j)
 * </pre>
 *
 * whose expectation is the true MMD^2 at any {@code m >= 2}: unlike FID it does not depend on
 * the sample count, so it can be negative when the distributions are equal. The score is the
 * mean over {@code subsets} subsets of {@code m = min(maxSubsetSize, nA, nB)} rows per set, each
 * drawn without replacement from a {@link SplittableRandom} seeded with
 * {@link Seeds#derive}{@code (seed, subsetIndex)}, so a subset depends only on the seed and its
 * index. When {@code m} equals both set sizes every subset is the whole of both sets and gives the
 * same estimate (the estimator is symmetric in its rows), so it is computed once and reported
 * with {@code subsets = 1} and a spread of 0: pass a smaller subset size to get a spread. The two
 * sets' subsets are drawn independently (set A's first), never paired by row index, so rows that
 * correspond across the sets (an image and its augmented copy) do not bias the cross term; as a
 * consequence swapping the sets gives other subsets and a mean that agrees within the Monte-Carlo
 * error, not to the last digit.
 *
 * <p>On the spread: {@link KidResult#std()} is the spread of single-subset estimates, the number
 * usually reported as "KID std". {@link KidResult#stdError()} is {@code std / sqrt(subsets)}, the
 * Monte-Carlo error of the mean for these fixed features; subsets overlap, so it does not include
 * the variation that other images from the same distributions would bring (with {@code m} a
 * large share of {@code n} the mean behaves like a whole-set estimate, whose spread is
 * of order {@code std * m / n}).
 *
 * <p>Cost: {@code 3 * m^2 * dim} multiply-adds per subset.
 */
public final class Kid {

  /** Subsets averaged over by default. */
  public static final int DEFAULT_SUBSETS = 100;

  /** The largest subset drawn from each set by default. */
  public static final int DEFAULT_MAX_SUBSET_SIZE = 1000;

  private Kid() {
  }

  /** KID with {@link #DEFAULT_SUBSETS} subsets of at most {@link #DEFAULT_MAX_SUBSET_SIZE} rows. */
  public static KidResult compute(float[][] a, float[][] b, long seed) {
    return compute(a, b, DEFAULT_SUBSETS, DEFAULT_MAX_SUBSET_SIZE, seed);
  }

  /**
   * KID over {@code subsets} random subsets of {@code min(maxSubsetSize, nA, nB)} rows per set.
   *
   * @param a set A, at least 2 rows
   * @param b set B, at least 2 rows, as wide as {@code a}
   * @param subsets at least 1
   * @param maxSubsetSize at least 2 (the unbiased estimator divides by {@code m - 1})
   * @param seed fixes the subsets: the same arguments give the same result
   * @throws IllegalArgumentException for a bad count, a set with fewer than 2 rows, ragged or
   *     non-finite rows (naming set, row and column), or sets of different widths
   */
  public static KidResult compute(float[][] a, float[][] b, int subsets, int maxSubsetSize, long seed) {
    if (subsets < 1) {
      throw new IllegalArgumentException("subsets must be at least 1, got " + subsets);
    }
    if (maxSubsetSize < 2) {
      throw new IllegalArgumentException("maxSubsetSize must be at least 2 (the unbiased estimator divides by m - 1), got "
          + maxSubsetSize);
    }
    int dim = Features.check(a, "set A", 2);
    Features.sameDim(dim, Features.check(b, "set B", 2));
    int nA = a.length;
    int nB = b.length;
    int m = Math.min(maxSubsetSize, Math.min(nA, nB));
    int[] pickA = new int[nA];
    int[] pickB = new int[nB];
    if (m == nA && m == nB) {
      identity(pickA);
      identity(pickB);
      return new KidResult(mmd2(a, pickA, b, pickB, m, dim), 0, 0, 1, m, nA, nB);
    }
    double[] estimates = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, s));
      choose(pickA, m, random);
      choose(pickB, m, random);
      estimates[s] = mmd2(a, pickA, b, pickB, m, dim);
    }
    double mean = 0;
    for (double e : estimates) {
      mean += e;
    }
    mean /= subsets;
    double std = 0;
    if (subsets > 1) {
      double ss = 0;
      for (double e : estimates) {
        ss += (e - mean) * (e - mean);
      }
      std = Math.sqrt(ss / (subsets - 1));
    }
    return new KidResult(mean, std, std / Math.sqrt(subsets), subsets, m, nA, nB);
  }

  /** The unbiased MMD^2 between rows {@code pickA[0..m)} of {@code a} and {@code pickB[0..m)} of {@code b}. */
  static double mmd2(float[][] a, int[] pickA, float[][] b, int[] pickB, int m, int dim) {
    DMatrixRMaj x = rows(a, pickA, m, dim);
    DMatrixRMaj y = rows(b, pickB, m, dim);
    // X * Y^T through an explicit transpose: EJML's plain product streams rows, which vectorizes.
    DMatrixRMaj xt = CommonOps_DDRM.transpose(x, null);
    DMatrixRMaj yt = CommonOps_DDRM.transpose(y, null);
    DMatrixRMaj gram = new DMatrixRMaj(m, m);
    CommonOps_DDRM.mult(x, xt, gram);
    double within = offDiagonalKernelSum(gram, dim);
    CommonOps_DDRM.mult(y, yt, gram);
    within += offDiagonalKernelSum(gram, dim);
    CommonOps_DDRM.mult(x, yt, gram);
    double between = 0;
    double[] g = gram.data;
    for (int k = 0; k < m * m; k++) {
      between += kernel(g[k], dim);
    }
    return within / ((double) m * (m - 1)) - 2 * between / ((double) m * m);
  }

  /** {@code sum_{i != j} k} from a symmetric Gram matrix: twice the strict upper triangle. */
  private static double offDiagonalKernelSum(DMatrixRMaj gram, int dim) {
    int m = gram.numRows;
    double sum = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        sum += kernel(gram.unsafe_get(i, j), dim);
      }
    }
    return 2 * sum;
  }

  private static double kernel(double dot, int dim) {
    double t = dot / dim + 1;
    return t * t * t;
  }

  private static DMatrixRMaj rows(float[][] features, int[] pick, int m, int dim) {
    DMatrixRMaj out = new DMatrixRMaj(m, dim);
    for (int r = 0; r < m; r++) {
      float[] src = features[pick[r]];
      int base = r * dim;
      for (int c = 0; c < dim; c++) {
        out.data[base + c] = src[c];
      }
    }
    return out;
  }

  private static void identity(int[] idx) {
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
  }

  /** Puts a uniform random {@code m}-subset of {@code 0..idx.length-1} in {@code idx[0..m)}: a partial Fisher-Yates shuffle. */
  private static void choose(int[] idx, int m, SplittableRandom random) {
    identity(idx);
    for (int k = 0; k < m; k++) {
      int j = k + random.nextInt(idx.length - k);
      int t = idx[k];
      idx[k] = idx[j];
      idx[j] = t;
    }
  }
}
