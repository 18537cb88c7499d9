package io.synthaug.plugins.classic.transforms;

import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import io.synthaug.plugins.classic.OpSpec;
import io.synthaug.plugins.classic.transforms.OpFixtures.Fixture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Runs every op kind with several seeds on grayscale and RGB images of odd shapes. */
class EveryOpTest {

  private static final long[] SEEDS = {1, 2, 3, 42, 12345};

  private static final List<Image> IMAGES = List.of(ramp(28, 28, 1), ramp(12, 17, 3), ramp(9, 5, 1));

  static final List<Fixture> FIXTURES = OpFixtures.ALL;

  @Test
  void everyOpKindHasAFixture() {
    List<String> fixtureKinds = OpFixtures.ALL.stream().map(Fixture::kind).toList();
    assertEquals(OpSpec.KINDS, fixtureKinds, "OpFixtures.ALL must list every op kind of OpSpec, in order");
    for (Fixture f : OpFixtures.ALL) {
      assertEquals(f.kind(), OpSpec.kind(f.withP().apply(1.0)), "fixture " + f.kind() + " makes another kind");
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void wrapsIntoASpecElementAndBack(Fixture fixture) {
    OpParams op = fixture.withP().apply(0.3);
    OpSpec spec = OpSpec.of(op);
    assertSame(op, spec.op());
    assertEquals(fixture.kind(), OpSpec.kind(spec.op()));
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void sameSeedSameImageAndFiringAlwaysChangesIt(Fixture fixture) {
    OpParams op = fixture.withP().apply(1.0);
    for (Image image : IMAGES) {
      Image before = image.copy();
      for (long seed : SEEDS) {
        String where = fixture.kind() + " seed " + seed + " on " + image;
        Transform first = op.sample(image, new SplittableRandom(seed));
        Transform second = op.sample(image, new SplittableRandom(seed));
        assertNotNull(first, where);
        assertEquals(first.toString(), second.toString(), where);
        Image out = first.apply(image);
        assertEquals(out, second.apply(image), where);
        assertEquals(image.shape(), out.shape(), where);
        for (float v : out.pixels()) {
          assertTrue(v >= 0f && v <= 1f, where + ": value " + v);
        }
        assertNotEquals(image, out, where + " left the image unchanged");
      }
      assertSameImage(before, image);
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void drawnValuesDependOnTheSeed(Fixture fixture) {
    OpParams op = fixture.withP().apply(1.0);
    Image image = IMAGES.get(0);
    Set<Image> outputs = new HashSet<>();
    for (long seed : SEEDS) {
      outputs.add(op.sample(image, new SplittableRandom(seed)).apply(image));
    }
    assertEquals(fixture.drawsValues() ? SEEDS.length : 1, outputs.size(),
        fixture.kind() + " made " + outputs.size() + " distinct images from " + SEEDS.length + " seeds");
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void probabilityZeroNeverFiresAndTakesOneValue(Fixture fixture) {
    OpParams op = fixture.withP().apply(0.0);
    for (long seed = 0; seed < 200; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      assertNull(op.sample(IMAGES.get(1), random), fixture.kind() + " fired with p=0, seed " + seed);
      SplittableRandom expected = new SplittableRandom(seed);
      expected.nextDouble();
      assertEquals(expected.nextLong(), random.nextLong(), "p=0 must take exactly one value from the stream");
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void probabilityHalfFiresAboutHalfTheTime(Fixture fixture) {
    OpParams op = fixture.withP().apply(0.5);
    SplittableRandom random = new SplittableRandom(7);
    int fired = 0;
    for (int i = 0; i < 2000; i++) {
      if (op.sample(IMAGES.get(2), random) != null) {
        fired++;
      }
    }
    // 2000 draws: the standard deviation of the count is about 22.
    assertTrue(fired > 900 && fired < 1100, fixture.kind() + " fired " + fired + " of 2000 times");
  }
}
