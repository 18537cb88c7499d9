package io.synthaug.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip data (RFC 1952), one member after another as {@link java.util.zip.GZIPInputStream}
 * does, but strictly: where {@code GZIPInputStream} silently stops at bytes after the last member
 * that do not start another member, this stream throws {@link TrailingBytesException} with their
 * count. Each member's CRC-32 and length are checked; data that ends early is an
 * {@link EOFException}, data that cannot be inflated a {@link ZipException}.
 */
final class StrictGzipInputStream extends InputStream {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** Bytes after the last gzip member that start no other member. */
  static final class TrailingBytesException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long count;

    TrailingBytesException(long count) {
      super(count + " bytes follow the gzip data");
      this.count = count;
    }

    /** How many bytes follow the last member. */
    long count() {
      return count;
    }
  }

  private final PushbackInputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private int lastInput;
  private boolean eof;

  /** Reads the first member's header from {@code raw}, which must start with the gzip magic bytes. */
  StrictGzipInputStream(InputStream raw) throws IOException {
    in = new PushbackInputStream(raw, buf.length);
    try {
      if (in.read() != 0x1f || in.read() != 0x8b) {
        throw new ZipException("not in gzip format");
      }
      readHeaderAfterMagic();
    } catch (IOException | RuntimeException e) {
      // no caller holds this stream yet to close it: free the inflater's native memory here
      inflater.end();
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      if (inflater.finished()) {
        int rest = inflater.getRemaining();
        if (rest > 0) {
          in.unread(buf, lastInput - rest, rest);
        }
        readTrailer();
        eof = !nextMember();
        continue;
      }
      if (inflater.needsInput()) {
        lastInput = in.read(buf, 0, buf.length);
        if (lastInput < 0) {
          throw new EOFException("the gzip data ends early");
        }
        inflater.setInput(buf, 0, lastInput);
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException(e.getMessage() == null ? "invalid deflate data" : e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      if (inflater.needsDictionary()) {
        throw new ZipException("the deflate data asks for a preset dictionary, which gzip never has");
      }
    }
    return -1;
  }

  /** Checks the CRC-32 and length that end a member. */
  private void readTrailer() throws IOException {
    long storedCrc = readIntLe();
    long storedSize = readIntLe();
    if (storedCrc != crc.getValue()) {
      throw new ZipException("the CRC-32 of the data does not match the one stored after it");
    }
    if (storedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
      throw new ZipException("the length of the data does not match the one stored after it");
    }
  }

  /** Starts the next member, or returns false at the end of the data; other bytes are an error. */
  private boolean nextMember() throws IOException {
    int b1 = in.read();
    if (b1 < 0) {
      return false;
    }
    int b2 = in.read();
    if (b1 == 0x1f && b2 == 0x8b) {
      readHeaderAfterMagic();
      inflater.reset();
      crc.reset();
      return true;
    }
    long count = b2 < 0 ? 1 : 2;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      count += n;
    }
    throw new TrailingBytesException(count);
  }

  /** Reads a member header after its two magic bytes, skipping its optional fields. */
  private void readHeaderAfterMagic() throws IOException {
    if (readByte() != 8) {
      throw new ZipException("unsupported gzip compression method");
    }
    int flags = readByte();
    for (int i = 0; i < 6; i++) {
      readByte(); // modification time, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int length = readByte() | readByte() << 8;
      for (int i = 0; i < length; i++) {
        readByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (readByte() != 0) {
        // the original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (readByte() != 0) {
        // a comment
      }
    }
    if ((flags & FHCRC) != 0) {
      readByte();
      readByte();
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the gzip data ends early");
    }
    return b;
  }

  private long readIntLe() throws IOException {
    return (readByte() | (long) readByte() << 8 | (long) readByte() << 16 | (long) readByte() << 24) & 0xFFFFFFFFL;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
