package io.synthaug.api;

/**
 * Derives independent seeds from a run seed and a path of keys (stage index, sample index, copy
 * index), so that every random stream is fixed by its position and never by thread timing.
 */
public final class Seeds {

  private Seeds() {
  }

  /**
   * Mixes {@code seed} with each key in turn through the SplitMix64 finalizer, which spreads
   * neighbouring inputs to unrelated outputs.
   */
  public static long derive(long seed, long... keys) {
    long h = mix(seed ^ 0x5DEECE66DL);
    for (long k : keys) {
      h = mix(h + 0x9E3779B97F4A7C15L + mix(k));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
