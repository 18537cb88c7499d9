package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {

  /** Builds tar streams entry by entry, ustar headers with octal fields. */
  private static final class TarBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarBuilder entry(String name, String prefix, char type, byte[] data) {
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, "0000644");
      put(h, 124, String.format("%011o", data.length));
      put(h, 136, "00000000000");
      h[156] = (byte) type;
      put(h, 257, "ustar");
      put(h, 263, "00");
      put(h, 345, prefix);
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xFF;
      }
      put(h, 148, String.format("%06o", sum));
      h[154] = 0;
      out.writeBytes(h);
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
      return this;
    }

    byte[] finish() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, h, off, b.length);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String pax(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int len = body.length() + 1;
    while (Integer.toString(len).length() + body.length() != len) {
      len++;
    }
    return len + body;
  }

  @Test
  void readsPlainPrefixedGnuLongAndPaxNamedFiles() throws IOException {
    String longName = "package/" + "x".repeat(120) + ".json";
    byte[] big = new byte[1300];
    big[1299] = 7;
    byte[] tar = new TarBuilder()
        .entry("package/a.json", "", '0', utf8("{\"a\":1}"))
        .entry("package/dir/", "", '5', new byte[0])
        .entry("b.json", "package/deep", '0', big)
        .entry("././@LongLink", "", 'L', utf8(longName + "\0"))
        .entry("truncated-name", "", '0', utf8("long"))
        .entry("PaxHeaders/c", "", 'x', utf8(pax("path", "package/pax-named.json")))
        .entry("c-short", "", '0', utf8("pax"))
        .entry("package/skipped.txt", "", '0', utf8("no"))
        .finish();
    Map<String, byte[]> files = TarReader.read(new ByteArrayInputStream(tar), n -> n.endsWith(".json"));
    assertEquals(List.of("package/a.json", "package/deep/b.json", longName, "package/pax-named.json"),
        List.copyOf(files.keySet()));
    assertEquals("{\"a\":1}", new String(files.get("package/a.json"), StandardCharsets.UTF_8));
    assertArrayEquals(big, files.get("package/deep/b.json"));
    assertEquals("long", new String(files.get(longName), StandardCharsets.UTF_8));
    assertEquals("pax", new String(files.get("package/pax-named.json"), StandardCharsets.UTF_8));
  }

  @Test
  void damagedHeaderFailsTheChecksum() {
    byte[] tar = new TarBuilder().entry("a.json", "", '0', utf8("{}")).finish();
    tar[10] ^= 1;
    IOException e = assertThrows(IOException.class, () -> TarReader.read(new ByteArrayInputStream(tar), n -> true));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void streamEndingInsideAnEntryFails() {
    byte[] tar = new TarBuilder().entry("a.json", "", '0', new byte[2000]).finish();
    byte[] cut = java.util.Arrays.copyOf(tar, 512 + 1000);
    IOException e = assertThrows(IOException.class, () -> TarReader.read(new ByteArrayInputStream(cut), n -> true));
    assertTrue(e.getMessage().contains("ends inside entry a.json"), e.getMessage());
  }
}
