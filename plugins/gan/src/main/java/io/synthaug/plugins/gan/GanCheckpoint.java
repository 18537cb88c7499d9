package io.synthaug.plugins.gan;

import io.synthaug.api.InputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A training checkpoint: text metadata, named float tensors and named int arrays, in a binary
 * format of our own (no Java serialization).
 *
 * <p>Layout, big-endian as written by {@link DataOutputStream}:
 * <pre>
 *   8 bytes   magic "SYNGANCK"
 *   int       format version (1)
 *   int       metadata count, then per entry: UTF key, UTF value
 *   int       tensor count, then per tensor: UTF name, int rank, rank longs (dimensions),
 *             int value count, that many floats
 *   int       int-array count, then per array: UTF name, int length, that many ints
 *   long      CRC-32 of every byte before it
 * </pre>
 * {@link #write} writes a temporary file beside the target, forces it to the disk and renames it
 * over the target, so a crash while writing, or a power loss soon after, leaves the previous
 * checkpoint intact.
 */
public final class GanCheckpoint {

  /** The file's first eight bytes. */
  public static final byte[] MAGIC = "SYNGANCK".getBytes(StandardCharsets.US_ASCII);

  /** The format version written. */
  public static final int VERSION = 1;

  private final Map<String, String> meta = new LinkedHashMap<>();
  private final Map<String, NamedTensor> tensors = new LinkedHashMap<>();
  private final Map<String, int[]> intArrays = new LinkedHashMap<>();
  private final String source;

  /** An empty checkpoint to fill. */
  public GanCheckpoint() {
    this.source = "<memory>";
  }

  private GanCheckpoint(String source) {
    this.source = source;
  }

  /** Adds a metadata entry. */
  public GanCheckpoint put(String key, String value) {
    meta.put(key, value);
    return this;
  }

  /** Adds a tensor under its own name. */
  public GanCheckpoint put(NamedTensor tensor) {
    tensors.put(tensor.name(), tensor);
    return this;
  }

  /** Adds an int array. */
  public GanCheckpoint put(String name, int[] values) {
    intArrays.put(name, values.clone());
    return this;
  }

  /** All metadata, in insertion order. */
  public Map<String, String> meta() {
    return Collections.unmodifiableMap(meta);
  }

  /** All tensors by name, in insertion order. */
  public Map<String, NamedTensor> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  /** A metadata value; a missing key is an {@link InputException} naming the file. */
  public String meta(String key) {
    String v = meta.get(key);
    if (v == null) {
      throw new InputException(source, "checkpoint has no '" + key + "' entry; it was not written by this trainer");
    }
    return v;
  }

  /** A tensor; a missing name is an {@link InputException} naming the file. */
  public NamedTensor tensor(String name) {
    NamedTensor t = tensors.get(name);
    if (t == null) {
      throw new InputException(source, "checkpoint has no tensor '" + name + "'; it was written for another network");
    }
    return t;
  }

  /** An int array; a missing name is an {@link InputException} naming the file. */
  public int[] ints(String name) {
    int[] v = intArrays.get(name);
    if (v == null) {
      throw new InputException(source, "checkpoint has no int array '" + name + "'");
    }
    return v.clone();
  }

  /**
   * Writes to {@code file} through a temporary file, forced to the disk before an atomic rename:
   * otherwise the file system may commit the rename before the bytes it points to.
   */
  public void write(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      CRC32 crc = new CRC32();
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(
              Channels.newOutputStream(channel), 1 << 16), crc))) {
        writeBody(out);
        out.flush();
        out.writeLong(crc.getValue());
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; a leftover temporary file is the lesser problem
        }
      }
    }
  }

  private void writeBody(DataOutputStream out) throws IOException {
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(meta.size());
    for (Map.Entry<String, String> e : meta.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    out.writeInt(tensors.size());
    for (NamedTensor t : tensors.values()) {
      out.writeUTF(t.name());
      out.writeInt(t.shape().length);
      for (long d : t.shape()) {
        out.writeLong(d);
      }
      out.writeInt(t.values().length);
      for (float v : t.values()) {
        out.writeFloat(v);
      }
    }
    out.writeInt(intArrays.size());
    for (Map.Entry<String, int[]> e : intArrays.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      for (int v : e.getValue()) {
        out.writeInt(v);
      }
    }
  }

  /**
   * Reads a checkpoint.
   *
   * @throws InputException when the file is missing, truncated, corrupt or of another format
   */
  public static GanCheckpoint read(Path file) {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new InputException(name, "no checkpoint file here; train without resume first");
    }
    GanCheckpoint cp = new GanCheckpoint(name);
    CRC32 crc = new CRC32();
    try (InputStream raw = Files.newInputStream(file);
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
        DataInputStream in = new DataInputStream(checked)) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InputException(name, "not a Synthaug GAN checkpoint (bad magic bytes)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new InputException(name, "checkpoint format version " + version + " is not supported (expected "
            + VERSION + ")");
      }
      int metaCount = count(in, name, "metadata");
      for (int i = 0; i < metaCount; i++) {
        cp.meta.put(in.readUTF(), in.readUTF());
      }
      int tensorCount = count(in, name, "tensor");
      for (int i = 0; i < tensorCount; i++) {
        String tn = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw new InputException(name, "tensor '" + tn + "' has rank " + rank + "; the file is corrupt");
        }
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
        }
        float[] values = new float[count(in, name, "value")];
        for (int k = 0; k < values.length; k++) {
          values[k] = in.readFloat();
        }
        cp.tensors.put(tn, new NamedTensor(tn, shape, values));
      }
      int arrays = count(in, name, "int-array");
      for (int i = 0; i < arrays; i++) {
        String an = in.readUTF();
        int[] values = new int[count(in, name, "int")];
        for (int k = 0; k < values.length; k++) {
          values[k] = in.readInt();
        }
        cp.intArrays.put(an, values);
      }
      long computed = crc.getValue();
      long stored = in.readLong();
      if (computed != stored) {
        throw new InputException(name, "checkpoint checksum mismatch; the file is corrupt");
      }
      if (in.read() != -1) {
        throw new InputException(name, "unexpected bytes after the checksum; the file is corrupt");
      }
    } catch (EOFException e) {
      throw new InputException(name, "checkpoint is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new InputException(name, "checkpoint is corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputException(name, "cannot read checkpoint: " + e.getMessage(), e);
    }
    return cp;
  }

  private static int count(DataInputStream in, String file, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 28) {
      throw new InputException(file, "implausible " + what + " count " + n + "; the file is corrupt");
    }
    return n;
  }
}
