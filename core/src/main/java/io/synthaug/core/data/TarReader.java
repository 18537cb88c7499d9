package io.synthaug.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A minimal reader of (uncompressed) tar streams: ustar headers with the name prefix field, GNU
 * long names ({@code L} entries) and pax {@code path}/{@code size} records, which is what npm
 * tarballs contain. Only regular files are returned.
 */
final class TarReader {

  private static final int BLOCK = 512;

  private TarReader() {
  }

  /**
   * The contents of the regular files whose names pass {@code wanted}, by name, in archive order.
   *
   * @throws IOException when the stream ends inside an entry or a header checksum is wrong
   */
  static Map<String, byte[]> read(InputStream in, Predicate<String> wanted) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    String longName = null;
    Long paxSize = null;
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0 || isZero(header)) {
        return out;
      }
      if (header.length < BLOCK) {
        throw new IOException("tar stream ends inside a header");
      }
      checkChecksum(header);
      String name = text(header, 0, 100);
      if ("ustar".equals(text(header, 257, 6).trim())) {
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      long size = paxSize != null ? paxSize : number(header, 124, 12);
      char type = (char) header[156];
      if (longName != null) {
        name = longName;
      }
      longName = null;
      paxSize = null;
      if (size < 0 || size > Integer.MAX_VALUE - BLOCK) {
        throw new IOException("tar entry " + name + " has an impossible size " + size);
      }
      boolean regular = type == '0' || type == '\0' || type == '7';
      if (type == 'L' || type == 'x' || (regular && wanted.test(name))) {
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
          throw new IOException("tar stream ends inside entry " + name);
        }
        skip(in, padding(size));
        if (type == 'L') {
          longName = text(data, 0, data.length);
        } else if (type == 'x') {
          Map<String, String> pax = pax(data);
          longName = pax.get("path");
          paxSize = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : null;
        } else {
          out.put(name, data);
        }
      } else {
        skip(in, size + padding(size));
      }
    }
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("tar stream ends early");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** A NUL-terminated ASCII/UTF-8 field. */
  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** An octal field, or a base-256 one when the first byte has its high bit set (GNU). */
  private static long number(byte[] b, int off, int len) {
    if ((b[off] & 0x80) != 0) {
      long v = b[off] & 0x7F;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xFF);
      }
      return v;
    }
    long v = 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c >= '0' && c <= '7') {
        v = v * 8 + (c - '0');
      } else if (c != ' ' && c != 0) {
        return -1;
      } else if (v > 0) {
        break;
      }
    }
    return v;
  }

  /** The header checksum counts the checksum field itself as eight spaces. */
  private static void checkChecksum(byte[] header) throws IOException {
    long stored = number(header, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
    }
    if (stored != sum) {
      throw new IOException("tar header checksum mismatch (stored " + stored + ", computed " + sum
          + "); the archive is damaged");
    }
  }

  /** Pax extended header records: {@code "<length> <key>=<value>\n"}. */
  private static Map<String, String> pax(byte[] data) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("bad pax record length in tar archive", e);
      }
      if (len <= 0 || pos + len > data.length) {
        throw new IOException("bad pax record length " + len + " in tar archive");
      }
      String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        out.put(record.substring(0, eq), record.substring(eq + 1));
      }
      pos += len;
    }
    return out;
  }
}
