package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.StageException;
import io.synthaug.core.metrics.Fid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's measurements and verdicts on features with known distributions: one-dimensional
 * N(mu, 1) sets, whose population FID against N(0, 1) is {@code mu^2}.
 */
class GateEvaluatorTest {

  private static final List<String> TWO = List.of("a", "b");

  private static FidGateParams ratio(double r, GateAction action) {
    return new FidGateParams(null, null, null, null, r, action, null, null, null, null);
  }

  private static FidGateParams absolute(double max, GateAction action) {
    return new FidGateParams(null, null, null, max, null, action, null, null, null, null);
  }

  /** 2,000 real N(0, 1) rows of class "a", and one source per mean given, 1,000 rows each. */
  private static GateOutcome oneClass(FidGateParams params, double... sourceMeans) {
    float[][] real = Gaussians.rows(2000, 1, 0, 1);
    List<SourceFeatures> sources = new java.util.ArrayList<>();
    for (int k = 0; k < sourceMeans.length; k++) {
      sources.add(new SourceFeatures("s" + k, Gaussians.rows(1000, 1, sourceMeans[k], 10 + k),
          Gaussians.labels(1000, 0)));
    }
    return new GateEvaluator(params, List.of("a"), 7).evaluate(real, Gaussians.labels(2000, 0), sources);
  }

  @Test
  void theFloorIsTwoRealHalvesAtTheSourcesSampleSize() {
    GateOutcome o = oneClass(ratio(10, GateAction.FAIL), 0.0);
    assertEquals(1000, o.sampleSize(), "min(1,000 synthetic, 2,000 / 2 real)");
    // Two halves of one N(0, 1) sample: the population FID is 0, what remains is the finite-sample
    // bias, of order 1/m per dimension.
    assertTrue(o.floor().value() >= 0 && o.floor().value() < 0.02, "floor " + o.floor().value());
    assertEquals(1000, o.floor().nA());
    assertEquals(1000, o.floor().nB());
    assertTrue(o.floor().reliable());
  }

  @Test
  void theSampleSizeIsCappedByHalfTheRealImages() {
    float[][] real = Gaussians.rows(300, 1, 0, 1);
    GateOutcome o = new GateEvaluator(ratio(2, GateAction.FAIL), List.of("a"), 7).evaluate(real,
        Gaussians.labels(300, 0), List.of(new SourceFeatures("big", Gaussians.rows(900, 1, 0, 2),
            Gaussians.labels(900, 0)), new SourceFeatures("small", Gaussians.rows(400, 1, 0, 3),
            Gaussians.labels(400, 0))));
    assertEquals(150, o.sampleSize());
    for (SourceVerdict v : o.verdicts()) {
      assertEquals(150, v.overall().fid().nA());
      assertEquals(150, v.overall().fid().nB(), "every source is measured at the common size");
    }
    assertEquals(900, o.verdicts().get(0).overall().images(), "images counts the whole source");
  }

  @Test
  void ratioThresholdIsTheRatioTimesTheFloor() {
    GateOutcome o = oneClass(ratio(10, GateAction.FAIL), 0.02, 1.0);
    double max = 10 * o.floor().value();
    SourceVerdict close = o.verdicts().get(0);
    SourceVerdict far = o.verdicts().get(1);
    assertEquals(max, close.overall().maxFid(), 1e-12);
    assertTrue(close.passed(), close.overall().why());
    assertFalse(far.passed(), far.overall().why());
    // mu = 1 gives FID about 1.
    assertEquals(1.0, far.overall().fid().value(), 0.15);
    assertTrue(far.overall().why().contains(" > "), far.overall().why());
  }

  @Test
  void absoluteThresholdComparesTheFidItself() {
    GateOutcome loose = oneClass(absolute(2.0, GateAction.FAIL), 1.0);
    GateOutcome tight = oneClass(absolute(0.5, GateAction.FAIL), 1.0);
    assertTrue(loose.allPassed());
    assertFalse(tight.allPassed());
    assertEquals(0.5, tight.verdicts().get(0).overall().maxFid());
    assertEquals(loose.verdicts().get(0).overall().fid().value(), tight.verdicts().get(0).overall().fid().value(),
        "the threshold does not change the measurement");
  }

  /** Class "a" of the source matches the real class, class "b" is shifted by 1. */
  private static GateOutcome twoClasses(FidGateParams params) {
    float[][] real = Gaussians.concat(Gaussians.rows(600, 1, 0, 1), Gaussians.rows(600, 1, 5, 2));
    int[] realLabels = Gaussians.concat(Gaussians.labels(600, 0), Gaussians.labels(600, 1));
    float[][] synth = Gaussians.concat(Gaussians.rows(300, 1, 0, 3), Gaussians.rows(300, 1, 6, 4));
    int[] synthLabels = Gaussians.concat(Gaussians.labels(300, 0), Gaussians.labels(300, 1));
    return new GateEvaluator(params, TWO, 7).evaluate(real, realLabels,
        List.of(new SourceFeatures("gan", synth, synthLabels)));
  }

  @Test
  void dropClassDropsOnlyTheClassesThatFailOnTheirOwn() {
    SourceVerdict v = twoClasses(ratio(3, GateAction.DROP_CLASS)).verdicts().get(0);
    assertTrue(v.perClass().get(0).passed(), v.perClass().get(0).why());
    assertFalse(v.perClass().get(1).passed(), v.perClass().get(1).why());
    assertEquals(List.of(1), v.droppedClasses());
    assertFalse(v.dropped(), "class a stays");
    assertFalse(v.passed());
  }

  @Test
  void dropDropsTheWholeSourceWhenAnyClassFails() {
    SourceVerdict v = twoClasses(ratio(3, GateAction.DROP)).verdicts().get(0);
    assertTrue(v.dropped());
    assertEquals(List.of(), v.droppedClasses());
  }

  @Test
  void perClassFloorsUseEachClassesOwnHalves() {
    GateOutcome o = twoClasses(ratio(3, GateAction.FAIL));
    assertEquals(300, o.classSampleSizes()[0], "min(300 synthetic, 600 / 2 real)");
    assertEquals(300, o.classSampleSizes()[1]);
    for (int c = 0; c < 2; c++) {
      Score s = o.verdicts().get(0).perClass().get(c);
      assertEquals(o.classFloors().get(c).value(), s.floorFid().value());
      assertEquals(3 * s.floorFid().value(), s.maxFid(), 1e-12);
      assertTrue(s.floorFid().value() < 0.05, "two halves of one class are close: " + s.floorFid().value());
    }
    // The overall real set mixes the classes at 0 and 5; its halves are far apart from the
    // per-class ones in scale, which is why classes get their own floors.
    assertNotNull(o.floor());
  }

  @Test
  void aClassTooSmallToMeasureFollowsTheOverallVerdict() {
    float[][] real = Gaussians.concat(Gaussians.rows(400, 1, 0, 1), Gaussians.rows(3, 1, 0, 2));
    int[] realLabels = Gaussians.concat(Gaussians.labels(400, 0), Gaussians.labels(3, 1));
    float[][] synth = Gaussians.concat(Gaussians.rows(200, 1, 0, 3), Gaussians.rows(5, 1, 0, 4));
    int[] synthLabels = Gaussians.concat(Gaussians.labels(200, 0), Gaussians.labels(5, 1));
    GateOutcome o = new GateEvaluator(absolute(1.0, GateAction.DROP_CLASS), TWO, 7).evaluate(real, realLabels,
        List.of(new SourceFeatures("gan", synth, synthLabels)));
    Score small = o.verdicts().get(0).perClass().get(1);
    assertFalse(small.measured());
    assertNull(small.maxFid());
    assertEquals(5, small.images());
    assertTrue(small.passed(), "the source passes overall, so does the class it cannot measure");
    assertEquals("not measured: 1 images a set (the fewest images of this class in a measured source, 5, capped by"
        + " half of its 3 real images), and FID and KID need at least 2; follows the source's overall verdict",
        small.why());
    assertEquals(0, o.classSampleSizes()[1]);
    assertTrue(o.classFloors().containsKey(1));
    assertNull(o.classFloors().get(1));
  }

  /**
   * 16 features; real class "a" has 60 images, class "b" {@code realB}; the source has 40 of "a"
   * and 10 of "b", all from the real distributions, so every measured verdict is a pass.
   */
  private static GateOutcome smallClassB(int realB, int dim, GateAction action) {
    float[][] real = Gaussians.concat(Gaussians.rows(60, dim, 0, 1), Gaussians.rows(realB, dim, 0, 2));
    int[] realLabels = Gaussians.concat(Gaussians.labels(60, 0), Gaussians.labels(realB, 1));
    float[][] synth = Gaussians.concat(Gaussians.rows(40, dim, 0, 3), Gaussians.rows(10, dim, 0, 4));
    int[] synthLabels = Gaussians.concat(Gaussians.labels(40, 0), Gaussians.labels(10, 1));
    return new GateEvaluator(ratio(2, action), TWO, 7).evaluate(real, realLabels,
        List.of(new SourceFeatures("gan", synth, synthLabels)));
  }

  @Test
  void kidDoesNotDecideAClassAtTwoImagesASet() {
    // 4 real images of "b": 2 a half, so m_c = 2; FID needs 2 x 16 = 32, so KID would decide,
    // and at 2 images its subsets are all the whole set: one estimate with no spread.
    GateOutcome o = smallClassB(4, 16, GateAction.DROP_CLASS);
    SourceVerdict v = o.verdicts().get(0);
    Score b = v.perClass().get(1);
    assertFalse(b.measured());
    assertFalse(b.decidedOnKid());
    assertNull(b.kid());
    assertEquals(0, b.sampleSize());
    assertEquals(0, o.classSampleSizes()[1]);
    assertNull(o.classFloors().get(1));
    assertEquals("not measured: 2 images a set (the fewest images of this class in a measured source, 10, capped by"
        + " half of its 4 real images), where FID is unreliable (it needs 2 x 16 = 32) and KID, which would decide"
        + " instead, needs at least 3 (at 2 every KID subset is the whole set: one estimate, no spread); follows the"
        + " source's overall verdict", b.why());
    assertTrue(v.overall().passed(), v.overall().why());
    assertTrue(b.passed(), "the class follows the source's overall verdict");
    assertEquals(List.of(), v.droppedClasses(), "drop-class does not drop it on a verdict of chance");
    assertTrue(v.perClass().get(0).measured(), "class a, 20 images a set, is measured on KID");
    assertTrue(v.perClass().get(0).decidedOnKid());
  }

  @Test
  void kidDecidesAClassFromThreeImagesASet() {
    GateOutcome o = smallClassB(6, 16, GateAction.DROP_CLASS);
    Score b = o.verdicts().get(0).perClass().get(1);
    assertEquals(3, o.classSampleSizes()[1]);
    assertTrue(b.measured(), b.why());
    assertTrue(b.decidedOnKid(), b.why());
    assertEquals(3, b.sampleSize());
    assertTrue(b.why().startsWith("FID unreliable at 3 images a set for 16 features, decided on KID"), b.why());
  }

  @Test
  void twoImagesASetAreMeasuredWhereFidIsReliable() {
    // One feature: FID is reliable from 2 images a set, and KID does not decide.
    Score b = smallClassB(4, 1, GateAction.DROP_CLASS).verdicts().get(0).perClass().get(1);
    assertTrue(b.measured(), b.why());
    assertFalse(b.decidedOnKid(), b.why());
    assertEquals(2, b.sampleSize());
  }

  @Test
  void sourcesTooSmallForKidToDecideAreAnError() {
    StageException e = assertThrows(StageException.class, () -> new GateEvaluator(ratio(2, GateAction.DROP_CLASS),
        List.of("a"), 7).evaluate(Gaussians.rows(5, 8, 0, 1), Gaussians.labels(5, 0),
            List.of(new SourceFeatures("gan", Gaussians.rows(9, 8, 0, 2), Gaussians.labels(9, 0)))));
    assertEquals("too few images to measure: 5 real images and 9 from source stage 'gan' give 2 images a set, where"
        + " FID is unreliable (it needs 2 x 8 = 16) and KID, which would decide instead, needs at least 3 (at 2 every"
        + " KID subset is the whole set: one estimate, no spread); so at least 6 real images (two halves) and 3"
        + " synthetic ones", e.getMessage());
  }

  /** 8 features, 6 images a set: FID is unreliable (it needs 16). */
  private static GateOutcome small(FidGateParams params, double shift) {
    float[][] real = Gaussians.rows(12, 8, 0, 1);
    return new GateEvaluator(params, List.of("a"), 7).evaluate(real, Gaussians.labels(12, 0),
        List.of(new SourceFeatures("gan", Gaussians.rows(6, 8, shift, 2), Gaussians.labels(6, 0))));
  }

  @Test
  void unreliableFidFallsBackToKidAgainstTheKidFloor() {
    GateOutcome near = small(ratio(2, GateAction.FAIL), 0.0);
    GateOutcome far = small(ratio(2, GateAction.FAIL), 3.0);
    Score n = near.verdicts().get(0).overall();
    Score f = far.verdicts().get(0).overall();
    assertFalse(n.fid().reliable());
    assertTrue(n.decidedOnKid());
    double scale = Math.max(n.floorKid().mean(), n.floorKid().std());
    assertEquals(2 * scale, n.maxKid(), 1e-12);
    assertTrue(n.passed(), n.why());
    assertFalse(f.passed(), f.why());
    assertTrue(f.why().startsWith("FID unreliable at 6 images a set for 8 features, decided on KID"), f.why());
  }

  @Test
  void kidRatioDefaultsToTwoWithAnAbsoluteThreshold() {
    Score s = small(absolute(100, GateAction.FAIL), 0.0).verdicts().get(0).overall();
    double scale = Math.max(s.floorKid().mean(), s.floorKid().std());
    assertEquals(FidGateParams.DEFAULT_KID_RATIO * scale, s.maxKid(), 1e-12);
    Score custom = small(new FidGateParams(null, null, null, 100.0, null, null, null, 5.0, null, null), 0.0)
        .verdicts().get(0).overall();
    assertEquals(5 * scale, custom.maxKid(), 1e-12);
  }

  @Test
  void fallbackErrorSaysHowManyImagesAreNeeded() {
    FidGateParams strict = new FidGateParams(null, null, null, null, 2.0, null, Fallback.ERROR, null, null, null);
    StageException e = assertThrows(StageException.class, () -> small(strict, 0.0));
    assertTrue(e.getMessage().contains("source stage 'gan' is measured at 6 images a set"), e.getMessage());
    assertTrue(e.getMessage().contains("2 x 8 = 16 images in each set"), e.getMessage());
    assertTrue(e.getMessage().contains("fallback to \"kid\""), e.getMessage());
    assertEquals(2, Fid.MIN_IMAGES_PER_FEATURE);
  }

  @Test
  void tooFewImagesForAnyMeasurementAreNamed() {
    StageException e = assertThrows(StageException.class, () -> new GateEvaluator(ratio(2, GateAction.FAIL),
        List.of("a"), 7).evaluate(Gaussians.rows(3, 1, 0, 1), Gaussians.labels(3, 0),
            List.of(new SourceFeatures("gan", Gaussians.rows(5, 1, 0, 2), Gaussians.labels(5, 0)))));
    assertTrue(e.getMessage().contains("3 real images"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 4 real images"), e.getMessage());
  }

  @Test
  void kidAndEveryVerdictIgnoreTheFeaturesScale() {
    float[][] real = Gaussians.rows(12, 8, 0, 1);
    float[][] synth = Gaussians.rows(6, 8, 0.7, 2);
    GateOutcome unit = new GateEvaluator(ratio(2, GateAction.FAIL), List.of("a"), 7).evaluate(real,
        Gaussians.labels(12, 0), List.of(new SourceFeatures("gan", synth, Gaussians.labels(6, 0))));
    GateOutcome large = new GateEvaluator(ratio(2, GateAction.FAIL), List.of("a"), 7).evaluate(times(real, 50),
        Gaussians.labels(12, 0), List.of(new SourceFeatures("gan", times(synth, 50), Gaussians.labels(6, 0))));
    Score a = unit.verdicts().get(0).overall();
    Score b = large.verdicts().get(0).overall();
    assertEquals(a.kid().mean(), b.kid().mean(), 1e-5 * Math.abs(a.kid().mean()));
    assertEquals(a.maxKid(), b.maxKid(), 1e-5 * Math.abs(a.maxKid()));
    assertEquals(a.passed(), b.passed());
    assertEquals(2500 * a.fid().value(), b.fid().value(), 1e-3 * b.fid().value(), "FID keeps its own units");
  }

  @Test
  void rootMeanSquareIsOverAllValues() {
    assertEquals(Math.sqrt((1 + 4 + 9 + 16) / 4.0), GateEvaluator.rootMeanSquare(new float[][] {{1, 2}, {3, 4}}), 1e-12);
    assertEquals(1.0, GateEvaluator.rootMeanSquare(new float[][] {{0, 0}}));
  }

  private static float[][] times(float[][] rows, float k) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
      for (int c = 0; c < out[i].length; c++) {
        out[i][c] *= k;
      }
    }
    return out;
  }

  @Test
  void sameSeedSameNumbersAndRowOrderOfTheInputsIsAllThatMatters() {
    GateOutcome a = twoClasses(ratio(3, GateAction.DROP_CLASS));
    GateOutcome b = twoClasses(ratio(3, GateAction.DROP_CLASS));
    assertEquals(a.floor().value(), b.floor().value());
    Map<Integer, Score> pa = a.verdicts().get(0).perClass();
    Map<Integer, Score> pb = b.verdicts().get(0).perClass();
    for (int c = 0; c < 2; c++) {
      assertEquals(pa.get(c).fid().value(), pb.get(c).fid().value());
      assertEquals(pa.get(c).kid().mean(), pb.get(c).kid().mean());
    }
  }
}
