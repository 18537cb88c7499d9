package io.synthaug.core.data;

import io.synthaug.api.Image;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * An 8-bit PNG encoder for {@link Image}s: grayscale for one channel, RGB for three, no
 * interlacing and no ancillary chunks (so no timestamp: the same image always gives the same
 * bytes with the same zlib).
 *
 * <p>Written for the output folder's many small images: ImageIO's PNG writer, used before, set
 * up a writer, its metadata and a cached stream for every image, and took 1.8 to 3.1 times as
 * long as this encoder on 28x28 images in the runs of {@code BENCHMARKS.md} ("PNG output").
 * Each row takes the PNG filter whose output has the smallest sum of absolute values (as signed
 * bytes), the usual heuristic of PNG encoders; the rows are compressed with zlib at level 1, its
 * fastest, as OpenCV does by default. The files are up to 7 % larger than ImageIO's on the
 * runner's MNIST outputs, and smaller on smooth generated images.
 */
final class PngEncoder {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] IHDR = "IHDR".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IDAT = "IDAT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IEND = "IEND".getBytes(StandardCharsets.US_ASCII);
  /** Length, type and CRC of a chunk: what it adds to its data. */
  private static final int CHUNK_OVERHEAD = 12;
  private static final int FILTERS = 5;
  /** Bytes of a row summed in int arithmetic before the sum is added to a long. */
  private static final int SUM_BLOCK = 1 << 20;

  private PngEncoder() {
  }

  /**
   * The bytes of one row of a {@code width x height x channels} image, or an exception when its
   * filtered rows (a filter byte each) would pass 1 GiB: half of what an array holds, so that the
   * compressed data and the chunks around it fit too.
   */
  static int rowBytes(int width, int height, int channels) {
    long rowBytes = (long) width * channels;
    if ((rowBytes + 1) * height > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("image of " + width + "x" + height + "x" + channels
          + " is too large for one PNG buffer (1 GiB of rows)");
    }
    return (int) rowBytes;
  }

  /**
   * The PNG bytes of {@code img} (1 or 3 channels, as every {@link Image}), each value stored as
   * {@code round(v * 255)} clamped to {@code [0, 255]}.
   */
  static byte[] encode(Image img) {
    int channels = img.channels();
    int width = img.width();
    int height = img.height();
    int rowBytes = rowBytes(width, height, channels);
    byte[] filtered = filteredRows(img, rowBytes, channels);
    byte[] compressed = deflate(filtered);

    byte[] header = new byte[13];
    putInt(header, 0, width);
    putInt(header, 4, height);
    header[8] = 8; // bit depth
    header[9] = (byte) (channels == 1 ? 0 : 2); // colour type: gray or RGB
    // compression method, filter method and interlace method 0: bytes 10-12 stay 0

    byte[] out = new byte[SIGNATURE.length + 3 * CHUNK_OVERHEAD + header.length + compressed.length];
    System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
    int at = chunk(out, SIGNATURE.length, IHDR, header, header.length);
    at = chunk(out, at, IDAT, compressed, compressed.length);
    chunk(out, at, IEND, new byte[0], 0);
    return out;
  }

  /** Every row as its filter type followed by the filtered bytes, the way the IDAT data holds them. */
  private static byte[] filteredRows(Image img, int rowBytes, int bpp) {
    float[] px = img.pixels();
    int height = img.height();
    byte[] out = new byte[(rowBytes + 1) * height];
    int[] previous = new int[rowBytes];
    int[] current = new int[rowBytes];
    long[] sums = new long[FILTERS];
    for (int y = 0; y < height; y++) {
      int base = y * rowBytes;
      for (int i = 0; i < rowBytes; i++) {
        current[i] = PixelBytes.toByte(px[base + i]);
      }
      sums(current, previous, bpp, sums);
      int best = 0;
      for (int f = 1; f < FILTERS; f++) {
        if (sums[f] < sums[best]) {
          best = f;
        }
      }
      int at = y * (rowBytes + 1);
      out[at] = (byte) best;
      filter(best, current, previous, bpp, out, at + 1);
      int[] t = previous;
      previous = current;
      current = t;
    }
    return out;
  }

  /**
   * For each filter type (0 none, 1 sub, 2 up, 3 average, 4 Paeth), the sum of the absolute
   * values, as signed bytes, of what it would make of row {@code cur} below {@code prev}: the
   * usual heuristic picks the smallest. One pass for all five, reading each neighbour once.
   */
  static void sums(int[] cur, int[] prev, int bpp, long[] sums) {
    sums(cur, prev, bpp, sums, SUM_BLOCK);
  }

  /** {@link #sums} with the row summed in blocks of {@code block} bytes. */
  static void sums(int[] cur, int[] prev, int bpp, long[] sums, int block) {
    int n = cur.length;
    int head = Math.min(bpp, n);
    long s0 = 0;
    long s2 = 0;
    long s3 = 0;
    for (int i = 0; i < head; i++) {
      // no left neighbour: a and c are 0, so sub is none and Paeth is up
      int x = cur[i];
      int b = prev[i];
      s0 += Math.abs((byte) x);
      s2 += Math.abs((byte) (x - b));
      s3 += Math.abs((byte) (x - (b >>> 1)));
    }
    long s1 = s0;
    long s4 = s2;
    // int sums per block, which the JIT vectorizes (long ones it did not: 2.2x slower on 256x256
    // RGB); a block's sums stay below 128 x SUM_BLOCK, far from overflowing
    for (int from = head; from < n; from += block) {
      int to = (int) Math.min(n, (long) from + block);
      int t0 = 0;
      int t1 = 0;
      int t2 = 0;
      int t3 = 0;
      int t4 = 0;
      for (int i = from; i < to; i++) {
        int x = cur[i];
        int a = cur[i - bpp];
        int b = prev[i];
        int c = prev[i - bpp];
        t0 += Math.abs((byte) x);
        t1 += Math.abs((byte) (x - a));
        t2 += Math.abs((byte) (x - b));
        t3 += Math.abs((byte) (x - ((a + b) >>> 1)));
        t4 += Math.abs((byte) (x - paeth(a, b, c)));
      }
      s0 += t0;
      s1 += t1;
      s2 += t2;
      s3 += t3;
      s4 += t4;
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    sums[4] = s4;
  }

  /**
   * Writes row {@code cur} through PNG filter {@code type} into {@code out} from {@code at},
   * with {@code prev} the row above (zeros for the first row). One loop per type, so that no
   * loop decides the type per byte.
   */
  static void filter(int type, int[] cur, int[] prev, int bpp, byte[] out, int at) {
    int n = cur.length;
    int head = Math.min(bpp, n);
    switch (type) {
      case 0 -> {
        for (int i = 0; i < n; i++) {
          out[at + i] = (byte) cur[i];
        }
      }
      case 1 -> {
        for (int i = 0; i < head; i++) {
          out[at + i] = (byte) cur[i];
        }
        for (int i = head; i < n; i++) {
          out[at + i] = (byte) (cur[i] - cur[i - bpp]);
        }
      }
      case 2 -> {
        for (int i = 0; i < n; i++) {
          out[at + i] = (byte) (cur[i] - prev[i]);
        }
      }
      case 3 -> {
        for (int i = 0; i < head; i++) {
          out[at + i] = (byte) (cur[i] - (prev[i] >>> 1));
        }
        for (int i = head; i < n; i++) {
          out[at + i] = (byte) (cur[i] - ((cur[i - bpp] + prev[i]) >>> 1));
        }
      }
      default -> {
        // with no left neighbour a and c are 0, and Paeth predicts b
        for (int i = 0; i < head; i++) {
          out[at + i] = (byte) (cur[i] - prev[i]);
        }
        for (int i = head; i < n; i++) {
          out[at + i] = (byte) (cur[i] - paeth(cur[i - bpp], prev[i], prev[i - bpp]));
        }
      }
    }
  }

  /**
   * The Paeth predictor of the PNG specification: whichever of a, b, c is nearest to
   * {@code a + b - c}, ties going to a, then b. Without branches: on noisy rows the branches
   * mispredicted often enough to make this filter take twice as long as the four others together.
   */
  static int paeth(int a, int b, int c) {
    int pa = Math.abs(b - c); // |p - a|
    int pb = Math.abs(a - c); // |p - b|
    int pc = Math.abs(a + b - c - c); // |p - c|
    int cWins = (pc - pb) >> 31; // all ones when pc < pb
    int bc = b ^ ((b ^ c) & cWins);
    int pbc = pb ^ ((pb ^ pc) & cWins);
    int bcWins = (pbc - pa) >> 31; // all ones when min(pb, pc) < pa
    return a ^ ((a ^ bc) & bcWins);
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(data);
      deflater.finish();
      // more than zlib's bound for incompressible input (about 0.03 % more, plus a few bytes)
      byte[] out = new byte[data.length + data.length / 1000 + 64];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, out.length * 2L));
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  /** Writes one chunk at {@code at} in {@code out}; returns the position after it. */
  private static int chunk(byte[] out, int at, byte[] type, byte[] data, int length) {
    putInt(out, at, length);
    System.arraycopy(type, 0, out, at + 4, 4);
    System.arraycopy(data, 0, out, at + 8, length);
    CRC32 crc = new CRC32();
    crc.update(out, at + 4, 4 + length);
    putInt(out, at + 8 + length, (int) crc.getValue());
    return at + CHUNK_OVERHEAD + length;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
