package io.synthaug.core.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message being encoded. Nested messages are encoded into their own writer first and
 * embedded as length-delimited bytes, which keeps the writer free of a size pass at the cost of
 * one copy per level; the models written here are megabytes, not gigabytes.
 */
final class ProtoWriter {

  @FunctionalInterface
  private interface Write {
    void to(CodedOutputStream out) throws IOException;
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  /** Writing into memory cannot fail for I/O reasons; the checked exception is only in the signature. */
  private ProtoWriter write(Write w) {
    try {
      w.to(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  ProtoWriter int64(int field, long value) {
    return write(o -> o.writeInt64(field, value));
  }

  ProtoWriter float32(int field, float value) {
    return write(o -> o.writeFloat(field, value));
  }

  ProtoWriter string(int field, String value) {
    return write(o -> o.writeString(field, value));
  }

  ProtoWriter bytes(int field, byte[] value) {
    return write(o -> o.writeByteArray(field, value));
  }

  ProtoWriter message(int field, ProtoWriter child) {
    return bytes(field, child.toByteArray());
  }

  byte[] toByteArray() {
    write(CodedOutputStream::flush);
    return bytes.toByteArray();
  }
}
