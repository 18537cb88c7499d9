package io.synthaug.bench;

/**
 * One timed run of one side.
 *
 * @param images images processed, over all workers
 * @param wallSeconds from the first worker's start to the last worker's end
 * @param cpuSeconds CPU time of the side's process or processes during the run, with any
 *     helper threads (the JVM's garbage collector, for one)
 * @param workers threads or processes that shared the images
 * @param gcSeconds time the JVM's collectors reported during the run; 0 for a peer
 */
public record Timing(long images, double wallSeconds, double cpuSeconds, int workers, double gcSeconds) {

  /** Images per second of wall-clock time: the throughput a user sees. */
  public double rate() {
    return images / wallSeconds;
  }

  /**
   * Images per second had every worker had its own core all the time: CPU time excludes the time
   * other processes on a shared machine took, so this isolates the code from the load.
   */
  public double cpuRate() {
    return images / (cpuSeconds / workers);
  }

  /** Each run's {@link #rate()}. */
  public static double[] rates(Timing[] runs) {
    double[] r = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      r[i] = runs[i].rate();
    }
    return r;
  }

  /**
   * {@code a[i] / b[i]} by wall-clock rate, or by {@link #cpuRate()} when {@code cpu}; runs
   * {@code a[i]} and {@code b[i]} are neighbours in one alternating sequence.
   */
  public static double[] ratios(Timing[] a, Timing[] b, boolean cpu) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = cpu ? a[i].cpuRate() / b[i].cpuRate() : a[i].rate() / b[i].rate();
    }
    return r;
  }
}
