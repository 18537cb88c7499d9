package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  @Test
  void sourcesReadRealFirstThenTheStagesInPipelineOrder() {
    Map<String, Integer> bySource = new TreeMap<>(Map.of("g", 50, "real", 200, "classic", 400));
    assertEquals("real 200, g 50, classic 400", RunCommand.sources(bySource, List.of("g", "gate", "classic")));
    assertEquals("real 3", RunCommand.sources(Map.of("real", 3), List.of()));
    // a source no stage id names (a third-party stage's own) comes last
    assertEquals("real 1, other 2", RunCommand.sources(Map.of("real", 1, "other", 2), List.of("g")));
  }
}
