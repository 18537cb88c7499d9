package io.synthaug.plugins.gan;

import java.util.random.RandomGenerator;

/**
 * A SplitMix64 random generator whose whole state is one {@code long}, so a checkpoint can
 * store it and a resumed run continues the exact same stream. Every random number the trainer
 * uses (weights, noise, labels, batches, penalty mixing weights) comes from here, never from an
 * engine's hidden generator.
 *
 * <p>Gaussians come in Box-Muller pairs and {@link #fillGaussian} uses both values of each pair,
 * so no spare value hides outside the state.
 */
public final class SplitMixRandom implements RandomGenerator {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  /** A generator whose stream is fixed by {@code seed}. */
  public SplitMixRandom(long seed) {
    this.state = seed;
  }

  /** The current state; {@code new SplitMixRandom(state())} continues this stream. */
  public long state() {
    return state;
  }

  /** Continues from a state read by {@link #state()}. */
  public void setState(long value) {
    state = value;
  }

  /** The next 64 random bits. */
  @Override
  public long nextLong() {
    state += GOLDEN_GAMMA;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), without modulo bias. */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long limit = (1L << 31) - ((1L << 31) % bound);
    long r;
    do {
      r = nextLong() >>> 33;
    } while (r >= limit);
    return (int) (r % bound);
  }

  /** Fills {@code out} with standard normal values scaled by {@code std} around {@code mean}. */
  public void fillGaussian(float[] out, float mean, float std) {
    for (int i = 0; i < out.length; i += 2) {
      // 1 - u keeps the logarithm's argument in (0, 1]; StrictMath gives the same bits on every JVM
      double radius = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - nextDouble()));
      double angle = 2.0 * StrictMath.PI * nextDouble();
      out[i] = (float) (mean + std * radius * StrictMath.cos(angle));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (mean + std * radius * StrictMath.sin(angle));
      }
    }
  }

  /** Shuffles {@code values} in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
