package io.synthaug.core.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The shape check of {@link FloatTensor}, and that it takes its arrays over. */
class FloatTensorTest {

  @Test
  void theArraysAreTakenOverNotCopied() {
    float[] data = new float[6];
    long[] shape = {2, 3};
    FloatTensor t = new FloatTensor(data, shape);
    assertSame(data, t.data());
    assertSame(shape, t.shape());
    // A zero dimension makes an empty tensor whatever the other dimensions are.
    assertEquals(0, new FloatTensor(new float[0], new long[] {1L << 40, 0, 1L << 40}).data().length);
  }

  @Test
  void negativeDimensionsAreRefusedEvenWhenTheirProductMatches() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FloatTensor(new float[1], new long[] {-1, -1}));
    assertEquals("shape [-1, -1] has a negative dimension", e.getMessage());
  }

  @Test
  void aProductThatOverflowsALongIsRefused() {
    // 2^32 x 2^32 is 2^64, 0 in long arithmetic.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FloatTensor(new float[0], new long[] {1L << 32, 1L << 32}));
    assertEquals("shape [4294967296, 4294967296] holds more than 2147483647 values, the data has 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new float[5], new long[] {2, 3}));
  }
}
