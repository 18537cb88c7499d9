package io.synthaug.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
  private final OperatingSystemMXBean process =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
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
    // Process CPU time, not the workers' own: it includes the GC threads that collect what the
    // workers allocate, as the peer's process time includes its allocator.
    long processCpu0 = process.getProcessCpuTime();
    long gc0 = gcMillis();
    List<Future<long[]>> futures = new ArrayList<>(workers);
    for (int k = 0; k < workers; k++) {
      int worker = k;
      int from = (int) ((long) k * count / workers);
      int to = (int) ((long) (k + 1) * count / workers);
      futures.add(pool.submit(() -> {
        long t0 = System.nanoTime();
        double value = task.run(worker, from, to, passes);
        long t1 = System.nanoTime();
        sink += value;
        return new long[] {t0, t1};
      }));
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Future<long[]> f : futures) {
      long[] r = join(f);
      first = Math.min(first, r[0]);
      last = Math.max(last, r[1]);
    }
    long cpuNanos = process.getProcessCpuTime() - processCpu0;
    return new Timing((long) count * passes, (last - first) / 1e9, cpuNanos / 1e9, workers,
        (gcMillis() - gc0) / 1e3);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
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
