package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitMixRandomTest {

  @Test
  void stateContinuesTheStream() {
    SplitMixRandom a = new SplitMixRandom(42);
    for (int i = 0; i < 5; i++) {
      a.nextLong();
    }
    SplitMixRandom b = new SplitMixRandom(0);
    b.setState(a.state());
    float[] x = new float[11];
    float[] y = new float[11];
    a.fillGaussian(x, 0, 1);
    b.fillGaussian(y, 0, 1);
    assertArrayEquals(x, y);
    assertEquals(a.nextInt(1000), b.nextInt(1000));
  }

  @Test
  void knownFirstValueOfSplitMix64() {
    // the reference SplitMix64 with seed 0 starts with 0xE220A8397B1DCDAF
    assertEquals(0xE220A8397B1DCDAFL, new SplitMixRandom(0).nextLong());
  }

  @Test
  void gaussiansHaveTheAskedMoments() {
    float[] v = new float[100_001];
    new SplitMixRandom(1).fillGaussian(v, 2f, 0.5f);
    double mean = 0;
    for (float f : v) {
      mean += f;
    }
    mean /= v.length;
    double var = 0;
    for (float f : v) {
      var += (f - mean) * (f - mean);
    }
    var /= v.length;
    assertEquals(2.0, mean, 0.01);
    assertEquals(0.25, var, 0.005);
  }

  @Test
  void intsStayInRangeAndCoverIt() {
    SplitMixRandom r = new SplitMixRandom(5);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertTrue(c > 9_500 && c < 10_500, Arrays.toString(counts));
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
  }

  @Test
  void shuffleIsAPermutation() {
    int[] v = new int[50];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    new SplitMixRandom(9).shuffle(v);
    int[] sorted = v.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < v.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertTrue(!Arrays.equals(v, sorted));
  }
}
