package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.ParamException;
import io.synthaug.core.spec.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's parameters: defaults, the one-threshold rule and the errors that name the field. */
class FidGateParamsTest {

  private static FidGateParams bind(String json) throws Exception {
    return Json.mapper().readValue(json, FidGateParams.class);
  }

  private static ParamException fails(String json) {
    Exception e = assertThrows(Exception.class, () -> bind(json));
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ParamException p) {
        return p;
      }
    }
    throw new AssertionError("no ParamException in " + e);
  }

  @Test
  void defaults() throws Exception {
    FidGateParams p = bind("{\"maxRatio\": 2}");
    assertEquals("classifier", p.extractor());
    assertEquals(Map.of(), p.extractorParams());
    assertEquals(List.of(), p.stages());
    assertEquals(GateAction.FAIL, p.action());
    assertEquals(Fallback.KID, p.fallback());
    assertEquals(50, p.kidSubsets());
    assertEquals(0.5, p.trainShare());
    assertEquals(2.0, p.effectiveKidRatio());
    assertEquals(GateAction.DROP_CLASS, bind("{\"maxFid\": 9, \"action\": \"drop-class\"}").action());
    assertEquals(FidGateParams.DEFAULT_KID_RATIO, bind("{\"maxFid\": 9}").effectiveKidRatio());
    assertEquals(4.0, bind("{\"maxRatio\": 3, \"kidRatio\": 4}").effectiveKidRatio());
  }

  @Test
  void exactlyOneThreshold() {
    ParamException none = fails("{}");
    assertEquals("maxRatio", none.field());
    assertTrue(none.problem().contains("give maxRatio"), none.problem());
    ParamException both = fails("{\"maxRatio\": 2, \"maxFid\": 10}");
    assertTrue(both.problem().contains("not both; got maxFid 10.0 and maxRatio 2.0"), both.problem());
  }

  @Test
  void badValuesNameTheirField() {
    assertEquals("maxFid", fails("{\"maxFid\": -1}").field());
    assertEquals("maxRatio", fails("{\"maxRatio\": 0}").field());
    assertEquals("kidRatio", fails("{\"maxRatio\": 2, \"kidRatio\": 0}").field());
    assertEquals("kidSubsets", fails("{\"maxRatio\": 2, \"kidSubsets\": 0}").field());
    assertEquals("kidSubsets", fails("{\"maxRatio\": 2, \"kidSubsets\": 1}").field(), "one subset has no spread");
    assertEquals("trainShare", fails("{\"maxRatio\": 2, \"trainShare\": 1}").field());
    assertEquals("extractor", fails("{\"maxRatio\": 2, \"extractor\": \"Inception V3\"}").field());
    ParamException twice = fails("{\"maxRatio\": 2, \"stages\": [\"gan\", \"gan\"]}");
    assertEquals("stages: lists stage 'gan' twice", twice.getMessage());
  }
}
