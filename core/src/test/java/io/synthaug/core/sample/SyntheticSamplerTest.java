package io.synthaug.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Progress;
import io.synthaug.api.SynthaugException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticSamplerTest {

  @Test
  void theTotalOfTheLargestAmountDoesNotOverflow() {
    int[] counts = new int[10_000];
    Arrays.fill(counts, 10_000_000);
    assertEquals(100_000_000_000L, SyntheticSampler.total(counts));
  }

  @Test
  void moreImagesThanAListHoldsAreRefusedBeforeTheGeneratorIsUsed() {
    int[] counts = new int[215];
    Arrays.fill(counts, 10_000_000);
    // int arithmetic wraps this total to a negative number
    SynthaugException e = assertThrows(SynthaugException.class,
        () -> SyntheticSampler.sample(null, counts, 1, "g", Map.of(), Progress.silent()));
    assertEquals("asked for 2150000000 synthetic images in all (215 classes), more than one list can hold"
        + " (2147483639); ask for fewer images per class", e.getMessage());
  }
}
