package io.synthaug.plugins.classic;

import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.StageException;
import io.synthaug.plugins.classic.ops.Flips;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import io.synthaug.plugins.classic.transforms.OpFixtures;
import io.synthaug.plugins.classic.transforms.RotateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ClassicStageTest {

  private final ClassicStageFactory factory = new ClassicStageFactory();
  private final TestContext context = new TestContext("aug");

  private static final Sample REAL = new Sample(ramp(12, 9, 3), 1, Origin.real("digits/one/7.png"));
  private static final Sample SYNTHETIC =
      new Sample(ramp(12, 9, 3), 2, Origin.made("cgan", 77, Map.of("generator", "g.onnx")));

  /** Every op kind at probability {@code p}. */
  private static List<OpSpec> allOps(double p) {
    return OpFixtures.ALL.stream().map(f -> OpSpec.of(f.withP().apply(p))).toList();
  }

  private static ClassicParams params(int copies, boolean keepOriginal, ApplyTo applyTo, List<OpSpec> ops) {
    return new ClassicParams(copies, keepOriginal, null, applyTo, ops);
  }

  private ClassicStage stage(ClassicParams params) {
    return factory.create(params, context);
  }

  private static List<Sample> run(ClassicStage stage, Sample in, long seed) {
    return stage.apply(in, new SplittableRandom(seed), seed);
  }

  @Test
  void sameSeedGivesIdenticalOutput() {
    ClassicStage stage = stage(params(3, true, ApplyTo.ALL, allOps(0.7)));
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(run(stage, REAL, seed), run(stage, REAL, seed), "seed " + seed);
    }
  }

  @Test
  void differentSeedsGiveDifferentCopies() {
    ClassicStage stage = stage(params(1, false, ApplyTo.ALL, allOps(1.0)));
    Image a = run(stage, REAL, 1).get(0).image();
    Image b = run(stage, REAL, 2).get(0).image();
    assertNotEquals(a, b);
  }

  @Test
  void copiesOfOneSampleDifferFromEachOther() {
    ClassicStage stage = stage(params(4, false, ApplyTo.ALL, List.of(OpSpec.of(new RotateParams(1.0, 45.0)))));
    List<Sample> out = run(stage, REAL, 3);
    assertEquals(4, out.stream().map(Sample::image).distinct().count());
  }

  @Test
  void certainOpChangesTheImageExactlyAsThePixelFunction() {
    ClassicStage stage = stage(params(1, false, ApplyTo.ALL, List.of(OpSpec.of(new HFlipParams(1.0)))));
    for (long seed = 0; seed < 10; seed++) {
      assertSameImage(Flips.horizontal(REAL.image()), run(stage, REAL, seed).get(0).image());
    }
  }

  @Test
  void impossibleOpsNeverChangeTheImage() {
    ClassicStage stage = stage(params(5, false, ApplyTo.ALL, allOps(0.0)));
    for (long seed = 0; seed < 50; seed++) {
      for (Sample copy : run(stage, SYNTHETIC, seed)) {
        assertSameImage(SYNTHETIC.image(), copy.image());
        assertEquals("none", copy.origin().attributes().get("ops"));
      }
    }
  }

  @Test
  void keepsTheOriginalFirstThenTheCopies() {
    List<Sample> out = run(stage(params(3, true, ApplyTo.ALL, allOps(1.0))), REAL, 4);
    assertEquals(4, out.size());
    assertSame(REAL, out.get(0));
    for (Sample copy : out.subList(1, 4)) {
      assertEquals(REAL.label(), copy.label());
      assertEquals(REAL.image().shape(), copy.image().shape());
      assertNotEquals(REAL.image(), copy.image());
    }
  }

  @Test
  void withoutKeepOriginalOnlyCopiesRemain() {
    List<Sample> out = run(stage(params(3, false, ApplyTo.ALL, allOps(1.0))), REAL, 4);
    assertEquals(3, out.size());
    out.forEach(s -> assertNotSame(REAL, s));
    out.forEach(s -> assertFalse(s.origin().isReal()));
  }

  @Test
  void copiesRecordWhereTheyCameFrom() {
    ClassicStage stage = stage(params(2, false, ApplyTo.ALL, List.of(OpSpec.of(new HFlipParams(1.0)))));
    List<Sample> out = stage.apply(REAL, new SplittableRandom(5), 5);
    for (int k = 0; k < 2; k++) {
      Origin origin = out.get(k).origin();
      assertEquals("aug", origin.stage());
      assertEquals(Seeds.derive(5L, k), origin.seed(), "each copy has its own seed");
      assertEquals(Map.of("parent", "digits/one/7.png", "copy", Integer.toString(k), "ops", "hflip"),
          origin.attributes());
    }
    // a copy is remade on its own from the seed in its origin
    ClassicStage pair = stage(params(2, false, ApplyTo.ALL, List.of(OpSpec.of(new RotateParams(1.0, 30.0)))));
    Sample second = pair.apply(REAL, new SplittableRandom(5), 5).get(1);
    var remade = new io.synthaug.plugins.classic.transforms.OpChain(List.of(new RotateParams(1.0, 30.0))).run(REAL.image(), new SplittableRandom(second.origin().seed()));
    assertEquals(second.image(), remade.image());
    Origin fromGenerated = stage.apply(SYNTHETIC, new SplittableRandom(5), 5).get(0).origin();
    assertEquals("cgan", fromGenerated.attributes().get("parent"));
    assertEquals("77", fromGenerated.attributes().get("parentSeed"));
    assertEquals(2, stage.apply(SYNTHETIC, new SplittableRandom(5), 5).get(0).label());
  }

  @Test
  void recordedOpsNameTheDrawnValues() {
    ClassicStage stage = stage(params(1, false, ApplyTo.ALL,
        List.of(OpSpec.of(new HFlipParams(1.0)), OpSpec.of(new RotateParams(1.0, 30.0)))));
    String ops = run(stage, REAL, 6).get(0).origin().attributes().get("ops");
    assertTrue(ops.matches("hflip; rotate\\(-?[0-9.E-]+\\)"), ops);
  }

  @Test
  void applyToChoosesSamplesByOrigin() {
    List<OpSpec> flip = List.of(OpSpec.of(new HFlipParams(1.0)));
    ClassicStage realOnly = stage(params(2, true, ApplyTo.REAL, flip));
    assertEquals(3, run(realOnly, REAL, 1).size());
    assertEquals(List.of(SYNTHETIC), run(realOnly, SYNTHETIC, 1));

    ClassicStage syntheticOnly = stage(params(2, true, ApplyTo.SYNTHETIC, flip));
    assertEquals(List.of(REAL), run(syntheticOnly, REAL, 1));
    assertEquals(3, run(syntheticOnly, SYNTHETIC, 1).size());

    ClassicStage all = stage(params(2, false, ApplyTo.ALL, flip));
    assertEquals(2, run(all, REAL, 1).size());
    assertEquals(2, run(all, SYNTHETIC, 1).size());
  }

  @Test
  void unselectedSamplesPassThroughEvenWithoutKeepOriginal() {
    ClassicStage syntheticOnly = stage(params(2, false, ApplyTo.SYNTHETIC, allOps(1.0)));
    assertEquals(List.of(REAL), run(syntheticOnly, REAL, 1));
  }

  @Test
  void classesSelectLabelsByName() {
    ClassicParams params = new ClassicParams(1, true, List.of("one"), ApplyTo.ALL, allOps(1.0));
    ClassicStage stage = factory.create(params, new TestContext("aug", List.of("zero", "one", "two")));
    assertEquals(2, run(stage, REAL, 1).size()); // label 1
    assertEquals(List.of(SYNTHETIC), run(stage, SYNTHETIC, 1)); // label 2
  }

  @Test
  void unknownClassesAreNamedWithTheDatasetsClasses() {
    ClassicParams params = new ClassicParams(1, true, List.of("one", "cow", "emu"), ApplyTo.ALL, allOps(1.0));
    StageException e = assertThrows(StageException.class,
        () -> factory.create(params, new TestContext("aug", List.of("zero", "one", "two"))));
    assertEquals("classes: unknown class names [cow, emu]; the input dataset's classes are [zero, one, two]",
        e.getMessage());
  }

  @Test
  void labelFilterSelectsExactlyTheNamedLabels() {
    var filter = ClassicStage.labelFilter(List.of("c", "a"), List.of("a", "b", "c"));
    assertTrue(filter.test(0));
    assertFalse(filter.test(1));
    assertTrue(filter.test(2));
    assertFalse(filter.test(3));
    assertTrue(ClassicStage.labelFilter(List.of(), List.of("a")).test(5));
  }

  @Test
  void concurrentCallsGiveTheSameOutputAsSequentialOnes() throws Exception {
    ClassicStage stage = stage(params(2, true, ApplyTo.ALL, allOps(0.6)));
    int n = 200;
    List<Sample> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputs.add(i % 2 == 0 ? REAL : SYNTHETIC);
    }
    List<List<Sample>> sequential = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sequential.add(run(stage, inputs.get(i), Seeds.derive(11, i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Sample>>> futures = new ArrayList<>();
      for (int i = n - 1; i >= 0; i--) {
        int index = i;
        futures.add(pool.submit(() -> run(stage, inputs.get(index), Seeds.derive(11, index))));
      }
      for (int i = 0; i < n; i++) {
        assertEquals(sequential.get(n - 1 - i), futures.get(i).get(), "sample " + (n - 1 - i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void inputIsNeverModified() {
    Image before = REAL.image().copy();
    run(stage(params(3, true, ApplyTo.ALL, allOps(1.0))), REAL, 8);
    assertSameImage(before, REAL.image());
  }
}
