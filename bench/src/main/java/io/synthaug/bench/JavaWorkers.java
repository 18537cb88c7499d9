package io.synthaug.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of threads that time the Java side: "n threads" means n of them, each working
 * on its own contiguous share of the images.
 *
 * <p>The threads live as long as the suite, so every repetition runs on warm threads with
 * compiled code; the only per-run cost is handing out the tasks (microseconds against
 * repetitions of a fraction of a second).
 */
public final class JavaWorkers implements AutoCloseable {

  /**
   * One worker's share of a run.
   */
  @FunctionalInterface
  public interface RangeTask {
    /**
     * Processes images {@code [from, to)}, {@code passes} times over.
     *
     * @param worker the worker's index, for per-worker state such as a random stream
     * @return a value computed from the outputs, so the JIT cannot drop the work as dead
     */
    double run(int worker, int from, int to, int passes);
  }

  private final int size;
  private final ExecutorService pool;
  private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
  /** Keeps what tasks return reachable so their work is never dead code. */
  private volatile double sink;

  /** Starts {@code size} daemon threads. */
  public JavaWorkers(int size) {
    this.size = size;
    AtomicInteger next = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, "bench-worker-" + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code task} on {@code workers} threads, worker {@code k} taking images
   * {@code [k * count / workers, (k + 1) * count / workers)}, and times it from the first
   * worker's start to the last worker's end.
   */
  public Timing time(int workers, int count, int passes, RangeTask task) {
    if (workers < 1 || workers > size) {
      throw new IllegalArgumentException("workers must be 1 to " + size + ", got " + workers);
    }
    List<Future<long[]>> futures = new ArrayList<>(workers);
    for (int k = 0; k < workers; k++) {
      int worker = k;
      int from = (int) ((long) k * count / workers);
      int to = (int) ((long) (k + 1) * count / workers);
      futures.add(pool.submit(() -> {
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        double value = task.run(worker, from, to, passes);
        long t1 = System.nanoTime();
        long cpu1 = cpu.getCurrentThreadCpuTime();
        sink += value;
        return new long[] {t0, t1, cpu1 - cpu0};
      }));
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long cpuNanos = 0;
    for (Future<long[]> f : futures) {
      long[] r = join(f);
      first = Math.min(first, r[0]);
      last = Math.max(last, r[1]);
      cpuNanos += r[2];
    }
    return new Timing((long) count * passes, (last - first) / 1e9, cpuNanos / 1e9, workers);
  }

  private static long[] join(Future<long[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while timing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new BenchException("a benchmark worker failed: " + e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
