package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void outsideATerminalItPrintsPlainLinesWithoutCarriageReturns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0);
    try (Progress.Task t = progress.start("train", 4, "step")) {
      t.status("loss 0.5");
      t.advance(1);
      t.advance(3);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), text);
    String[] lines = text.split("\n");
    assertEquals(3, lines.length, text);
    assertTrue(lines[0].startsWith("train  25% 1/4 step"), lines[0]);
    assertTrue(lines[2].startsWith("train 100% 4/4 step"), lines[2]);
    assertTrue(lines[2].endsWith("loss 0.5"), lines[2]);
  }

  @Test
  void stepsSkippedByAResumeCountTowardsTheTotalButNotTheRate() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3_600_000);
    try (Progress.Task t = progress.start("train", 1_000_000_000L, "step")) {
      t.skip(999_999_999L);
      t.advance(1);
    }
    String line = bytes.toString(StandardCharsets.UTF_8).trim();
    assertTrue(line.startsWith("train 100% 1000000000/1000000000 step ("), line);
    // one step ran: however fast, far from a billion a second
    double rate = Double.parseDouble(line.substring(line.indexOf('(') + 1, line.indexOf(" step/s")));
    assertTrue(rate < 1e8, line);
  }

  @Test
  void rateLimitsLinesInLogs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3_600_000);
    try (Progress.Task t = progress.start("write", 1000, "img")) {
      for (int i = 0; i < 1000; i++) {
        t.advance(1);
      }
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(1, lines.length, "only the final line within the interval");
    assertTrue(lines[0].startsWith("write 100% 1000/1000 img"), lines[0]);
  }

  @Test
  void onATerminalItRedrawsOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 0);
    try (Progress.Task t = progress.start("aug", 10, "img")) {
      t.advance(10);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\raug [========================] 100% 10/10 img"), text);
    assertTrue(text.endsWith("\n"));
  }
}
