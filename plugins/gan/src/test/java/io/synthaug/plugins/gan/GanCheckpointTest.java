package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.InputException;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanCheckpointTest {

  @TempDir
  Path tmp;

  private static GanCheckpoint sample() {
    return new GanCheckpoint()
        .put("step", "12")
        .put("note", "ünïcödé")
        .put(new NamedTensor("w", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 6}))
        .put(new NamedTensor("empty", new long[] {0}, new float[0]))
        .put("order", new int[] {3, 1, 2, Integer.MIN_VALUE});
  }

  @Test
  void roundTripsEverything() {
    Path f = tmp.resolve("a.ckpt");
    sample().write(f);
    GanCheckpoint back = GanCheckpoint.read(f);
    assertEquals("12", back.meta("step"));
    assertEquals("ünïcödé", back.meta("note"));
    assertEquals(sample().tensor("w"), back.tensor("w"));
    assertEquals(0, back.tensor("empty").values().length);
    assertArrayEquals(new int[] {3, 1, 2, Integer.MIN_VALUE}, back.ints("order"));
    assertEquals(List.of("w", "empty"), List.copyOf(back.tensors().keySet()));
  }

  @Test
  void layoutStartsWithMagicAndVersion() throws Exception {
    Path f = tmp.resolve("a.ckpt");
    sample().write(f);
    try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
      byte[] magic = new byte[8];
      in.readFully(magic);
      assertEquals("SYNGANCK", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
      assertEquals(1, in.readInt());
      assertEquals(2, in.readInt());
      assertEquals("step", in.readUTF());
    }
  }

  @Test
  void overwritingLeavesNoTemporaryFiles() throws Exception {
    Path f = tmp.resolve("a.ckpt");
    sample().write(f);
    new GanCheckpoint().put("step", "13").write(f);
    assertEquals("13", GanCheckpoint.read(f).meta("step"));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void corruptionIsDetected() throws Exception {
    Path f = tmp.resolve("a.ckpt");
    sample().write(f);
    byte[] bytes = Files.readAllBytes(f);

    byte[] flipped = bytes.clone();
    flipped[bytes.length - 20] ^= 0x10;
    Files.write(f, flipped);
    InputException e = assertThrows(InputException.class, () -> GanCheckpoint.read(f));
    assertEquals(f + ": checkpoint checksum mismatch; the file is corrupt", e.getMessage());

    Files.write(f, Arrays.copyOf(bytes, bytes.length - 30));
    e = assertThrows(InputException.class, () -> GanCheckpoint.read(f));
    assertEquals(f + ": checkpoint is truncated", e.getMessage());

    byte[] other = bytes.clone();
    other[0] = 'X';
    Files.write(f, other);
    e = assertThrows(InputException.class, () -> GanCheckpoint.read(f));
    assertEquals(f + ": not a Synthaug GAN checkpoint (bad magic bytes)", e.getMessage());

    Path missing = tmp.resolve("none.ckpt");
    e = assertThrows(InputException.class, () -> GanCheckpoint.read(missing));
    assertEquals(missing + ": no checkpoint file here; train without resume first", e.getMessage());
  }

  @Test
  void missingEntriesNameTheFile() {
    Path f = tmp.resolve("a.ckpt");
    sample().write(f);
    GanCheckpoint back = GanCheckpoint.read(f);
    InputException e = assertThrows(InputException.class, () -> back.tensor("g.fc.weight"));
    assertEquals(f + ": checkpoint has no tensor 'g.fc.weight'; it was written for another network", e.getMessage());
    e = assertThrows(InputException.class, () -> back.meta("config.family"));
    assertTrue(e.getMessage().startsWith(f + ": checkpoint has no 'config.family' entry"), e.getMessage());
  }
}
