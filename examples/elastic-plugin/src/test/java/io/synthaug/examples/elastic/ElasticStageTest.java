package io.synthaug.examples.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElasticStageTest {

  private static final long SEED = 1234;

  private static Sample digit() {
    float[] px = new float[28 * 28];
    for (int y = 8; y < 20; y++) {
      px[y * 28 + 14] = 1f;
      px[y * 28 + 15] = 0.5f;
    }
    return new Sample(new Image(28, 28, 1, px), 3, Origin.real("digits/3/7.png"));
  }

  private static List<Sample> run(ElasticParams params, Sample in, long seed) {
    // The engine's stream is passed too; the copies must not depend on it.
    return new ElasticStage("warp", params).apply(in, new SplittableRandom(seed ^ 99), seed);
  }

  /** A copy remade from its origin alone: its seed, the stage's parameters and its parent. */
  private static Image remake(Origin origin, ElasticParams params, Image parent) {
    SplittableRandom r = new SplittableRandom(origin.seed());
    if (!(r.nextDouble() < params.p())) {
      return parent;
    }
    float[][] f = ElasticDistortion.field(parent.height(), parent.width(), params.alpha(), params.sigma(), r);
    return ElasticDistortion.apply(parent, f[0], f[1]);
  }

  @Test
  void eachCopyRecordsItsOwnDerivedSeedAndIsRemadeFromItAlone() {
    ElasticParams params = new ElasticParams(8.0, 3.0, 3, 0.5);
    Sample in = digit();
    List<Sample> out = run(params, in, SEED);
    assertEquals(4, out.size());
    assertSame(in, out.get(0));
    for (int k = 0; k < 3; k++) {
      Origin o = out.get(k + 1).origin();
      assertEquals("warp", o.stage());
      assertEquals(Seeds.derive(SEED, k), o.seed(), "copy " + k + " seeds its own stream as classic does");
      assertEquals(Map.of("parent", "digits/3/7.png", "copy", String.valueOf(k), "distorted",
          String.valueOf(!out.get(k + 1).image().equals(in.image()))), o.attributes());
      assertEquals(remake(o, params, in.image()), out.get(k + 1).image(), "copy " + k);
      assertEquals(3, out.get(k + 1).label());
    }
    assertEquals(3, out.stream().skip(1).map(s -> s.origin().seed()).distinct().count());
    // Copy 0 does not depend on how many copies follow it.
    assertEquals(out.get(1), run(new ElasticParams(8.0, 3.0, 1, 0.5), in, SEED).get(1));
  }

  @Test
  void sameSeedSameCopiesOtherSeedOtherCopies() {
    ElasticParams params = new ElasticParams(8.0, 3.0, 2, null);
    assertEquals(run(params, digit(), SEED), run(params, digit(), SEED));
    assertNotEquals(run(params, digit(), SEED).get(1).image(), run(params, digit(), SEED + 1).get(1).image());
  }

  @Test
  void aCopyTheDrawSkipsIsStillAddedUnchangedAsClassicAddsOne() {
    Sample in = digit();
    List<Sample> out = run(new ElasticParams(8.0, 3.0, 2, 0.0), in, SEED);
    assertEquals(3, out.size());
    for (int k = 0; k < 2; k++) {
      assertEquals(in.image(), out.get(k + 1).image());
      assertEquals("false", out.get(k + 1).origin().attributes().get("distorted"));
      assertEquals(Seeds.derive(SEED, k), out.get(k + 1).origin().seed());
    }
  }

  @Test
  void aSyntheticParentIsNamedByItsStageAndSeed() {
    Sample made = new Sample(digit().image(), 1, Origin.made("gan", 77, Map.of()));
    Origin copy = run(new ElasticParams(null, null, 1, null), made, SEED).get(1).origin();
    assertEquals("gan", copy.attributes().get("parent"));
    assertEquals("77", copy.attributes().get("parentSeed"));
    assertEquals("true", copy.attributes().get("distorted"));
  }
}
