package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingSetsTest {

  private static final List<String> STAGES = List.of("gan", "classic");

  private static Sample real(int i, int label) {
    return new Sample(Image.blank(2, 2, 1), label, Origin.real("f#" + i));
  }

  private static Sample gan(int i, int label) {
    return new Sample(Image.blank(2, 2, 1), label, Origin.made("gan", i, Map.of("index", "" + i)));
  }

  /** A classic copy whose parent is a real file or a stage id, as the classic stage records it. */
  private static Sample classicOf(String parent, int label) {
    return new Sample(Image.blank(2, 2, 1), label, Origin.made("classic", 7, Map.of("parent", parent, "copy", "0")));
  }

  /** 4 real (2 a class), 3 GAN, a classic copy of each real image and of the first GAN image. */
  private static Dataset produced() {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      s.add(real(i, i % 2));
    }
    for (int i = 0; i < 3; i++) {
      s.add(gan(i, i % 2));
    }
    for (int i = 0; i < 4; i++) {
      s.add(classicOf("f#" + i, i % 2));
    }
    s.add(classicOf("gan", 0));
    return new Dataset(List.of("a", "b"), s);
  }

  private static long count(Dataset d, String stage) {
    return d.samples().stream().filter(x -> x.origin().stage().equals(stage)).count();
  }

  @Test
  void armsTakeImagesByOriginAndParentStage() {
    Dataset all = produced();
    Dataset real = all.real();
    Set<String> none = Set.of();
    Dataset realOnly = TrainingSets.arm(real, all, List.of(), STAGES, none);
    assertEquals(4, realOnly.size());

    Dataset classic = TrainingSets.arm(real, all, List.of("classic"), STAGES, none);
    assertEquals(4, count(classic, "classic"), "the copy of a GAN image is not classic augmentation of real data");
    assertEquals(0, count(classic, "gan"));

    Dataset gan = TrainingSets.arm(real, all, List.of("gan"), STAGES, none);
    assertEquals(3, count(gan, "gan"));
    assertEquals(0, count(gan, "classic"));

    Dataset hybrid = TrainingSets.arm(real, all, List.of("classic", "gan"), STAGES, none);
    assertEquals(4 + 3 + 5, hybrid.size(), "the hybrid also gets classic copies of GAN images");
    assertEquals(real.samples(), hybrid.samples().subList(0, 4), "real images come first, in order");
  }

  @Test
  void copiesOfHeldOutImagesNeverReachTraining() {
    Dataset all = produced();
    Dataset heldOut = all.filter(s -> s.origin().isReal() && s.origin().attributes().get("file").equals("f#1"));
    Set<String> files = TrainingSets.files(heldOut);
    assertEquals(Set.of("f#1"), files);
    Dataset fit = all.real().filter(s -> !files.contains(s.origin().attributes().get("file")));
    Dataset classic = TrainingSets.arm(fit, all, List.of("classic"), STAGES, files);
    assertEquals(3 + 3, classic.size());
    assertFalse(classic.samples().stream().anyMatch(s -> "f#1".equals(s.origin().attributes().get("parent"))));
    assertFalse(classic.samples().stream().anyMatch(s -> "f#1".equals(s.origin().attributes().get("file"))));
  }

  @Test
  void ratioCountsRoundPerClass() {
    assertArrayEquals(new long[] {0, 0}, TrainingSets.ratioCounts(0, new int[] {27, 30}));
    assertArrayEquals(new long[] {14, 15}, TrainingSets.ratioCounts(0.5, new int[] {27, 30}), "13.5 rounds up");
    assertArrayEquals(new long[] {216, 240}, TrainingSets.ratioCounts(8, new int[] {27, 30}));
  }

  private static Dataset manyGan(int perClass) {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < perClass * 2; i++) {
      s.add(gan(i, i % 2));
    }
    return new Dataset(List.of("a", "b"), s);
  }

  @Test
  void ratioSubsamplesPerClassSeededAndNested() {
    Dataset candidates = manyGan(20);
    Dataset realFit = new Dataset(List.of("a", "b"), List.of(real(0, 0), real(1, 1), real(2, 1)));
    long[] small = TrainingSets.ratioCounts(2, realFit.countByClass());
    long[] big = TrainingSets.ratioCounts(5, realFit.countByClass());
    Dataset two = TrainingSets.ratio(realFit, candidates, small, 11);
    Dataset five = TrainingSets.ratio(realFit, candidates, big, 11);
    assertArrayEquals(new int[] {1 + 2, 2 + 4}, two.countByClass());
    assertArrayEquals(new int[] {1 + 5, 2 + 10}, five.countByClass());
    assertEquals(two.samples(), TrainingSets.ratio(realFit, candidates, small, 11).samples(), "same seed, same pick");
    Set<Sample> bigPick = new HashSet<>(five.samples());
    assertTrue(bigPick.containsAll(two.samples()), "a higher ratio adds images to a lower ratio's pick");
    Dataset other = TrainingSets.ratio(realFit, candidates, big, 12);
    assertFalse(other.samples().equals(five.samples()), "another seed picks other images");
  }

  @Test
  void shortfallNamesTheFirstShortClass() {
    Dataset candidates = manyGan(3);
    assertEquals(-1, TrainingSets.shortfall(candidates, new long[] {3, 3}));
    assertEquals(1, TrainingSets.shortfall(candidates, new long[] {3, 4}));
    Dataset realFit = new Dataset(List.of("a", "b"), List.of(real(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> TrainingSets.ratio(realFit, candidates, new long[] {4, 0}, 1));
  }

  @Test
  void madeByKeepsOnlyTheStagesOwnImages() {
    Dataset all = produced();
    assertEquals(3, TrainingSets.madeBy(all, "gan", STAGES, Set.of()).size());
    assertEquals(3, TrainingSets.madeBy(all, "classic", STAGES, Set.of("f#0")).size(), "the copy of f#0 is held out");
  }

  @Test
  void sweepCandidatesFollowTheParentStageRuleOfArms() {
    Dataset all = produced();
    Dataset candidates = TrainingSets.madeBy(all, "classic", STAGES, Set.of());
    assertEquals(4, candidates.size(), "a classic copy of a GAN image is not a classic sweep candidate");
    assertFalse(candidates.samples().stream().anyMatch(s -> "gan".equals(s.origin().attributes().get("parent"))));
    Dataset arm = TrainingSets.arm(all.real(), all, List.of("classic"), STAGES, Set.of());
    Dataset everyClassic = TrainingSets.ratio(all.real(), candidates, new long[] {2, 2}, 5);
    assertEquals(count(arm, "classic"), count(everyClassic, "classic"), "the sweep takes what the arm takes");
  }

  @Test
  void ratioCountsBeyondTheIntRangeAreAShortfallNotAWrap() {
    long[] counts = TrainingSets.ratioCounts(1e7, new int[] {1000, 1});
    assertArrayEquals(new long[] {10_000_000_000L, 10_000_000L}, counts);
    Dataset candidates = manyGan(3);
    assertEquals(0, TrainingSets.shortfall(candidates, counts));
    assertEquals(0, TrainingSets.shortfall(candidates, new long[] {Integer.MAX_VALUE + 1L, 0}));
    Dataset realFit = new Dataset(List.of("a", "b"), List.of(real(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> TrainingSets.ratio(realFit, candidates, counts, 1));
  }

  private static Sample copy(String stage, long seed, String parent, Long parentSeed, int label) {
    Map<String, String> attributes = new java.util.HashMap<>(Map.of("parent", parent, "copy", "0"));
    if (parentSeed != null) {
      attributes.put("parentSeed", Long.toString(parentSeed));
    }
    return new Sample(Image.blank(2, 2, 1), label, Origin.made(stage, seed, attributes));
  }

  @Test
  void copiesOfCopiesAreTracedBackThroughTheirParents() {
    List<String> stages = List.of("gan", "classic", "elastic");
    List<Sample> s = new ArrayList<>(List.of(real(0, 0), real(1, 1)));
    s.add(new Sample(Image.blank(2, 2, 1), 0, Origin.made("gan", 3, Map.of("index", "0"))));
    s.add(copy("classic", 10, "f#0", null, 0));
    s.add(copy("classic", 11, "f#1", null, 1));
    s.add(copy("classic", 12, "gan", 3L, 0));
    s.add(copy("elastic", 20, "classic", 10L, 0));
    s.add(copy("elastic", 21, "classic", 11L, 1));
    s.add(copy("elastic", 22, "classic", 12L, 0));
    Dataset all = new Dataset(List.of("a", "b"), s);
    Set<String> heldOut = Set.of("f#1");
    Dataset fit = all.real().filter(x -> !heldOut.contains(x.origin().attributes().get("file")));

    Dataset copies = TrainingSets.arm(fit, all, List.of("classic", "elastic"), stages, heldOut);
    assertEquals(List.of(10L, 20L), copies.samples().stream().filter(x -> !x.origin().isReal())
        .map(x -> x.origin().seed()).toList(),
        "no copy of a copy of the held-out image, nor of a copy of a GAN image");

    Dataset hybrid = TrainingSets.arm(fit, all, List.of("gan", "classic", "elastic"), stages, heldOut);
    assertEquals(List.of(3L, 10L, 12L, 20L, 22L), hybrid.samples().stream().filter(x -> !x.origin().isReal())
        .map(x -> x.origin().seed()).toList());

    assertEquals(0, TrainingSets.madeBy(all, "elastic", stages, heldOut).size(),
        "elastic copies of classic copies are not elastic augmentation of real images");
  }

  @Test
  void fingerprintRecognizesTheSameTrainingImages() {
    Dataset all = produced();
    Dataset real = all.real();
    Dataset zero = TrainingSets.ratio(real, TrainingSets.madeBy(all, "gan", STAGES, Set.of()), new long[] {0, 0}, 5);
    assertEquals(TrainingSets.fingerprint(real), TrainingSets.fingerprint(zero), "ratio 0 is the real-only set");
    Dataset gan = TrainingSets.arm(real, all, List.of("gan"), STAGES, Set.of());
    Dataset everyGan = TrainingSets.ratio(real, TrainingSets.madeBy(all, "gan", STAGES, Set.of()), new long[] {2, 1}, 5);
    assertEquals(TrainingSets.fingerprint(gan), TrainingSets.fingerprint(everyGan),
        "a sweep point taking every image of its stage is that stage's arm");
    assertFalse(TrainingSets.fingerprint(gan).equals(TrainingSets.fingerprint(real)));
    List<Sample> reversed = new ArrayList<>(real.samples());
    java.util.Collections.reverse(reversed);
    assertFalse(TrainingSets.fingerprint(real).equals(TrainingSets.fingerprint(real.withSamples(reversed))),
        "order is part of a training set: it decides the batches");
  }
}
