package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.SynthaugException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubsetsTest {

  /** Class sizes 30, 20 and 10; each origin records the sample's position. */
  private static Dataset uneven() {
    List<Sample> s = new ArrayList<>();
    int[] sizes = {30, 20, 10};
    for (int i = 0; i < 60; i++) {
      int label = i % 3;
      while (count(s, label) >= sizes[label]) {
        label = (label + 1) % 3;
      }
      s.add(new Sample(Image.blank(1, 1, 1), label, Origin.real("#" + s.size())));
    }
    return new Dataset(List.of("big", "mid", "small"), s);
  }

  private static long count(List<Sample> s, int label) {
    return s.stream().filter(x -> x.label() == label).count();
  }

  private static List<Integer> positions(Dataset d) {
    return d.samples().stream().map(s -> Integer.parseInt(s.origin().attributes().get("file").substring(1))).toList();
  }

  @Test
  void perClassPicksNOfEachInDatasetOrder() {
    Dataset d = uneven();
    Dataset sub = Subsets.perClass(d, 7, 5L);
    assertArrayEquals(new int[] {7, 7, 7}, sub.countByClass());
    List<Integer> pos = positions(sub);
    List<Integer> sorted = new ArrayList<>(pos);
    sorted.sort(null);
    assertEquals(sorted, pos);
    assertEquals(positions(sub), positions(Subsets.perClass(d, 7, 5L)));
    assertNotEquals(positions(sub), positions(Subsets.perClass(d, 7, 6L)));
    assertEquals(positions(d.filter(s -> s.label() == 2)), positions(Subsets.perClass(d, 10, 1L).filter(s -> s.label() == 2)));
  }

  @Test
  void perClassNamesAClassThatIsTooSmall() {
    SynthaugException e = assertThrows(SynthaugException.class, () -> Subsets.perClass(uneven(), 11, 1L));
    assertTrue(e.getMessage().startsWith("input dataset: class 'small' has 10 samples, fewer than the 11 per class"), e.getMessage());
  }

  @Test
  void perClassNamesTheSourceAndWhatAskedForIt() {
    InputException e = assertThrows(InputException.class,
        () -> Subsets.perClass(uneven(), 11, 1L, "test-images.gz", "$.test.perClass in exp.json"));
    assertEquals("test-images.gz", e.file());
    assertEquals("test-images.gz: class 'small' has 10 samples, fewer than the 11 per class asked for by"
        + " $.test.perClass in exp.json; ask for at most 10 per class or add images to that class", e.getMessage());
  }

  @Test
  void splitIsStratifiedDisjointAndComplete() {
    Dataset d = uneven();
    Dataset[] parts = Subsets.split(d, 0.3, 9L);
    assertArrayEquals(new int[] {9, 6, 3}, parts[0].countByClass());
    assertArrayEquals(new int[] {21, 14, 7}, parts[1].countByClass());
    Set<Integer> all = new HashSet<>(positions(parts[0]));
    all.addAll(positions(parts[1]));
    assertEquals(60, all.size());
    assertEquals(positions(parts[0]), positions(Subsets.split(d, 0.3, 9L)[0]));
    assertThrows(IllegalArgumentException.class, () -> Subsets.split(d, 1.0, 9L));
  }

  @Test
  void kFoldPartitionsEveryClass() {
    Dataset d = uneven();
    List<Dataset[]> folds = Subsets.kFold(d, 5, 3L);
    assertEquals(5, folds.size());
    Set<Integer> tested = new HashSet<>();
    for (Dataset[] f : folds) {
      assertArrayEquals(new int[] {6, 4, 2}, f[1].countByClass());
      assertEquals(60, f[0].size() + f[1].size());
      Set<Integer> train = new HashSet<>(positions(f[0]));
      for (int p : positions(f[1])) {
        assertTrue(!train.contains(p) && tested.add(p), "sample " + p + " in two test folds or in train and test");
      }
    }
    assertEquals(60, tested.size());
  }
}
