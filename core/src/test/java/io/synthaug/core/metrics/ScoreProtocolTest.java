package io.synthaug.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthaug.api.ParamException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreProtocolTest {

  private static final String SHA = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

  private static ScoreProtocol base() {
    return new ScoreProtocol("mnist-cnn", SHA, 28, 28, "none", 5000, 5000, "mnist-test", 1);
  }

  @Test
  void scoresDifferingOnlyInSeedAreComparable() {
    ScoreProtocol other = new ScoreProtocol("mnist-cnn", SHA.toUpperCase(), 28, 28, "none", 5000, 5000, "mnist-test", 99);
    assertTrue(base().comparableWith(other));
    assertEquals(List.of(), base().differences(other));
    assertEquals(SHA, other.extractorSha256());
  }

  @Test
  void everyOtherFieldMustAgree() {
    ScoreProtocol p = base();
    List<ScoreProtocol> changed = List.of(
        new ScoreProtocol("other-cnn", SHA, 28, 28, "none", 5000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA.replace('3', '4'), 28, 28, "none", 5000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 32, 28, "none", 5000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 28, 32, "none", 5000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 28, 28, "bilinear", 5000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 28, 28, "none", 1000, 5000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 28, 28, "none", 5000, 1000, "mnist-test", 1),
        new ScoreProtocol("mnist-cnn", SHA, 28, 28, "none", 5000, 5000, "mnist-train", 1));
    for (ScoreProtocol q : changed) {
      assertFalse(p.comparableWith(q), q.toString());
      assertFalse(q.comparableWith(p), q.toString());
      assertEquals(1, p.differences(q).size(), q.toString());
    }
    assertEquals(List.of("candidateSamples: 5000 vs 1000"), p.differences(changed.get(6)));
    assertEquals(List.of("resize: none vs bilinear"), p.differences(changed.get(4)));
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(base());
    assertEquals("{\"extractor\":\"mnist-cnn\",\"extractorSha256\":\"" + SHA + "\",\"inputHeight\":28,\"inputWidth\":28,"
        + "\"resize\":\"none\",\"referenceSamples\":5000,\"candidateSamples\":5000,\"referenceSplit\":\"mnist-test\","
        + "\"seed\":1}", text);
    assertEquals(base(), json.readValue(text, ScoreProtocol.class));
  }

  @Test
  void badFieldsAreNamedWithTheirValues() {
    ParamException e = assertThrows(ParamException.class,
        () -> new ScoreProtocol("mnist-cnn", "abc", 28, 28, "none", 5000, 5000, "mnist-test", 1));
    assertEquals("extractorSha256", e.field());
    assertEquals("'abc' is not a SHA-256 (64 hex digits)", e.problem());
    e = assertThrows(ParamException.class, () -> new ScoreProtocol(" ", SHA, 28, 28, "none", 5000, 5000, "mnist-test", 1));
    assertEquals("extractor: must be a non-empty string, got ' '", e.getMessage());
    e = assertThrows(ParamException.class, () -> new ScoreProtocol("x", SHA, 28, 0, "none", 5000, 5000, "mnist-test", 1));
    assertEquals("inputWidth: must be at least 1, got 0", e.getMessage());
    e = assertThrows(ParamException.class, () -> new ScoreProtocol("x", SHA, 28, 28, "none", 5000, 5000, null, 1));
    assertEquals("referenceSplit: must be a non-empty string, got null", e.getMessage());
  }
}
