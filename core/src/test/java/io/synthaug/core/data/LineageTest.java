package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Following copies of copies back to their source by the parent attributes they record. */
class LineageTest {

  private static Sample sample(Origin o) {
    return new Sample(Image.blank(1, 1, 1), 0, o);
  }

  private static Origin copyOf(String stage, long seed, Origin parent) {
    return Origin.made(stage, seed, parent.parentAttributes());
  }

  @Test
  void aChainOfCopiesLeadsBackToTheGanImage() {
    Origin real = Origin.real("digits/0.png");
    Origin gan = Origin.made("gan", 11, Map.of());
    Origin classic = copyOf("classic", 21, gan);
    Origin elastic = copyOf("elastic", 31, classic);
    Origin classicOfReal = copyOf("classic", 22, real);
    Origin elasticOfReal = copyOf("elastic", 32, classicOfReal);
    Dataset d = new Dataset(List.of("zero"), List.of(sample(real), sample(gan), sample(classic), sample(elastic),
        sample(classicOfReal), sample(elasticOfReal)));
    Lineage lineage = Lineage.of(d);

    assertEquals(List.of("classic", "gan"), lineage.parentStages(elastic));
    assertEquals(List.of("gan"), lineage.parentStages(classic));
    assertSame(classic, lineage.parentOf(elastic));
    assertSame(gan, lineage.parentOf(classic));
    assertEquals(List.of("classic"), lineage.parentStages(elasticOfReal));
    assertEquals(List.of(), lineage.parentStages(classicOfReal), "a copy of a real image names a file");
    assertEquals(List.of(), lineage.parentStages(gan));
    assertEquals(List.of(), lineage.parentStages(real));
    assertFalse(lineage.hasParentStage(classicOfReal));
    assertNull(lineage.parentOf(classicOfReal));
  }

  @Test
  void onlyTheGivenStagesCountAsParents() {
    Origin gan = Origin.made("gan", 11, Map.of());
    Origin classic = copyOf("classic", 21, gan);
    Dataset d = new Dataset(List.of("zero"), List.of(sample(gan), sample(classic)));
    assertEquals(List.of("gan"), new Lineage(d, Set.of("gan", "classic")).parentStages(classic));
    assertEquals(List.of(), new Lineage(d, Set.of("classic")).parentStages(classic));
  }

  @Test
  void anAmbiguousParentStopsTheWalkAfterNamingItsStage() {
    Origin gan = Origin.made("gan", 11, Map.of());
    Origin classicA = copyOf("classic", 21, gan);
    Origin classicB = Origin.made("classic", 21, Map.of(Origin.PARENT, "other", Origin.PARENT_SEED, "1"));
    Origin elastic = copyOf("elastic", 31, classicA);
    Dataset d = new Dataset(List.of("zero"),
        List.of(sample(gan), sample(classicA), sample(classicB), sample(elastic)));
    Lineage lineage = Lineage.of(d);
    assertNull(lineage.parentOf(elastic), "two classic samples with seed 21");
    assertEquals(List.of("classic"), lineage.parentStages(elastic));
  }

  @Test
  void aSampleListedTwiceIsNotAnAmbiguousParent() {
    Origin gan = Origin.made("gan", 11, Map.of());
    Origin classic = copyOf("classic", 21, gan);
    Origin elastic = copyOf("elastic", 31, classic);
    Dataset d = new Dataset(List.of("zero"), List.of(sample(gan), sample(classic), sample(classic), sample(elastic)));
    assertEquals(List.of("classic", "gan"), Lineage.of(d).parentStages(elastic));
  }

  @Test
  void aLoopingChainEnds() {
    Origin a = Origin.made("a", 1, Map.of(Origin.PARENT, "b", Origin.PARENT_SEED, "2"));
    Origin b = Origin.made("b", 2, Map.of(Origin.PARENT, "a", Origin.PARENT_SEED, "1"));
    Lineage lineage = Lineage.of(new Dataset(List.of("zero"), List.of(sample(a), sample(b))));
    List<String> stages = lineage.parentStages(a);
    assertTrue(stages.size() <= lineage.maxSteps(), stages.toString());
    assertEquals(List.of("b", "a", "b"), stages);
  }

  @Test
  void aMalformedSeedEndsTheChain() {
    Origin gan = Origin.made("gan", 11, Map.of());
    Origin classic = Origin.made("classic", 21, Map.of(Origin.PARENT, "gan", Origin.PARENT_SEED, "x"));
    List<Sample> s = new ArrayList<>(List.of(sample(gan), sample(classic)));
    Lineage lineage = Lineage.of(new Dataset(List.of("zero"), s));
    assertNull(lineage.parentOf(classic));
    assertEquals(List.of("gan"), lineage.parentStages(classic));
  }
}
