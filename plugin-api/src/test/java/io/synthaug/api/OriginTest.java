package io.synthaug.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a copy names its parent: the convention the engine follows up chains of copies. */
class OriginTest {

  @Test
  void aCopyOfARealImageNamesItsFileAndNoSeed() {
    Map<String, String> a = Origin.real("digits/3/7.png").parentAttributes();
    assertEquals(Map.of(Origin.PARENT, "digits/3/7.png"), a);
  }

  @Test
  void aCopyOfAMadeImageNamesItsStageAndSeed() {
    Map<String, String> a = Origin.made("gan", -77L, Map.of("class", "3")).parentAttributes();
    assertEquals(Map.of(Origin.PARENT, "gan", Origin.PARENT_SEED, "-77"), a);
  }

  @Test
  void aMadeImageThatRecordsAFileIsNamedByTheFile() {
    // a stage that re-reads files (and says so) is traced to the file, like a real image
    Map<String, String> a = Origin.made("loader", 5L, Map.of(Origin.FILE, "x.png")).parentAttributes();
    assertEquals(Map.of(Origin.PARENT, "x.png", Origin.PARENT_SEED, "5"), a);
  }

  @Test
  void theMapIsNewAndModifiableForTheCopysOwnAttributes() {
    Origin o = Origin.made("gan", 1L, Map.of());
    Map<String, String> a = o.parentAttributes();
    a.put("copy", "0");
    assertTrue(o.parentAttributes().size() == 2 && a.size() == 3);
    assertEquals(Map.of(), o.attributes());
  }
}
