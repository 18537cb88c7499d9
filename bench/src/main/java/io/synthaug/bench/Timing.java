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
}
