package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {

  @TempDir
  Path dir;

  private static final Map<String, StageRecord> STAGES = Map.of(
      "flip1", new StageRecord("flip", "{\"p\":0.5,\"axes\":\"h,v\"}"),
      "gan", new StageRecord("cgan", "{\"z\":64}"));

  /** Real, flipped and generated samples of two classes. */
  private static Dataset mixed() {
    List<Sample> s = new ArrayList<>();
    s.add(new Sample(TestImages.pattern(3, 4, 3, 0), 0, Origin.real("cat/a.png")));
    s.add(new Sample(TestImages.pattern(3, 4, 3, 1), 1, Origin.real("dog/b.png")));
    s.add(new Sample(TestImages.pattern(3, 4, 3, 2), 0, Origin.made("flip1", 42L, Map.of("parent", "0", "axis", "h"))));
    s.add(new Sample(TestImages.pattern(3, 4, 3, 3), 1, Origin.made("gan", -7L, Map.of("note", "say \"hi\", ok"))));
    return new Dataset(List.of("cat", "dog"), s);
  }

  @Test
  void writesImagesAndManifest() throws IOException {
    Dataset d = mixed();
    Path out = dir.resolve("out");
    DatasetWriter.write(d, out, STAGES, 2);
    List<List<String>> rows = Csv.parse(Files.readString(out.resolve("manifest.csv"), StandardCharsets.UTF_8));
    assertEquals(List.of("path", "label", "class", "source", "stage_type", "seed", "params", "attributes"), rows.get(0));
    assertEquals(5, rows.size());
    assertEquals(List.of("images/cat/000000.png", "0", "cat", "real", "", "0", "", "{\"file\":\"cat/a.png\"}"), rows.get(1));
    assertEquals(List.of("images/dog/000001.png", "1", "dog", "real", "", "0", "", "{\"file\":\"dog/b.png\"}"), rows.get(2));
    assertEquals(List.of("images/cat/000002.png", "0", "cat", "flip1", "flip", "42", "{\"p\":0.5,\"axes\":\"h,v\"}",
        "{\"axis\":\"h\",\"parent\":\"0\"}"), rows.get(3));
    assertEquals(List.of("images/dog/000003.png", "1", "dog", "gan", "cgan", "-7", "{\"z\":64}",
        "{\"note\":\"say \\\"hi\\\", ok\"}"), rows.get(4));
    String raw = Files.readString(out.resolve("manifest.csv"));
    assertTrue(raw.contains(",\"{\"\"p\"\":0.5,\"\"axes\"\":\"\"h,v\"\"}\","), raw);
    for (int i = 0; i < d.size(); i++) {
      assertEquals(d.samples().get(i).image(), PngCodec.read(out.resolve(rows.get(i + 1).get(0))));
    }
  }

  @Test
  void outputBytesDoNotDependOnThreadCount() throws IOException {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      s.add(new Sample(TestImages.pattern(8, 8, 3, i), i % 3, Origin.made("gan", i, Map.of("i", "" + i))));
    }
    Dataset d = new Dataset(List.of("a", "b", "c"), s);
    DatasetWriter.write(d, dir.resolve("one"), STAGES, 1);
    DatasetWriter.write(d, dir.resolve("two"), STAGES, 2);
    List<Path> one = files(dir.resolve("one"));
    List<Path> two = files(dir.resolve("two"));
    assertEquals(one, two);
    assertEquals(41, one.size());
    for (Path rel : one) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(rel)), Files.readAllBytes(dir.resolve("two").resolve(rel)),
          rel.toString());
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void outputReadsBackAsAnImageFolder() {
    Dataset d = mixed();
    Path out = dir.resolve("out");
    DatasetWriter.write(d, out, STAGES, 2);
    Dataset back = ImageFolderFormat.read(out.resolve("images"));
    assertEquals(d.classNames(), back.classNames());
    assertEquals(List.of(d.samples().get(0).image(), d.samples().get(2).image(), d.samples().get(1).image(),
        d.samples().get(3).image()), back.samples().stream().map(Sample::image).toList());
  }

  @Test
  void indexWidthGrowsPastAMillion() {
    List<Sample> one = List.of(new Sample(Image.blank(1, 1, 1), 0, Origin.real("x")));
    Dataset small = new Dataset(List.of("k"), one);
    assertEquals("images/k/000000.png", DatasetWriter.relativePath(small, 0));
    Dataset big = new Dataset(List.of("k"), java.util.Collections.nCopies(1_000_001, one.get(0)));
    assertEquals("images/k/1000000.png", DatasetWriter.relativePath(big, 1_000_000));
    assertEquals("images/k/0000007.png", DatasetWriter.relativePath(big, 7));
  }

  @Test
  void missingStageRecordIsNamed() {
    Dataset d = mixed();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetWriter.write(d, dir.resolve("o"), Map.of("flip1", STAGES.get("flip1")), 1));
    assertTrue(e.getMessage().contains("sample 3 was made by stage 'gan' but no StageRecord"), e.getMessage());
  }

  @Test
  void refusesToMixWithEarlierOutput() throws IOException {
    Files.createDirectories(dir.resolve("o/images"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetWriter.write(mixed(), dir.resolve("o"), STAGES, 1));
    assertTrue(e.getMessage().contains("already holds images/"), e.getMessage());
  }

  @Test
  void rejectsClassNamesThatAreNotFolderNames() {
    for (String bad : List.of("a/b", "..", "", ".hidden")) {
      Dataset d = new Dataset(List.of("ok", bad), List.of(new Sample(Image.blank(1, 1, 1), 1, Origin.real("x"))));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DatasetWriter.write(d, dir.resolve("o"), Map.of(), 1));
      assertTrue(e.getMessage().contains("class name '" + bad + "' cannot be used as a folder name"), e.getMessage());
    }
    Dataset cased = new Dataset(List.of("Cat", "cat"), List.of(new Sample(Image.blank(1, 1, 1), 1, Origin.real("x"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetWriter.write(cased, dir.resolve("o"), Map.of(), 1));
    assertTrue(e.getMessage().contains("differ only in letter case"), e.getMessage());
    Dataset twice = new Dataset(List.of("cat", "cat"), List.of(new Sample(Image.blank(1, 1, 1), 1, Origin.real("x"))));
    e = assertThrows(IllegalArgumentException.class, () -> DatasetWriter.write(twice, dir.resolve("o"), Map.of(), 1));
    assertEquals("class name 'cat' is given twice (classes 0 and 1); each class needs its own name", e.getMessage());
  }

  @Test
  void writeIdxWritesGzippedMnistFiles() {
    Dataset d = TestImages.dataset(2, 3, 5, 5, 1);
    DatasetWriter.writeIdx(d, dir.resolve("idx"));
    Dataset back = IdxFormat.read(dir.resolve("idx/train-images-idx3-ubyte.gz"), dir.resolve("idx/train-labels-idx1-ubyte.gz"),
        d.classNames());
    assertEquals(d.samples().stream().map(Sample::image).toList(), back.samples().stream().map(Sample::image).toList());
  }

  @Test
  void aClassWithoutImagesReadsBackAsAnEmptyClass() {
    Dataset d = new Dataset(List.of("cat", "dog", "dropped"), List.of(
        new Sample(TestImages.pattern(3, 4, 1, 0), 0, Origin.real("a")),
        new Sample(TestImages.pattern(3, 4, 1, 1), 1, Origin.real("b"))));
    Path out = dir.resolve("out");
    DatasetWriter.write(d, out, Map.of(), 1);
    assertTrue(Files.isDirectory(out.resolve("images/dropped")));
    Dataset back = ImageFolderFormat.read(out.resolve("images"));
    assertEquals(d.classNames(), back.classNames());
    assertEquals(List.of(0, 1), back.samples().stream().map(Sample::label).toList());
    // a copy of the images without the manifest beside it is a plain input: an empty class is refused there
    Path copy = dir.resolve("copy").resolve("images");
    assertTrue(new java.io.File(copy.resolve("dropped").toString()).mkdirs());
    assertTrue(new java.io.File(copy.resolve("cat").toString()).mkdirs());
    PngCodec.write(TestImages.pattern(3, 4, 1, 0), copy.resolve("cat/0.png"));
    io.synthaug.api.InputException e = assertThrows(io.synthaug.api.InputException.class,
        () -> ImageFolderFormat.read(copy));
    assertTrue(e.getMessage().contains("class folder 'dropped' has no images"), e.getMessage());
  }

  @Test
  void classNamesThePathEncodingCannotStoreAreRefused() {
    List<String> names = List.of("b", "\u00e4 b");
    String problem = DatasetWriter.classNameProblem(names, 1, java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(problem.contains("class name '\u00e4 b' cannot be a file or folder name here")
        && problem.contains("US-ASCII") && problem.contains("LANG=C.UTF-8") && problem.contains("rename the class"),
        problem);
    assertEquals(null, DatasetWriter.classNameProblem(names, 1, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(null, DatasetWriter.classNameProblem(names, 0, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aClassFolderThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
    Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the output folder should be");
    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> DatasetWriter.write(mixed(), blocked, STAGES, 1));
    assertTrue(e.getMessage().startsWith("cannot create the class folder " + blocked.resolve("images/cat") + ": "),
        e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }
}
