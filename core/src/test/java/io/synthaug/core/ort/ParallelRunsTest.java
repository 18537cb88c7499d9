package io.synthaug.core.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs on several threads with a fake run function: results in order, and no run still going
 * when {@code map} throws or {@code close} returns (the caller closes the native session next).
 */
@Timeout(60)
class ParallelRunsTest {

  /** How long a slow run takes; long enough that an early return would be seen. */
  private static final long SLOW_MILLIS = 400;

  /**
   * Keeps the thread busy for {@code millis} whatever interrupts arrive, as a native ONNX Runtime
   * run does.
   */
  private static void busy(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** Waits until {@code parties} runs are all going, so that each thread holds exactly one run. */
  private static void meet(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the runs did not all start", e);
    }
  }

  private static boolean onPoolThread() {
    return Thread.currentThread().getName().startsWith("synthaug-ort-");
  }

  @Test
  void resultsComeBackInRequestOrder() {
    try (ParallelRuns runs = new ParallelRuns(3, "test")) {
      List<int[]> parts = runs.map(10, 2, (start, count) -> new int[] {start, count});
      assertEquals(5, parts.size());
      for (int r = 0; r < 5; r++) {
        assertArrayEquals(new int[] {2 * r, 2}, parts.get(r));
      }
    }
  }

  @Test
  void aFailureOfTheCallersRunIsThrownOnlyAfterTheOtherRunsEnded() {
    CyclicBarrier barrier = new CyclicBarrier(3);
    AtomicBoolean slowEnded = new AtomicBoolean();
    IllegalStateException failure = new IllegalStateException("the caller's run failed");
    try (ParallelRuns runs = new ParallelRuns(3, "test")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runs.map(3, 1, (start, count) -> {
        meet(barrier);
        if (!onPoolThread()) {
          throw failure;
        }
        busy(SLOW_MILLIS);
        slowEnded.set(true);
        return start;
      }));
      assertSame(failure, e);
      assertTrue(slowEnded.get(), "map threw while a run on a pool thread was still going");
    }
  }

  @Test
  void aFailureOfTheFirstHelperIsThrownOnlyAfterTheOtherHelperEnded() {
    CyclicBarrier barrier = new CyclicBarrier(3);
    AtomicBoolean slowEnded = new AtomicBoolean();
    IllegalStateException failure = new IllegalStateException("the first helper's run failed");
    try (ParallelRuns runs = new ParallelRuns(3, "test")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runs.map(3, 1, (start, count) -> {
        meet(barrier);
        // The pool makes one thread per helper, in order: thread 1 runs the first helper.
        if (Thread.currentThread().getName().startsWith("synthaug-ort-1 ")) {
          throw failure;
        }
        if (onPoolThread()) {
          busy(SLOW_MILLIS);
          slowEnded.set(true);
        }
        return start;
      }));
      assertSame(failure, e);
      assertTrue(slowEnded.get(), "map threw while the second helper's run was still going");
    }
  }

  @Test
  void theEarliestFailedRunIsThrownWithTheLaterOnesSuppressed() {
    CyclicBarrier barrier = new CyclicBarrier(3);
    CountDownLatch lastFailed = new CountDownLatch(1);
    try (ParallelRuns runs = new ParallelRuns(3, "test")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> runs.map(3, 1, (start, count) -> {
            meet(barrier);
            if (start == 2) {
              lastFailed.countDown();
              throw new IllegalArgumentException("run at 2 failed");
            }
            if (start == 1) {
              // Fails after run 2 did, so the order of the failures is not the order of the runs.
              try {
                lastFailed.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
              busy(50);
              throw new IllegalArgumentException("run at 1 failed");
            }
            return start;
          }));
      assertEquals("run at 1 failed", e.getMessage());
      assertEquals(1, e.getSuppressed().length);
      assertEquals("run at 2 failed", e.getSuppressed()[0].getMessage());
    }
  }

  @Test
  void aFailedRunOnAPoolThreadStopsTheCallerFromTakingMoreRuns() {
    AtomicBoolean failed = new AtomicBoolean();
    AtomicInteger startedAfterFailure = new AtomicInteger();
    try (ParallelRuns runs = new ParallelRuns(2, "test")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runs.map(200, 1, (start, count) -> {
        if (failed.get()) {
          startedAfterFailure.incrementAndGet();
        }
        if (onPoolThread()) {
          failed.set(true);
          throw new IllegalStateException("the helper's run failed");
        }
        busy(1);
        return start;
      }));
      assertEquals("the helper's run failed", e.getMessage());
    }
    // Only the run the caller had already taken when the helper failed may start after it.
    assertTrue(startedAfterFailure.get() <= 1, startedAfterFailure.get() + " runs started after the failure");
  }

  @Test
  void closeReturnsOnlyAfterTheRunsOnPoolThreadsEnded() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean slowEnded = new AtomicBoolean();
    ParallelRuns runs = new ParallelRuns(2, "test");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<List<Integer>> request = caller.submit(() -> runs.map(2, 1, (start, count) -> {
        meet(barrier);
        if (onPoolThread()) {
          slowStarted.countDown();
          busy(SLOW_MILLIS);
          slowEnded.set(true);
        }
        return start;
      }));
      assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
      runs.close();
      assertTrue(slowEnded.get(), "close returned while a run on a pool thread was still going");
      assertEquals(List.of(0, 1), request.get(10, TimeUnit.SECONDS));
    } finally {
      caller.shutdownNow();
    }
  }
}
