package io.synthaug.bench;

/**
 * A family of side-by-side benchmarks (classic ops, GAN training, sampling, ...).
 *
 * <p>A suite times the Java side in this JVM after warming it up, times its peer in a
 * long-lived process ({@link Peer}), alternating the two for every repetition, and returns one
 * {@link Row} per comparison. {@link BenchMain} writes what it returns; adding a suite is one
 * class and one line in {@link BenchMain#SUITES}.
 */
public interface Suite {

  /** The name used on the command line and for the results files, e.g. {@code classic}. */
  String name();

  /** Runs every case the config selects. */
  SuiteResult run(BenchConfig config) throws Exception;
}
