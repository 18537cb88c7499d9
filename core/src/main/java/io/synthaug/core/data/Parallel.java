package io.synthaug.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An ordered parallel map over a list. Results come back in input order and, when several items
 * fail, the failure of the earliest item is thrown, so errors do not depend on thread timing.
 */
public final class Parallel {

  private Parallel() {
  }

  /** Applies {@code task} to every item using up to {@code threads} threads. */
  static <T, R> List<R> map(List<T> items, int threads, Function<? super T, ? extends R> task) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    int workers = Math.min(threads, items.size());
    if (workers <= 1) {
      List<R> out = new ArrayList<>(items.size());
      for (T item : items) {
        out.add(task.apply(item));
      }
      return out;
    }
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "synthaug-data-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> f : futures) {
        out.add(await(f));
      }
      return out;
    } finally {
      // after a failure the other items may still be writing: none may outlive this call
      pool.shutdownNow();
      awaitTermination(pool);
    }
  }

  /**
   * Waits until every task of the shut-down {@code pool} has ended, through interrupts (the
   * interrupt is kept for the caller): for callers about to free what the tasks use.
   */
  public static void awaitTermination(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The result of {@code f}, rethrowing a worker's unchecked exception as it was thrown (checked
   * causes and interrupts become {@link IllegalStateException}).
   */
  public static <R> R await(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a worker", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
