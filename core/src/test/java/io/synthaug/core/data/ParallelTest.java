package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The ordered map: input order, the earliest failure, and no worker outliving the call. */
class ParallelTest {

  @Test
  void resultsComeBackInInputOrder() {
    assertEquals(List.of(0, 2, 4, 6, 8, 10), Parallel.map(List.of(0, 1, 2, 3, 4, 5), 3, i -> 2 * i));
  }

  @Test
  void theEarliestFailingItemIsThrownWhateverFinishesFirst() {
    RuntimeException early = new IllegalStateException("item 1");
    RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.map(List.of(0, 1, 2), 3, i -> {
      if (i == 1) {
        sleep(100);
        throw early;
      }
      if (i == 2) {
        throw new IllegalStateException("item 2");
      }
      return i;
    }));
    assertSame(early, e);
  }

  @Test
  void aFailureIsThrownOnlyAfterTheOtherItemsHaveEnded() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    assertThrows(IllegalStateException.class, () -> Parallel.map(List.of(0, 1), 2, i -> {
      if (i == 1) {
        // work that ignores interrupts, as a write in progress may: the caller must wait for it
        busy.countDown();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        ended.set(true);
        return i;
      }
      await(busy);
      throw new IllegalStateException("item 0");
    }));
    assertTrue(ended.get(), "item 1 was still running when the failure of item 0 came back");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
