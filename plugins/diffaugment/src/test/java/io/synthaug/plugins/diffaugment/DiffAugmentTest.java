package io.synthaug.plugins.diffaugment;

import io.synthaug.api.gan.DiffAugment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DiffAugmentTest {

  private final List<DiffAugmentPolicy> available = Nd.allPolicies();

  @Test
  void parsesNamesInTheGivenOrder() {
    List<DiffAugmentPolicy> chain = DiffAugment.parse("color,translation,cutout", available);
    assertEquals(List.of("color", "translation", "cutout"), chain.stream().map(DiffAugmentPolicy::name).toList());
    assertSame(available.get(2), chain.get(0));
    assertEquals(List.of("cutout", "color"),
        DiffAugment.parse(" cutout , color ", available).stream().map(DiffAugmentPolicy::name).toList());
  }

  @Test
  void emptyStringMeansNoAugmentation() {
    assertTrue(DiffAugment.parse("", available).isEmpty());
    assertTrue(DiffAugment.parse("  ", available).isEmpty());
    assertTrue(DiffAugment.parse("", List.of()).isEmpty());
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiffAugment.parse("color,translaton", available));
    assertEquals("Unknown DiffAugment policy 'translaton' in 'color,translaton'; "
        + "known policies: color, cutout, translation", e.getMessage());
  }

  @Test
  void emptyNameIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiffAugment.parse("color,,cutout", available));
    assertTrue(e.getMessage().contains("'color,,cutout' has an empty name"), e.getMessage());
  }

  @Test
  void twoPoliciesWithOneNameAreAnError() {
    DiffAugmentPolicy impostor = new DiffAugmentPolicy() {
      @Override
      public String name() {
        return "color";
      }

      @Override
      public String description() {
        return "another colour policy";
      }

      @Override
      public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
        return images;
      }
    };
    List<DiffAugmentPolicy> both = List.of(new ColorPolicy(), impostor);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffAugment.parse("color", both));
    assertTrue(e.getMessage().contains("'color' is defined twice, by " + ColorPolicy.class.getName()), e.getMessage());
    // Names nobody duplicates still resolve.
    assertEquals(1, DiffAugment.parse("cutout", List.of(new CutoutPolicy(), impostor)).size());
  }

  /** The chain is the policies one after the other on one random stream. */
  @Test
  void appliesThePoliciesInOrderOnOneStream() {
    try (NDManager manager = Nd.cpuManager()) {
      int n = 3;
      NDArray images = Nd.batch(manager, Nd.pattern(n, 3, 32, 32, 4), n, 3, 32, 32);
      boolean[] enabled = {true, false, true};
      List<DiffAugmentPolicy> chain = DiffAugment.parse("translation,color,cutout", available);
      float[] chained = DiffAugment.apply(images, chain, enabled, new SplittableRandom(8)).toFloatArray();

      SplittableRandom random = new SplittableRandom(8);
      NDArray x = new TranslationPolicy().apply(images, enabled, random);
      x = new ColorPolicy().apply(x, enabled, random);
      x = new CutoutPolicy().apply(x, enabled, random);
      assertArrayEquals(x.toFloatArray(), chained);

      assertSame(images, DiffAugment.apply(images, List.of(), enabled, new SplittableRandom(8)));
    }
  }
}
