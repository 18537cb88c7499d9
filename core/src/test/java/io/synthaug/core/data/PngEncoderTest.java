package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The PNG writer against an independent decoder (ImageIO's) and the PNG specification: every
 * filter type, gray and RGB, sizes that are not multiples of anything.
 */
class PngEncoderTest {

  /** Bands of gradients along x, along y and diagonally, and bands of noise. */
  private static Image mixed(int h, int w, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] px = new float[h * w * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          float v = switch ((y / 3) % 4) {
            case 0 -> x / (float) w;
            case 1 -> y / (float) h;
            case 2 -> (x + y + k * 7) / (float) (w + h + 14);
            default -> (float) r.nextDouble();
          };
          px[(y * w + x) * c + k] = v;
        }
      }
    }
    return new Image(h, w, c, px);
  }

  /** The 8-bit samples ImageIO decodes from {@code png}, band order R, G, B. */
  private static int[] decoded(byte[] png, int channels) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    Raster raster = img.getRaster();
    assertEquals(channels, raster.getNumBands());
    return raster.getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
  }

  private static int[] expectedBytes(Image img) {
    float[] px = img.pixels();
    int[] out = new int[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = PixelBytes.toByte(px[i]);
    }
    return out;
  }

  @Test
  void grayAndRgbDecodeToTheRoundedValuesAtOddSizes() throws Exception {
    int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {28, 28}, {13, 31}, {64, 3}};
    for (int[] s : shapes) {
      for (int c : new int[] {1, 3}) {
        Image img = mixed(s[0], s[1], c, s[0] * 100L + s[1]);
        assertArrayEquals(expectedBytes(img), decoded(PngEncoder.encode(img), c), s[0] + "x" + s[1] + "x" + c);
      }
    }
  }

  @Test
  void outOfRangeAndNanValuesAreClampedAsBefore() throws Exception {
    Image img = new Image(1, 5, 1, new float[] {-0.5f, Float.NaN, 0.5f, 1.5f, Float.POSITIVE_INFINITY});
    assertArrayEquals(new int[] {0, 0, 128, 255, 255}, decoded(PngEncoder.encode(img), 1));
  }

  /** The filter type byte of every row, read back by inflating the IDAT chunk. */
  private static Set<Integer> filterTypes(byte[] png, int rowBytes) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(png);
    b.position(8);
    Set<Integer> types = new HashSet<>();
    while (b.hasRemaining()) {
      int length = b.getInt();
      byte[] type = new byte[4];
      b.get(type);
      byte[] data = new byte[length];
      b.get(data);
      int crc = b.getInt();
      CRC32 check = new CRC32();
      check.update(type);
      check.update(data);
      assertEquals((int) check.getValue(), crc, new String(type, "US-ASCII") + " CRC");
      if (new String(type, "US-ASCII").equals("IDAT")) {
        Inflater inflater = new Inflater();
        inflater.setInput(data);
        byte[] raw = new byte[1 << 20];
        int n = inflater.inflate(raw);
        assertTrue(inflater.finished());
        inflater.end();
        assertEquals(0, n % (rowBytes + 1));
        for (int at = 0; at < n; at += rowBytes + 1) {
          types.add((int) raw[at]);
        }
      }
    }
    return types;
  }

  /**
   * Bands of rows built so that each filter type wins some rows: a zero first row (all filters
   * tie, None wins), rows rising by 3 along x from random starts (Sub), a random row repeated (Up,
   * which ties Paeth and comes first), each byte the mean of its left and upper neighbours (Average), and rows whose left
   * half repeats the row above while the right half is one value (only Paeth predicts both).
   */
  private static Image everyFilter(int w, int c) {
    SplittableRandom r = new SplittableRandom(3);
    int rowBytes = w * c;
    int[][] rows = new int[17][rowBytes];
    for (int y = 1; y < rows.length; y++) {
      int[] prev = rows[y - 1];
      int[] cur = rows[y];
      int band = (y - 1) / 4;
      int start = r.nextInt(100);
      int flat = r.nextInt(256);
      for (int i = 0; i < rowBytes; i++) {
        int a = i >= c ? cur[i - c] : r.nextInt(256);
        cur[i] = switch (band) {
          case 0 -> (start + 3 * i) & 0xFF;
          case 1 -> y % 4 == 1 ? r.nextInt(256) : prev[i];
          case 2 -> y % 4 == 1 ? r.nextInt(256) : (i >= c ? (a + prev[i]) >>> 1 : a);
          default -> i < rowBytes / 2 ? (y % 4 == 1 ? r.nextInt(256) : prev[i]) : flat;
        };
      }
    }
    float[] px = new float[rows.length * rowBytes];
    for (int y = 0; y < rows.length; y++) {
      for (int i = 0; i < rowBytes; i++) {
        px[y * rowBytes + i] = rows[y][i] / 255f;
      }
    }
    return new Image(rows.length, w, c, px);
  }

  @Test
  void everyFilterTypeIsUsedAndDecodes() throws Exception {
    for (int c : new int[] {1, 3}) {
      Image img = everyFilter(40, c);
      byte[] png = PngEncoder.encode(img);
      assertEquals(Set.of(0, 1, 2, 3, 4), filterTypes(png, 40 * c), "channels " + c);
      assertArrayEquals(expectedBytes(img), decoded(png, c));
    }
    Image mixed = mixed(48, 40, 3, 5);
    assertArrayEquals(expectedBytes(mixed), decoded(PngEncoder.encode(mixed), 3));
  }

  @Test
  void imagesWhoseRowsPassOneGibibyteAreRefusedBeforeAnyBufferIsMade() {
    // 32,767 x 32,767 RGB: 3.2 GB of rows; a pixel array that large cannot exist, so the guard
    // is asked directly with the dimensions.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PngEncoder.rowBytes(32_767, 32_767, 3));
    assertEquals("image of 32767x32767x3 is too large for one PNG buffer (1 GiB of rows)", e.getMessage());
    // the largest square that fits: (w * 3 + 1) * w <= 2^30 - 1
    assertEquals(3 * 18_918, PngEncoder.rowBytes(18_918, 18_918, 3));
    assertThrows(IllegalArgumentException.class, () -> PngEncoder.rowBytes(18_919, 18_919, 3));
    assertEquals(28, PngEncoder.rowBytes(28, 28, 1));
  }

  @Test
  void theChunksAreSignatureHeaderDataEnd() {
    byte[] png = PngEncoder.encode(mixed(3, 5, 1, 1));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(png, 8));
    ByteBuffer b = ByteBuffer.wrap(png);
    assertEquals(13, b.getInt(8));
    assertEquals("IHDR", new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(5, b.getInt(16));
    assertEquals(3, b.getInt(20));
    assertArrayEquals(new byte[] {8, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(png, 24, 29));
    assertEquals("IEND", new String(png, png.length - 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(0, b.getInt(png.length - 12));
  }

  @Test
  void paethFollowsTheSpecification() {
    assertEquals(10, PngEncoder.paeth(10, 20, 30)); // p = 0: a is nearest
    assertEquals(20, PngEncoder.paeth(10, 20, 5)); // p = 25: b is nearest
    assertEquals(10, PngEncoder.paeth(0, 20, 10)); // p = 10: c is nearest (pa = pb = 10, pc = 0)
    assertEquals(4, PngEncoder.paeth(4, 4, 0)); // a tie between a and b goes to a
    assertEquals(9, PngEncoder.paeth(3, 9, 0)); // p = 12: pb = 3 beats pa = 9 and pc = 12
    assertEquals(30, PngEncoder.paeth(0, 30, 10)); // p = 20: pb = 10 ties pc = 10 (pa = 20), b before c
  }

  @Test
  void theFusedSumsAreThoseOfTheFilteredRows() {
    SplittableRandom r = new SplittableRandom(9);
    for (int bpp : new int[] {1, 3}) {
      for (int n : new int[] {1, 2, 3, 4, 57, 96}) {
        int len = n * bpp;
        int[] prev = new int[len];
        int[] cur = new int[len];
        for (int i = 0; i < len; i++) {
          prev[i] = r.nextInt(256);
          cur[i] = i % 5 == 0 ? r.nextInt(256) : (prev[i] + r.nextInt(9)) & 0xFF;
        }
        long[] sums = new long[5];
        PngEncoder.sums(cur, prev, bpp, sums);
        long[] inBlocks = new long[5];
        PngEncoder.sums(cur, prev, bpp, inBlocks, 7);
        assertArrayEquals(sums, inBlocks, "sums over blocks of 7 bytes");
        for (int f = 0; f < 5; f++) {
          byte[] out = new byte[len + 2];
          PngEncoder.filter(f, cur, prev, bpp, out, 2);
          long expected = 0;
          for (int i = 2; i < out.length; i++) {
            expected += Math.abs(out[i]);
          }
          assertEquals(expected, sums[f], "filter " + f + ", bpp " + bpp + ", " + n + " pixels");
        }
      }
    }
  }

  /** The specification's predictor, with its branches, for every a, b and c. */
  @Test
  void thePredictorWithoutBranchesAgreesWithTheSpecification() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (int c = 0; c < 256; c++) {
          int p = a + b - c;
          int pa = Math.abs(p - a);
          int pb = Math.abs(p - b);
          int pc = Math.abs(p - c);
          int expected = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          int actual = PngEncoder.paeth(a, b, c);
          if (actual != expected) {
            assertEquals(expected, actual, a + "," + b + "," + c);
          }
        }
      }
    }
  }

}
