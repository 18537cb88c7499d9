package io.synthaug.core.metrics;

import java.util.Locale;

/**
 * Single-thread timings of FID (statistics of both sets, then the distance) and KID on
 * standard-normal features (not a test: run its {@code main} by hand). Speed depends only on the
 * shapes. Each case runs once to warm up the JIT and is then timed on a second run.
 *
 * <p>Arguments: {@code fid|kid dim n [subsets]}; KID uses subsets of {@code min(1000, n)} rows.
 */
public final class MetricsBenchmark {

  private MetricsBenchmark() {
  }

  public static void main(String[] args) {
    String metric = args[0];
    int dim = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    float[][] a = GaussianSamples.standard(1, n, dim, 0);
    float[][] b = GaussianSamples.standard(2, n, dim, 0.1);
    if (metric.equals("fid")) {
      for (int run = 0; run < 2; run++) {
        long t0 = System.nanoTime();
        GaussianStats sa = Fid.stats(a);
        GaussianStats sb = Fid.stats(b);
        long t1 = System.nanoTime();
        FidResult r = Fid.compare(sa, sb);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "fid dim=%d n=%d run=%d stats(both)=%.2fs distance=%.2fs total=%.2fs fid=%.4f reliable=%s%n",
            dim, n, run, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, r.value(), r.reliable());
      }
    } else {
      int subsets = Integer.parseInt(args[3]);
      for (int run = 0; run < 2; run++) {
        long t0 = System.nanoTime();
        KidResult r = Kid.compute(a, b, subsets, Kid.DEFAULT_MAX_SUBSET_SIZE, 1);
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "kid dim=%d n=%d subsets=%d m=%d run=%d time=%.2fs per-subset=%.3fs kid=%.5f+-%.5f%n",
            dim, n, r.subsets(), r.subsetSize(), run, (t1 - t0) / 1e9, (t1 - t0) / 1e9 / r.subsets(), r.mean(), r.stdError());
      }
    }
  }
}
