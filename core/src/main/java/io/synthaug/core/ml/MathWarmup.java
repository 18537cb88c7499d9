package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Calls each elementwise function that PyTorch's CPU build hands to MKL's vector math library
 * once, on one thread, before any training: the fix for a run that now and then trained
 * differently with the same seed.
 *
 * <p>What was measured (plugins/gan README, "Same seed, same bytes"): in about one process in thirty, the
 * first {@code tanh} of the process, split over the two intra-op threads, came back from the
 * second thread with errors of up to 870 ulps (5e-5 relative) instead of under one; the same call
 * a moment later, and every later call, was exact. So the first concurrent call of a vector math
 * function in a process can take another, less accurate path, and a GAN's first generator output
 * differed in its second half. One call on one thread before that settles it (0 in 200 processes
 * against 13 in 200 without, alternating; BENCHMARKS.md, "Same seed, other weights"). Every
 * function on PyTorch's list is warmed, not only those Synthaug's networks use today, so that a
 * new layer cannot bring the problem back. Nothing is done on a GPU.
 *
 * <p>{@code -Dsynthaug.mathWarmup=false} turns it off, to reproduce the problem
 * ({@code SameSeedExperiment} in the gan plugin's tests).
 */
public final class MathWarmup {

  /** The functions PyTorch 2.7's CPU kernels send to MKL's vector math library, as DJL names them. */
  private static final List<UnaryOperator<NDArray>> FUNCTIONS = List.of(
      NDArray::tanh, NDArray::sqrt, NDArray::exp, NDArray::log, NDArray::log10, NDArray::log2, NDArray::abs,
      NDArray::sin, NDArray::cos, NDArray::tan, NDArray::asin, NDArray::acos, NDArray::atan);

  private static boolean done;

  private MathWarmup() {
  }

  /** Whether the warm-up has run in this process (for tests of the code paths that need it). */
  public static synchronized boolean hasRun() {
    return done;
  }

  /**
   * Runs the warm-up on {@code manager}'s engine unless it already ran in this process or the
   * manager is on a GPU. Cheap: thirteen one-element calls.
   */
  public static synchronized void once(NDManager manager) {
    if (done || manager.getDevice().isGpu()
        || !Boolean.parseBoolean(System.getProperty("synthaug.mathWarmup", "true"))) {
      return;
    }
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(new float[] {0.5f});
      for (UnaryOperator<NDArray> f : FUNCTIONS) {
        f.apply(x).toFloatArray();
      }
    }
    done = true;
  }
}
