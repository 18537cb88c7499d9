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
    assertArrayEquals(new int[] {0, 0}, TrainingSets.ratioCounts(0, new int[] {27, 30}));
    assertArrayEquals(new int[] {14, 15}, TrainingSets.ratioCounts(0.5, new int[] {27, 30}), "13.5 rounds up");
    assertArrayEquals(new int[] {216, 240}, TrainingSets.ratioCounts(8, new int[] {27, 30}));
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
    int[] small = TrainingSets.ratioCounts(2, realFit.countByClass());
    int[] big = TrainingSets.ratioCounts(5, realFit.countByClass());
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
    assertEquals(-1, TrainingSets.shortfall(candidates, new int[] {3, 3}));
    assertEquals(1, TrainingSets.shortfall(candidates, new int[] {3, 4}));
    Dataset realFit = new Dataset(List.of("a", "b"), List.of(real(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> TrainingSets.ratio(realFit, candidates, new int[] {4, 0}, 1));
  }

  @Test
  void madeByKeepsOnlyTheStagesOwnImages() {
    Dataset all = produced();
    assertEquals(3, TrainingSets.madeBy(all, "gan", Set.of()).size());
    assertEquals(4, TrainingSets.madeBy(all, "classic", Set.of("f#0")).size(), "the copy of f#0 is held out");
  }

  @Test
  void fingerprintRecognizesTheSameTrainingImages() {
    Dataset all = produced();
    Dataset real = all.real();
    Dataset zero = TrainingSets.ratio(real, TrainingSets.madeBy(all, "gan", Set.of()), new int[] {0, 0}, 5);
    assertEquals(TrainingSets.fingerprint(real), TrainingSets.fingerprint(zero), "ratio 0 is the real-only set");
    Dataset gan = TrainingSets.arm(real, all, List.of("gan"), STAGES, Set.of());
    Dataset everyGan = TrainingSets.ratio(real, TrainingSets.madeBy(all, "gan", Set.of()), new int[] {2, 1}, 5);
    assertEquals(TrainingSets.fingerprint(gan), TrainingSets.fingerprint(everyGan),
        "a sweep point taking every image of its stage is that stage's arm");
    assertFalse(TrainingSets.fingerprint(gan).equals(TrainingSets.fingerprint(real)));
    List<Sample> reversed = new ArrayList<>(real.samples());
    java.util.Collections.reverse(reversed);
    assertFalse(TrainingSets.fingerprint(real).equals(TrainingSets.fingerprint(real.withSamples(reversed))),
        "order is part of a training set: it decides the batches");
  }
}
