package io.synthaug.bench.classic;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The flip's row reversal with JDK 17's incubating Vector API, for the floor suite only: it asks
 * what a vectorized flip could reach, which the plugin cannot use without every JVM that loads it
 * adding {@code --add-modules jdk.incubator.vector}. Load this class only after
 * {@link #available()} says the module is there.
 */
final class VectorReversal {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorShuffle<Float> REVERSE =
      VectorShuffle.fromOp(SPECIES, i -> SPECIES.length() - 1 - i);

  private VectorReversal() {
  }

  /** Whether the JVM was started with the incubator module (checked without loading this class). */
  static boolean available() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** The lanes of one vector: rows must be at least this wide. */
  static int lanes() {
    return SPECIES.length();
  }

  /**
   * Writes each grayscale row of {@code in} reversed to {@code out}: output blocks of one vector
   * each, the last one moved back to end at the row's end (it overlaps its neighbour and writes
   * the same values there), so no lane is masked.
   */
  static void reverseRows(float[] in, float[] out, int h, int w) {
    int lanes = SPECIES.length();
    if (w < lanes) {
      throw new IllegalArgumentException("rows of " + w + " are narrower than a vector of " + lanes);
    }
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x += lanes) {
        int start = Math.min(x, w - lanes);
        FloatVector.fromArray(SPECIES, in, row + w - lanes - start).rearrange(REVERSE).intoArray(out, row + start);
      }
    }
  }
}
