package io.synthaug.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Raw little-endian arrays for the peers, which read them with {@code numpy.fromfile} as
 * {@code <f4} or {@code <i4}.
 */
public final class LittleEndianFiles {

  private LittleEndianFiles() {
  }

  /** Writes {@code values} as float32. */
  public static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    write(file, buf);
  }

  /** Writes {@code values} as int32. */
  public static void writeInts(Path file, int[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(values);
    write(file, buf);
  }

  private static void write(Path file, ByteBuffer buf) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}
