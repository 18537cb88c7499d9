package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngCodecTest {

  @TempDir
  Path dir;

  @Test
  void grayRoundTripIsExact() {
    Image img = TestImages.pattern(7, 5, 1, 3);
    Path f = dir.resolve("g.png");
    PngCodec.write(img, f);
    Image back = PngCodec.read(f);
    assertEquals(1, back.channels());
    assertEquals(img, back);
  }

  @Test
  void rgbRoundTripIsExact() throws Exception {
    Image img = TestImages.pattern(4, 9, 3, 1);
    Path f = dir.resolve("c.png");
    PngCodec.write(img, f);
    Image back = PngCodec.read(f);
    assertEquals(img, back);
    // The channel order in the file is R, G, B: check one pixel through Java2D.
    BufferedImage decoded = javax.imageio.ImageIO.read(f.toFile());
    int argb = decoded.getRGB(2, 1);
    assertEquals(Math.round(img.get(1, 2, 0) * 255), (argb >> 16) & 0xFF);
    assertEquals(Math.round(img.get(1, 2, 1) * 255), (argb >> 8) & 0xFF);
    assertEquals(Math.round(img.get(1, 2, 2) * 255), argb & 0xFF);
  }

  @Test
  void writeRoundsAndClamps() {
    Image img = new Image(1, 5, 1, new float[] {-0.3f, 0.5f, 1.7f, Float.NaN, 0.1f});
    Path f = dir.resolve("clamp.png");
    PngCodec.write(img, f);
    float[] back = PngCodec.read(f).pixels();
    assertEquals(0f, back[0]);
    assertEquals(128 / 255f, back[1]);
    assertEquals(1f, back[2]);
    assertEquals(0f, back[3]);
    assertEquals(26 / 255f, back[4]);
  }

  @Test
  void encodingIsDeterministic() {
    Image img = TestImages.pattern(16, 16, 3, 9);
    assertArrayEquals(PngCodec.encode(img), PngCodec.encode(img.copy()));
  }

  @Test
  void grayStoredAsRgbStaysThreeChannels() throws Exception {
    Path f = TestImages.save(TestImages.rgb(3, 2, 90, 90, 90), "png", dir.resolve("grayish.png"));
    Image img = PngCodec.read(f);
    assertEquals(3, img.channels());
    assertEquals(90 / 255f, img.get(1, 2, 0));
    assertEquals(90 / 255f, img.get(1, 2, 2));
  }

  @Test
  void alphaIsDropped() throws Exception {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00FF8000);
    argb.setRGB(1, 0, 0x80102030);
    Path f = TestImages.save(argb, "png", dir.resolve("alpha.png"));
    Image img = PngCodec.read(f);
    assertEquals(3, img.channels());
    assertArrayEquals(new float[] {1f, 128 / 255f, 0f, 16 / 255f, 32 / 255f, 48 / 255f}, img.pixels());
  }

  @Test
  void paletteBecomesRgb() throws Exception {
    byte[] r = {0, (byte) 200};
    byte[] g = {0, 100};
    byte[] b = {0, 50};
    BufferedImage pal = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
    pal.getRaster().setSample(1, 0, 0, 1);
    Path f = TestImages.save(pal, "png", dir.resolve("pal.png"));
    Image img = PngCodec.read(f);
    assertEquals(3, img.channels());
    assertEquals(200 / 255f, img.get(0, 1, 0));
    assertEquals(100 / 255f, img.get(0, 1, 1));
    assertEquals(50 / 255f, img.get(0, 1, 2));
    assertEquals(0f, img.get(1, 1, 0));
  }

  @Test
  void oneBitGrayPngIsOneChannel() throws Exception {
    BufferedImage bw = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY);
    bw.getRaster().setSample(2, 0, 0, 1);
    Path f = TestImages.save(bw, "png", dir.resolve("bw.png"));
    Image img = PngCodec.read(f);
    assertEquals(1, img.channels());
    assertArrayEquals(new float[] {0f, 0f, 1f}, img.pixels());
  }

  @Test
  void sixteenBitGrayIsScaledByItsMaximum() throws Exception {
    BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 65535);
    deep.getRaster().setSample(1, 0, 0, 13107);
    Path f = TestImages.save(deep, "png", dir.resolve("deep.png"));
    Image img = PngCodec.read(f);
    assertEquals(1, img.channels());
    assertEquals(1f, img.pixels()[0], 1e-6);
    assertEquals(0.2f, img.pixels()[1], 1e-6);
  }

  @Test
  void grayJpegIsOneChannel() throws Exception {
    Path f = TestImages.save(TestImages.gray(8, 8, 128), "jpg", dir.resolve("g.jpg"));
    Image img = PngCodec.read(f);
    assertEquals(1, img.channels());
    assertEquals(128 / 255f, img.get(4, 4, 0), 2 / 255f);
  }

  @Test
  void nonImageFileIsNamed() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.png"), "hello, not a picture");
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals(f.toString(), e.file());
    assertTrue(e.getMessage().contains("not a PNG or JPEG image"), e.getMessage());
  }

  @Test
  void damagedPngIsNamed() throws Exception {
    byte[] png = PngCodec.encode(TestImages.pattern(20, 20, 3, 0));
    Path f = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, 60));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals(f.toString(), e.file());
    assertTrue(e.problem().startsWith("is a damaged PNG: chunk 1 ('IDAT', at byte 33) announces")
        && e.problem().contains("the file is truncated"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nope.png");
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("not found"), e.getMessage());
  }
  /** {@code png} with the width and height in its IHDR chunk replaced, and the chunk's CRC fixed. */
  private static byte[] declaringSize(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    // 8-byte signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4), ...
    b.putInt(16, width);
    b.putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 4 + 13);
    b.putInt(12 + 4 + 13, (int) crc.getValue());
    return out;
  }

  @Test
  void hugeDeclaredSizeIsRefusedBeforeDecoding() throws Exception {
    byte[] png = PngCodec.encode(TestImages.pattern(4, 4, 3, 2));
    Path f = Files.write(dir.resolve("bomb.png"), declaringSize(png, 30000, 30000));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals(f.toString(), e.file());
    assertTrue(e.getMessage().contains("declares an image of 30000x30000 pixels"), e.getMessage());
    assertTrue(e.getMessage().contains("16384 pixels a side"), e.getMessage());
  }

  @Test
  void oneSideOverTheLimitIsEnough() throws Exception {
    byte[] png = PngCodec.encode(TestImages.pattern(4, 4, 1, 2));
    Path f = Files.write(dir.resolve("wide.png"), declaringSize(png, 1, PngCodec.MAX_SIDE + 1));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertTrue(e.getMessage().contains("declares an image of 1x16385 pixels"), e.getMessage());
  }

  @Test
  void truncatedJpegIsRefusedNotReadAsAPartlyGreyImage() throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x + y) * 2));
      }
    }
    Path whole = TestImages.save(img, "jpg", dir.resolve("whole.jpg"));
    PngCodec.read(whole);
    byte[] bytes = Files.readAllBytes(whole);
    Path f = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals(f.toString(), e.file());
    assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("re-save it as PNG or remove it"), e.getMessage());
  }

  @Test
  void unreadableFileIsNotCalledANonImage() throws Exception {
    Path f = dir.resolve("locked.png");
    PngCodec.write(TestImages.pattern(3, 3, 1, 0), f);
    assumeTrue(f.toFile().setReadable(false, false) && !Files.isReadable(f),
        "permissions are not enforced for this user (root)");
    try {
      InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
      assertEquals(f.toString(), e.file());
      assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
      assertFalse(e.getMessage().contains("not a PNG or JPEG"), e.getMessage());
    } finally {
      assertTrue(f.toFile().setReadable(true, false));
    }
  }

  @Test
  void aChunkWhoseBytesChangedIsNamedWithItsCrc() throws Exception {
    byte[] png = PngCodec.encode(TestImages.pattern(6, 6, 1, 0));
    png[37] = 'P'; // the chunk type "IDAT" after the 33 bytes of signature and IHDR
    Path f = Files.write(dir.resolve("crc.png"), png);
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals("is a damaged PNG: chunk 1 ('PDAT', at byte 33) fails its CRC check, so its bytes are not the ones"
        + " written; re-save it or remove it", e.problem());
  }

  @Test
  void theDecodersReasonIsTakenFromItsCauses() {
    Exception e = new java.io.IOException("Caught exception during read: ",
        new IndexOutOfBoundsException("pos < flushedPos!"));
    assertEquals("Caught exception during read: pos < flushedPos!", PngCodec.decoderReason(e));
    assertEquals("the decoder gave no reason", PngCodec.decoderReason(new java.io.IOException()));
  }

  @Test
  void otherFormatsNamedPngAreRefusedNamingTheirFormat() throws Exception {
    Path f = dir.resolve("bitmap.png");
    Files.write(f, Files.readAllBytes(TestImages.save(TestImages.gray(4, 4, 9), "bmp", dir.resolve("x.bmp"))));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(f));
    assertEquals(f.toString(), e.file());
    assertTrue(e.problem().startsWith("is a BMP image") && e.problem().contains("convert it to PNG"), e.getMessage());
    // a JPEG named .png is one of the two formats read
    Path jpeg = dir.resolve("photo.png");
    Files.write(jpeg, Files.readAllBytes(TestImages.save(TestImages.gray(4, 4, 9), "jpg", dir.resolve("x.jpg"))));
    assertEquals(1, PngCodec.read(jpeg).channels());
  }

  @Test
  void aBrokenLinkIsCalledOne() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("nowhere.png"));
    InputException e = assertThrows(InputException.class, () -> PngCodec.read(link));
    assertTrue(e.problem().startsWith("is a broken symbolic link (its target " + dir.resolve("nowhere.png")),
        e.getMessage());
  }

  @Test
  void aFullDiskNamesTheFileAndTheReason() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "no /dev/full here");
    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> PngCodec.write(TestImages.pattern(2, 2, 1, 0), full));
    assertEquals("cannot write /dev/full: No space left on device", e.getMessage());
  }

  @Test
  void aFolderThatCannotBeWrittenIsNamedWithTheReason() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> PngCodec.write(TestImages.pattern(2, 2, 1, 0), file.resolve("a.png")));
    assertEquals("cannot write " + file.resolve("a.png") + ": Not a directory", e.getMessage());
  }
}
