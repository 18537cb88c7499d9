package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {

  @TempDir
  Path dir;

  /** Raw IDX bytes: the given header ints followed by {@code body}. */
  private static byte[] idx(byte[] body, int... header) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int h : header) {
        out.writeInt(h);
      }
      out.write(body);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** Three 2x2 images and labels 2, 0, 1. */
  private Path[] small() throws IOException {
    byte[] pixels = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 255, (byte) 128, 10, 20};
    return new Path[] {
        file("imgs", idx(pixels, 0x803, 3, 2, 2)),
        file("lbls", idx(new byte[] {2, 0, 1}, 0x801, 3))};
  }

  @Test
  void readsRawFilesWithValuesOriginsAndNumberedClasses() throws IOException {
    Path[] f = small();
    Dataset d = IdxFormat.read(f[0], f[1], null);
    assertEquals(List.of("0", "1", "2"), d.classNames());
    assertEquals(3, d.size());
    assertEquals(2, d.samples().get(0).label());
    Image third = d.samples().get(2).image();
    assertEquals("2x2x1", third.shape());
    assertArrayEquals(new float[] {1f, 128 / 255f, 10 / 255f, 20 / 255f}, third.pixels());
    assertEquals(Origin.real("imgs#2"), d.samples().get(2).origin());
  }

  @Test
  void detectsGzipByMagicBytesNotName() throws IOException {
    Path[] f = small();
    Path gzImages = file("images-no-extension", gzip(Files.readAllBytes(f[0])));
    Path rawNamedGz = file("labels.gz", Files.readAllBytes(f[1]));
    assertEquals(IdxFormat.read(f[0], f[1], null).samples().stream().map(Sample::image).toList(),
        IdxFormat.read(gzImages, rawNamedGz, null).samples().stream().map(Sample::image).toList());
  }

  @Test
  void roundTripRawAndGzip() {
    Dataset d = TestImages.dataset(3, 4, 5, 6, 1);
    for (String suffix : new String[] {"", ".gz"}) {
      Path imgs = dir.resolve("rt-images" + suffix);
      Path lbls = dir.resolve("rt-labels" + suffix);
      IdxFormat.write(d, imgs, lbls);
      Dataset back = IdxFormat.read(imgs, lbls, d.classNames());
      assertEquals(d.classNames(), back.classNames());
      for (int i = 0; i < d.size(); i++) {
        assertEquals(d.samples().get(i).image(), back.samples().get(i).image());
        assertEquals(d.samples().get(i).label(), back.samples().get(i).label());
      }
    }
  }

  @Test
  void gzipOutputHasNoTimestampAndIsDeterministic() throws IOException {
    Dataset d = TestImages.dataset(2, 3, 4, 4, 1);
    IdxFormat.write(d, dir.resolve("a-images.gz"), dir.resolve("a-labels.gz"));
    IdxFormat.write(d, dir.resolve("b-images.GZ"), dir.resolve("b-labels.gz"));
    byte[] a = Files.readAllBytes(dir.resolve("a-images.gz"));
    assertEquals(0x1f, a[0] & 0xFF);
    assertEquals(0x8b, a[1] & 0xFF);
    assertArrayEquals(new byte[4], Arrays.copyOfRange(a, 4, 8), "gzip MTIME field must be zero");
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("b-images.GZ")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a-labels.gz")), Files.readAllBytes(dir.resolve("b-labels.gz")));
  }

  @Test
  void rawOutputMatchesTheFormat() throws IOException {
    Dataset d = new Dataset(List.of("a", "b"), List.of(
        new Sample(new Image(1, 2, 1, new float[] {0f, 1f}), 1, Origin.real("x")),
        new Sample(new Image(1, 2, 1, new float[] {0.5f, 0.2f}), 0, Origin.real("y"))));
    IdxFormat.write(d, dir.resolve("i"), dir.resolve("l"));
    assertArrayEquals(idx(new byte[] {0, (byte) 255, (byte) 128, 51}, 0x803, 2, 1, 2), Files.readAllBytes(dir.resolve("i")));
    assertArrayEquals(idx(new byte[] {1, 0}, 0x801, 2), Files.readAllBytes(dir.resolve("l")));
  }

  @Test
  void wrongMagicNamesExpectedAndFound() throws IOException {
    Path[] f = small();
    Path bogus = file("bogus", idx(new byte[12], 0x12345678, 3, 2, 2));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(bogus, f[1], null));
    assertEquals(bogus.toString(), e.file());
    assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("found 0x12345678"), e.getMessage());
    assertTrue(e.getMessage().contains("not an IDX images file"), e.getMessage());
  }

  @Test
  void swappedFilesAreRecognised() throws IOException {
    Path[] f = small();
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(f[1], f[0], null));
    assertEquals(f[1].toString(), e.file());
    assertTrue(e.getMessage().contains("swapped"), e.getMessage());
  }

  @Test
  void otherElementTypesAreRejectedWithAHint() throws IOException {
    Path floats = file("floats", idx(new byte[48], 0x00000D03, 3, 2, 2));
    Path[] f = small();
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(floats, f[1], null));
    assertTrue(e.getMessage().contains("type 0xd") && e.getMessage().contains("unsigned bytes"), e.getMessage());
  }

  @Test
  void truncatedImagesSayHowManyBytesAreMissing() throws IOException {
    Path[] f = small();
    Path cut = file("cut", idx(new byte[10], 0x803, 3, 2, 2));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(cut, f[1], null));
    assertEquals(cut.toString(), e.file());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("needs 12 data bytes, but only 10 are present"), e.getMessage());
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    Path[] f = small();
    byte[] gz = gzip(Files.readAllBytes(f[0]));
    Path cut = file("cut.gz", Arrays.copyOf(gz, gz.length - 12));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(cut, f[1], null));
    assertEquals(cut.toString(), e.file());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path[] f = small();
    Path cut = file("short", Arrays.copyOf(Files.readAllBytes(f[0]), 9));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(cut, f[1], null));
    assertTrue(e.getMessage().contains("header ends before the row count"), e.getMessage());
  }

  @Test
  void excessDataIsReported() throws IOException {
    Path[] f = small();
    Path big = file("big", idx(new byte[13], 0x803, 3, 2, 2));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(big, f[1], null));
    assertTrue(e.getMessage().contains("(12 data bytes) but 13 are present"), e.getMessage());
  }

  @Test
  void labelCountMismatchNamesBothCounts() throws IOException {
    Path[] f = small();
    Path four = file("four", idx(new byte[] {0, 1, 1, 0}, 0x801, 4));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(f[0], four, null));
    assertEquals(four.toString(), e.file());
    assertTrue(e.getMessage().contains("holds 4 labels but " + f[0] + " holds 3 images"), e.getMessage());
  }

  @Test
  void labelBeyondClassNamesIsReported() throws IOException {
    Path[] f = small();
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(f[0], f[1], List.of("a", "b")));
    assertEquals(f[1].toString(), e.file());
    assertTrue(e.getMessage().contains("label 0 is 2 but only 2 class names were given [a, b]"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path[] f = small();
    Path missing = dir.resolve("missing-labels");
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(f[0], missing, null));
    assertEquals(missing.toString(), e.file());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void writeRejectsRgbAndMixedShapes() {
    Dataset rgb = TestImages.dataset(2, 1, 3, 3, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxFormat.write(rgb, dir.resolve("x"), dir.resolve("y")));
    assertTrue(e.getMessage().contains("one grayscale channel but sample 0 is 3x3x3"), e.getMessage());
    Dataset mixed = new Dataset(List.of("a"), List.of(
        new Sample(Image.blank(3, 3, 1), 0, Origin.real("p")),
        new Sample(Image.blank(4, 3, 1), 0, Origin.real("q"))));
    e = assertThrows(IllegalArgumentException.class, () -> IdxFormat.write(mixed, dir.resolve("x"), dir.resolve("y")));
    assertTrue(e.getMessage().contains("sample 0 is 3x3x1 and sample 1 is 4x3x1"), e.getMessage());
  }
  @Test
  void anImpossibleAnnouncedSizeIsRefusedBeforeAnyDataIsRead() throws IOException {
    Path[] f = small();
    Path huge = file("huge", idx(new byte[12], 0x803, 60000, 16000, 16000));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(huge, f[1], null));
    assertEquals(huge.toString(), e.file());
    assertTrue(e.getMessage().contains("announces 60000 images of 16000x16000, which needs 15360000000000 data bytes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("more than the 2147483639 one IDX file may hold"), e.getMessage());
    Path labels = file("many-labels", idx(new byte[3], 0x801, Integer.MAX_VALUE));
    e = assertThrows(InputException.class, () -> IdxFormat.read(f[0], labels, null));
    assertEquals(labels.toString(), e.file());
    assertTrue(e.getMessage().contains("2147483647 labels, which needs 2147483647 data bytes, more than"), e.getMessage());
  }

  @Test
  void aGzipBombIsCountedNotLoaded() throws IOException {
    Path[] f = small();
    // The header and data of small()'s images, then 2.25 GiB of zeros as 36 further gzip members of
    // 64 MiB each, which GZIPInputStream reads as one stream: more than any byte array can hold.
    byte[] zeros;
    try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(new byte[64 << 20]);
      out.finish();
      zeros = bytes.toByteArray();
    }
    Path bomb = dir.resolve("bomb.gz");
    try (java.io.OutputStream out = Files.newOutputStream(bomb)) {
      out.write(gzip(Files.readAllBytes(f[0])));
      for (int i = 0; i < 36; i++) {
        out.write(zeros);
      }
    }
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(bomb, f[1], null));
    assertEquals(bomb.toString(), e.file());
    assertTrue(e.getMessage().contains("(12 data bytes) but " + (12 + 36L * (64 << 20)) + " are present"), e.getMessage());
  }

  @Test
  void shortGzipDataIsTruncated() throws IOException {
    Path[] f = small();
    Path cut = file("cut-data.gz", gzip(idx(new byte[5], 0x803, 3, 2, 2)));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(cut, f[1], null));
    assertTrue(e.getMessage().contains("needs 12 data bytes, but only 5 are present"), e.getMessage());
  }

  @Test
  void bytesAfterTheGzipDataAreReported() throws IOException {
    Path[] f = small();
    byte[] gz = gzip(Files.readAllBytes(f[0]));
    byte[] junk = Arrays.copyOf(gz, gz.length + 8);
    Arrays.fill(junk, gz.length, junk.length, (byte) 7);
    Path img = file("junk.gz", junk);
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(img, f[1], null));
    assertEquals(img.toString(), e.file());
    assertTrue(e.problem().contains("8 bytes follow the end of the gzip data"), e.getMessage());
    // one stray byte, and a single 0x1f that only looks like the start of a member, too
    for (byte[] tail : List.of(new byte[] {0}, new byte[] {0x1f})) {
      byte[] one = Arrays.copyOf(gz, gz.length + 1);
      one[gz.length] = tail[0];
      Path p = file("one.gz", one);
      InputException e1 = assertThrows(InputException.class, () -> IdxFormat.read(p, f[1], null));
      assertTrue(e1.problem().contains("1 bytes follow"), e1.getMessage());
    }
  }

  @Test
  void concatenatedGzipMembersAreOneFile() throws IOException {
    Path[] f = small();
    byte[] raw = Files.readAllBytes(f[0]);
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(gzip(Arrays.copyOf(raw, 10)));
    two.write(gzip(Arrays.copyOfRange(raw, 10, raw.length)));
    Path img = file("two.gz", two.toByteArray());
    Dataset one = IdxFormat.read(f[0], f[1], null);
    Dataset both = IdxFormat.read(img, f[1], null);
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.samples().get(i).image(), both.samples().get(i).image());
    }
  }

  @Test
  void aDamagedGzipChecksumIsReported() throws IOException {
    Path[] f = small();
    byte[] gz = gzip(Files.readAllBytes(f[0]));
    gz[gz.length - 8] ^= 1; // the CRC-32 after the data
    Path img = file("crc.gz", gz);
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(img, f[1], null));
    assertTrue(e.problem().contains("cannot be decompressed") && e.problem().contains("CRC-32"), e.getMessage());
  }

  @Test
  void imagesWiderThanTheLimitAreRefusedNamingTheFile() throws IOException {
    Path img = file("wide", idx(new byte[PngCodec.MAX_SIDE + 1], 0x803, 1, 1, PngCodec.MAX_SIDE + 1));
    Path lbl = file("l", idx(new byte[] {0}, 0x801, 1));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(img, lbl, null));
    assertEquals(img.toString(), e.file());
    assertTrue(e.problem().contains("1x16385 pixels") && e.problem().contains("16384"), e.getMessage());
    Path ok = file("edge", idx(new byte[PngCodec.MAX_SIDE], 0x803, 1, 1, PngCodec.MAX_SIDE));
    assertEquals(PngCodec.MAX_SIDE, IdxFormat.read(ok, lbl, null).samples().get(0).image().width());
  }

  @Test
  void classesWithoutImagesAreRefusedNamingThem() throws IOException {
    Path img = file("i", idx(new byte[2], 0x803, 2, 1, 1));
    Path gaps = file("gaps", idx(new byte[] {3, 7}, 0x801, 2));
    InputException e = assertThrows(InputException.class, () -> IdxFormat.read(img, gaps, null));
    assertEquals(gaps.toString(), e.file());
    assertTrue(e.problem().contains("8 classes") && e.problem().contains("classes 0, 1, 2, 4, 5, 6 have no images")
        && e.problem().contains("\"classes\""), e.getMessage());
    Path low = file("low", idx(new byte[] {0, 2}, 0x801, 2));
    InputException named = assertThrows(InputException.class,
        () -> IdxFormat.read(img, low, List.of("x", "y", "z", "w")));
    assertTrue(named.problem().startsWith("classes 1 ('y'), 3 ('w') have no images"), named.getMessage());
  }

  @Test
  void aFullDiskNamesTheFileAndTheReason() {
    Dataset d = new Dataset(List.of("a"), List.of(new Sample(new Image(1, 1, 1, new float[1]), 0, Origin.real("x"))));
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");
    OutputWriteException e = assertThrows(OutputWriteException.class, () -> IdxFormat.write(d, full, dir.resolve("l")));
    assertEquals("cannot write /dev/full: No space left on device", e.getMessage());
    assertEquals(1, e.exitCode());
  }
}
