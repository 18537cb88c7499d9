package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.StageException;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.SpecReader;
import io.synthaug.core.testing.TestStages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {

  @TempDir
  Path dir;

  PluginHost host;
  PipelineRunner runner;

  @BeforeEach
  void setUp() {
    host = PluginHost.load(null, List.of(new TestStages.Brighten(), new TestStages.Fail()), List.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    runner = new PipelineRunner(host, new RunLog(quiet, false), new ConsoleProgress(quiet, false, 60_000));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      float[] px = new float[36];
      px[i % 36] = 0.5f;
      samples.add(new Sample(new Image(6, 6, 1, px), i % 2, Origin.real("x#" + i)));
    }
    IdxFormat.write(new Dataset(List.of("a", "b"), samples), dir.resolve("i.gz"), dir.resolve("l.gz"));
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private BoundPipeline spec(String stages) throws IOException {
    Path f = Files.writeString(dir.resolve("spec.json"), """
        {"seed": 4, "input": {"format": "idx", "images": "i.gz", "labels": "l.gz", "classes": ["a", "b"]},
         "output": {"path": "out"}, "stages": %s}""".formatted(stages));
    return new SpecReader(host).read(f);
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Hashes.sha256(p));
      }
    }
    return files;
  }

  @Test
  void resultDoesNotDependOnThreadCount() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2, \"copies\": 3}}]");
    RunResult one = runner.run(p, new RunOptions(dir.resolve("t1").toString(), false, false, null, 1));
    runner.run(p, new RunOptions(dir.resolve("t2").toString(), false, false, null, 2));
    assertEquals(80, one.samples());
    assertEquals(Map.of("real", 20, "brighten-0", 60), one.bySource());
    Map<String, String> a = tree(dir.resolve("t1"));
    Map<String, String> b = tree(dir.resolve("t2"));
    a.remove("run.json");
    b.remove("run.json");
    assertEquals(a, b);
    assertTrue(a.containsKey("report.html"), "the run writes its report, the same bytes for the same seed");
    String html = Files.readString(dir.resolve("t1/report.html"));
    assertTrue(html.contains("<th>class</th><th>real</th><th>made by brighten-0</th>"), html);
    assertTrue(html.contains("<td>brighten-0</td><td class=\"num\">30</td><td class=\"num\">30</td>"
        + "<td class=\"num\">60</td>"), html);
  }

  @Test
  void failingStageLeavesNoOutputButNamesTheStage() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}, {\"id\": \"x\", \"type\": \"fail\"}]");
    StageException e = assertThrows(StageException.class, () -> runner.run(p, RunOptions.defaults()));
    assertTrue(e.getMessage().startsWith("stage 'x' (type fail, plugin built-in): boom"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".out.staging")), "staging removed");
    }
  }

  @Test
  void checkpointsOfAnInterruptedRunNeedResume() throws IOException {
    BoundPipeline p = spec("[{\"type\": \"brighten\", \"params\": {\"amount\": 0.2}}]");
    Files.createDirectories(dir.resolve(".out.checkpoints/brighten-0"));
    SynthaugException e = assertThrows(SynthaugException.class, () -> runner.run(p, RunOptions.defaults()));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    runner.run(p, new RunOptions(null, false, true, null, null));
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")), "a successful run removes its checkpoints");
    SynthaugException noCheckpoint = assertThrows(SynthaugException.class,
        () -> runner.run(p, new RunOptions(dir.resolve("o2").toString(), false, true, null, null)));
    assertTrue(noCheckpoint.getMessage().contains("no interrupted run"), noCheckpoint.getMessage());
  }

  @Test
  void existingOutputIsKeptWithoutForce() throws IOException {
    BoundPipeline p = spec("[]");
    Files.createDirectories(dir.resolve("out"));
    assertThrows(OutputExistsException.class, () -> runner.run(p, RunOptions.defaults()));
    RunResult r = runner.run(p, new RunOptions(null, true, false, null, null));
    assertEquals(20, r.samples());
    assertTrue(Files.exists(dir.resolve("out/manifest.csv")));
  }
}
