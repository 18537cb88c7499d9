package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner run} end to end through the built distribution, on a small IDX dataset. */
class RunIT {

  @TempDir
  Path dir;

  private static final String SPEC = """
      {"seed": %d,
       "input": {"format": "idx", "images": "data/images.idx.gz", "labels": "data/labels.idx.gz"},
       "output": {"path": "%s"},
       "stages": [{"id": "aug", "type": "classic",
                   "params": {"copies": 2,
                              "ops": [{"rotate": {"degrees": 20, "p": 1.0}}, {"noise": {"std": 0.05, "p": 1.0}}]}}]}
      """;

  @BeforeEach
  void data() throws IOException {
    Dist.writeIdx(dir.resolve("data/images.idx.gz"), dir.resolve("data/labels.idx.gz"), 8, 12);
  }

  private Path spec(String name, long seed, String out) throws Exception {
    return Dist.write(dir.resolve(name), String.format(SPEC, seed, out));
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws Exception {
    Dist.Result a = Dist.runner(dir, "run", spec("a.json", 5, "out-a").toString());
    assertEquals(0, a.code(), a.all());
    Dist.Result b = Dist.runner(dir, "run", spec("b.json", 5, "out-b").toString(), "--threads", "1");
    assertEquals(0, b.code(), b.all());
    Dist.Result c = Dist.runner(dir, "run", spec("c.json", 6, "out-c").toString());
    assertEquals(0, c.code(), c.all());

    Map<String, String> ta = Dist.tree(dir.resolve("out-a"));
    Map<String, String> tb = Dist.tree(dir.resolve("out-b"));
    // run.json records the spec file name and thread count, report.html the spec file name;
    // everything else must match byte for byte
    assertTrue(ta.containsKey("report.html"));
    ta.remove("run.json");
    tb.remove("run.json");
    ta.remove("report.html");
    tb.remove("report.html");
    assertEquals(ta, tb, "same seed, same bytes, whatever the thread count");
    Map<String, String> tc = Dist.tree(dir.resolve("out-c"));
    tc.remove("run.json");
    tc.remove("report.html");
    assertEquals(ta.keySet(), tc.keySet());
    assertNotEquals(ta, tc, "another seed gives other images");

    assertEquals(24 * 3, ta.keySet().stream().filter(k -> k.endsWith(".png")).count());
    List<String> manifest = Files.readAllLines(dir.resolve("out-a/manifest.csv"));
    assertEquals("path,label,class,source,stage_type,seed,params,attributes", manifest.get(0));
    assertEquals(73, manifest.size());
    assertTrue(manifest.stream().anyMatch(l -> l.contains(",aug,classic,")), manifest.get(2));
    JsonNode run = Json.mapper().readTree(dir.resolve("out-a/run.json").toFile());
    assertEquals(5, run.get("seed").asInt());
    assertEquals(48, run.get("counts").get("bySource").get("aug").asInt());
    assertEquals(24, run.get("counts").get("bySource").get("real").asInt());
    assertEquals(2, run.get("inputFiles").size());
    assertTrue(run.get("plugins").toString().contains("classic"));
    assertEquals(2, run.get("resolvedSpec").get("stages").get(0).get("params").get("copies").asInt());
    assertNoLeftovers();
  }

  @Test
  void existingOutputNeedsForce() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/keep.txt"), "mine");
    Dist.Result r = Dist.runner(dir, "run", spec("s.json", 1, "out").toString());
    assertEquals(8, r.code(), r.all());
    assertTrue(r.err().contains("already exists") && r.err().contains("--force"), r.err());
    assertEquals("mine", Files.readString(dir.resolve("out/keep.txt")));

    // a folder no run wrote is the user's: even --force leaves it alone
    Dist.Result mine = Dist.runner(dir, "run", spec("s.json", 1, "out").toString(), "--force");
    assertEquals(8, mine.code(), mine.all());
    assertTrue(mine.err().contains("refusing to replace " + dir.resolve("out") + " with --force: it holds neither"
        + " run.json nor results.json, so no run wrote it"), mine.err());
    assertEquals("mine", Files.readString(dir.resolve("out/keep.txt")));
    Files.writeString(dir.resolve("notes.txt"), "also mine");
    Dist.Result file = Dist.runner(dir, "run", spec("s.json", 1, "notes.txt").toString(), "--force");
    assertEquals(8, file.code(), file.all());
    assertTrue(file.err().contains("it is a file, not a folder"), file.err());
    assertEquals("also mine", Files.readString(dir.resolve("notes.txt")));

    // an earlier run's output is replaced, whatever else was put into it
    Files.delete(dir.resolve("out/keep.txt"));
    Dist.Result intoEmpty = Dist.runner(dir, "run", spec("s.json", 1, "out").toString(), "--force");
    assertEquals(0, intoEmpty.code(), "an empty folder is replaced: " + intoEmpty.all());
    Files.writeString(dir.resolve("out/keep.txt"), "mine");
    Dist.Result forced = Dist.runner(dir, "run", spec("s.json", 1, "out").toString(), "--force");
    assertEquals(0, forced.code(), forced.all());
    assertFalse(Files.exists(dir.resolve("out/keep.txt")));
    assertTrue(Files.exists(dir.resolve("out/manifest.csv")));
    assertNoLeftovers();
  }

  @Test
  void aClassTheInputLacksStopsTheRunBeforeItsFirstStage() throws Exception {
    Path spec = Dist.write(dir.resolve("s.json"), String.format(SPEC, 1, "out").replace("]}}]}",
        "]}}, {\"id\": \"later\", \"type\": \"classic\", \"params\": {\"classes\": [\"zzz\"],"
            + " \"ops\": [{\"hflip\": {}}]}}]}"));
    Dist.Result r = Dist.runner(dir, "run", spec.toString());
    assertEquals(3, r.code(), r.all());
    assertTrue(r.err().contains("$.stages[1].params.classes: unknown class name [zzz]"), r.err());
    assertFalse(r.err().contains("[aug]"), "no stage ran: " + r.err());
    assertFalse(Files.exists(dir.resolve("out")));
    assertNoLeftovers();
  }

  @Test
  void resumeWithNothingToResumeIsABadCommandLine() throws Exception {
    Dist.Result r = Dist.runner(dir, "run", spec("s.json", 1, "out").toString(), "--resume");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("--resume was given but there is no interrupted run to resume (no "
        + dir.resolve(".out.checkpoints") + "): rerun without --resume"), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
    assertNoLeftovers();
  }

  @Test
  void missingInputFileNamesItAndWritesNothing() throws Exception {
    Path spec = Dist.write(dir.resolve("s.json"), String.format(SPEC, 1, "out").replace("data/images", "data/nope"));
    Dist.Result r = Dist.runner(dir, "run", spec.toString());
    assertEquals(4, r.code(), r.all());
    assertTrue(r.err().contains("nope.idx.gz"), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
    assertNoLeftovers();
  }

  @Test
  void badIdxInputIsAnInputError() throws Exception {
    Files.write(dir.resolve("data/images.idx.gz"), new byte[] {0, 0, 9, 3, 0, 0, 0, 1});
    Dist.Result r = Dist.runner(dir, "run", spec("s.json", 1, "out").toString());
    assertEquals(4, r.code(), r.all());
    assertTrue(r.err().contains("images.idx.gz"), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void imageFolderInputWithMixedSizesSaysWhatToDo() throws Exception {
    Path root = dir.resolve("folder");
    Files.createDirectories(root.resolve("cat"));
    Files.createDirectories(root.resolve("dog"));
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png", root.resolve("cat/a.png").toFile());
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(9, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png", root.resolve("dog/b.png").toFile());
    Path spec = Dist.write(dir.resolve("f.json"), """
        {"input": {"format": "imagefolder", "path": "folder"}, "output": {"path": "out"},
         "stages": [{"type": "classic", "params": {"ops": [{"hflip": {}}]}}]}
        """);
    Dist.Result r = Dist.runner(dir, "run", spec.toString());
    assertEquals(4, r.code(), r.all());
    assertTrue(r.err().contains("a.png") || r.err().contains("b.png"), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  private void assertNoLeftovers() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> hidden = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".out")).toList();
      assertEquals(List.of(), hidden, "no staging or checkpoint folders stay behind");
    }
  }
}
