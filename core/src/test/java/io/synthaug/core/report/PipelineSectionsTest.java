package io.synthaug.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.synthaug.api.StageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSectionsTest {

  @TempDir
  Path dir;

  @Test
  void aMalformedGateFileIsTheStagesFailureWithTheParseReason() throws Exception {
    Path gate = Files.createDirectories(dir.resolve("fid-gate"));
    Files.writeString(gate.resolve("gate.json"), "{\"decision\": \"pass\",\n \"fid\": }");
    StageException e = assertThrows(StageException.class,
        () -> PipelineSections.stageArtifacts(new HtmlReport("t"), gate, "fid-gate", ""));
    assertTrue(e.getMessage().startsWith("stage 'fid-gate' wrote a gate.json that is not valid JSON at line 2, column"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Unexpected character ('}'"), e.getMessage());
    assertTrue(e.getMessage().contains("(" + gate.resolve("gate.json") + ")"), e.getMessage());
    assertEquals(StageException.EXIT_CODE, e.exitCode());
  }

  @Test
  void aMalformedQualityFileOfAGanStageNamesThatStage() throws Exception {
    Path gan = Files.createDirectories(dir.resolve("cgan"));
    Files.writeString(gan.resolve("losses.csv"), "step,d_loss,g_loss\n1,1.2,0.7\n2,1.1,0.8\n");
    Files.writeString(gan.resolve("quality.json"), "{\"labelAgreement\": {\"overall\": 0.9}");
    StageException e = assertThrows(StageException.class,
        () -> PipelineSections.stageArtifacts(new HtmlReport("t"), gan, "cgan", ""));
    assertTrue(e.getMessage().startsWith("stage 'cgan' wrote a quality.json that is not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
  }
  @Test
  void aMalformedLossesCsvNamesTheStageAndTheFile() throws Exception {
    Path gan = Files.createDirectories(dir.resolve("cgan"));
    Path csv = Files.writeString(gan.resolve("losses.csv"), "step,d_loss,g_loss\n1,\"1.2,0.7\n");
    StageException e = assertThrows(StageException.class,
        () -> PipelineSections.stageArtifacts(new HtmlReport("t"), gan, "cgan", ""));
    assertTrue(e.getMessage().startsWith("stage 'cgan' wrote a losses.csv that is not valid CSV: "
        + "unterminated quoted field in CSV row 2"), e.getMessage());
    assertTrue(e.getMessage().contains("(" + csv + ")"), e.getMessage());
    assertEquals(StageException.EXIT_CODE, e.exitCode());
  }

  @Test
  void anUnreadableLossesChartNamesTheStageAndTheFile() throws Exception {
    // Root reads any file whatever its permissions; /proc/self/mem is a regular file whose first
    // bytes cannot be read by anyone.
    Path unreadable = Path.of("/proc/self/mem");
    assumeTrue(Files.isRegularFile(unreadable), "needs Linux /proc");
    Path gan = Files.createDirectories(dir.resolve("cgan"));
    Path png = Files.createSymbolicLink(gan.resolve("losses.png"), unreadable);
    StageException e = assertThrows(StageException.class,
        () -> PipelineSections.stageArtifacts(new HtmlReport("t"), gan, "cgan", ""));
    assertTrue(e.getMessage().startsWith("stage 'cgan' wrote a losses.png that cannot be read: "), e.getMessage());
    assertTrue(e.getMessage().contains("(" + png + ")"), e.getMessage());
  }
}
