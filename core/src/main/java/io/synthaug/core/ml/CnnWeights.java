package io.synthaug.core.ml;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The values of every tensor of a {@link CnnLayout}, in layout order, held on the Java heap so a
 * trained classifier owns no native memory. Immutable: arrays are copied in and out.
 */
final class CnnWeights {

  private final CnnLayout layout;
  private final List<float[]> values;

  CnnWeights(CnnLayout layout, List<float[]> values) {
    List<CnnLayout.Tensor> tensors = layout.tensors();
    if (values.size() != tensors.size()) {
      throw new IllegalArgumentException("expected " + tensors.size() + " tensors, got " + values.size());
    }
    List<float[]> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      float[] v = values.get(i);
      if (v.length != tensors.get(i).size()) {
        throw new IllegalArgumentException(tensors.get(i).name() + " needs " + tensors.get(i).size()
            + " values, got " + v.length);
      }
      copy.add(v.clone());
    }
    this.layout = layout;
    this.values = copy;
  }

  CnnLayout layout() {
    return layout;
  }

  /** A copy of tensor {@code index}'s values. */
  float[] get(int index) {
    return values.get(index).clone();
  }

  /** A copy of the values of the tensor called {@code name}. */
  float[] get(String name) {
    List<CnnLayout.Tensor> tensors = layout.tensors();
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).name().equals(name)) {
        return get(i);
      }
    }
    throw new IllegalArgumentException("no tensor called '" + name + "'");
  }

  /** Read-only access for the classes that copy values into engine tensors. */
  float[] view(int index) {
    return values.get(index);
  }

  /**
   * SHA-256 over every tensor's name, shape and little-endian float bits, in layout order: equal
   * digests mean bit-identical weights.
   */
  String sha256() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
    List<CnnLayout.Tensor> tensors = layout.tensors();
    for (int i = 0; i < tensors.size(); i++) {
      CnnLayout.Tensor t = tensors.get(i);
      md.update(t.name().getBytes(StandardCharsets.UTF_8));
      ByteBuffer shape = ByteBuffer.allocate(8 * t.shape().length).order(ByteOrder.LITTLE_ENDIAN);
      for (long d : t.shape()) {
        shape.putLong(d);
      }
      md.update(shape.array());
      float[] v = values.get(i);
      ByteBuffer data = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().put(v);
      md.update(data.array());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
