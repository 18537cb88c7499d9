package io.synthaug.core.ml;

import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weight file of {@link TrainedClassifier#save} and {@link TrainedClassifier#load}; the
 * format is described there. Written through a temporary file and a rename, so a reader never
 * sees half a file; read whole and checked against its trailing digest before it is parsed.
 */
final class ClassifierFile {

  /** The first bytes of every file. */
  static final byte[] MAGIC = "SYNTHAUG-CNN".getBytes(StandardCharsets.US_ASCII);
  /** The format version written. */
  static final int VERSION = 1;
  private static final int DIGEST_BYTES = 32;

  private ClassifierFile() {
  }

  static void write(Path file, ClassifierConfig cfg, List<String> classNames, CnnWeights weights)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(cfg.height());
      out.writeInt(cfg.width());
      out.writeInt(cfg.channels());
      out.writeInt(cfg.classes());
      out.writeInt(cfg.convWidths().size());
      for (int w : cfg.convWidths()) {
        out.writeInt(w);
      }
      out.writeInt(cfg.featureDim());
      out.writeDouble(cfg.dropout());
      out.writeInt(cfg.maxEpochs());
      out.writeInt(cfg.maxSteps());
      out.writeInt(cfg.batchSize());
      out.writeDouble(cfg.learningRate());
      out.writeDouble(cfg.weightDecay());
      out.writeLong(cfg.seed());
      out.writeInt(cfg.patience());
      out.writeDouble(cfg.validationFraction());
      out.writeUTF(cfg.device().name());
      out.writeInt(classNames.size());
      for (String name : classNames) {
        out.writeUTF(name);
      }
      List<CnnLayout.Tensor> tensors = weights.layout().tensors();
      out.writeInt(tensors.size());
      for (int i = 0; i < tensors.size(); i++) {
        CnnLayout.Tensor t = tensors.get(i);
        out.writeUTF(t.name());
        out.writeInt(t.shape().length);
        for (long d : t.shape()) {
          out.writeInt((int) d);
        }
        for (float v : weights.view(i)) {
          out.writeFloat(v);
        }
      }
    }
    byte[] body = bytes.toByteArray();
    byte[] digest = sha256(body, body.length);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Thread.currentThread().getId() + ".tmp");
    try {
      byte[] all = Arrays.copyOf(body, body.length + DIGEST_BYTES);
      System.arraycopy(digest, 0, all, body.length, DIGEST_BYTES);
      Files.write(tmp, all);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static TrainedClassifier read(Path file) {
    String name = file.toString();
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(name, "no such file; check the classifier path");
    } catch (IOException e) {
      throw new InputException(name, "cannot read the classifier file: " + e.getMessage(), e);
    }
    if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new InputException(name, "is not a Synthaug classifier file (it does not start with "
          + new String(MAGIC, StandardCharsets.US_ASCII) + "); give a file written by TrainedClassifier.save");
    }
    int bodyLength = all.length - DIGEST_BYTES;
    if (bodyLength < MAGIC.length
        || !Arrays.equals(sha256(all, bodyLength), Arrays.copyOfRange(all, bodyLength, all.length))) {
      throw new InputException(name, "is truncated or corrupt (its SHA-256 trailer does not match); "
          + "save the classifier again");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, bodyLength))) {
      in.skipNBytes(MAGIC.length);
      int version = in.readInt();
      if (version != VERSION) {
        throw new InputException(name, "has format version " + version + " but this Synthaug reads version "
            + VERSION + "; save the classifier again with this version");
      }
      ClassifierConfig cfg = readConfig(in, name);
      int classCount = in.readInt();
      if (classCount != cfg.classes()) {
        throw new InputException(name, "lists " + classCount + " class names for " + cfg.classes() + " classes");
      }
      List<String> classNames = new ArrayList<>(classCount);
      for (int i = 0; i < classCount; i++) {
        classNames.add(in.readUTF());
      }
      CnnLayout layout = new CnnLayout(cfg);
      List<CnnLayout.Tensor> tensors = layout.tensors();
      int count = in.readInt();
      if (count != tensors.size()) {
        throw new InputException(name, "holds " + count + " tensors but its configuration needs " + tensors.size());
      }
      List<float[]> values = new ArrayList<>(count);
      for (CnnLayout.Tensor t : tensors) {
        String tensorName = in.readUTF();
        int rank = in.readInt();
        long[] shape = new long[Math.max(0, Math.min(rank, 8))];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readInt();
        }
        if (!tensorName.equals(t.name()) || rank != t.shape().length || !Arrays.equals(shape, t.shape())) {
          throw new InputException(name, "has tensor '" + tensorName + "' " + Arrays.toString(shape) + " where its "
              + "configuration needs '" + t.name() + "' " + Arrays.toString(t.shape()));
        }
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.readFloat();
        }
        values.add(v);
      }
      if (in.available() > 0) {
        throw new InputException(name, "has " + in.available() + " unexpected bytes after the last tensor");
      }
      return new TrainedClassifier(cfg, classNames, new CnnWeights(layout, values), null);
    } catch (EOFException e) {
      throw new InputException(name, "ends before its last tensor; save the classifier again", e);
    } catch (IOException e) {
      throw new InputException(name, "cannot be parsed: " + e.getMessage(), e);
    }
  }

  private static ClassifierConfig readConfig(DataInputStream in, String name) throws IOException {
    int height = in.readInt();
    int width = in.readInt();
    int channels = in.readInt();
    int classes = in.readInt();
    int stages = in.readInt();
    if (stages < 0 || stages > 16) {
      throw new InputException(name, "declares " + stages + " convolution stages; the file is damaged");
    }
    List<Integer> widths = new ArrayList<>(stages);
    for (int i = 0; i < stages; i++) {
      widths.add(in.readInt());
    }
    int featureDim = in.readInt();
    double dropout = in.readDouble();
    int maxEpochs = in.readInt();
    int maxSteps = in.readInt();
    int batchSize = in.readInt();
    double lr = in.readDouble();
    double wd = in.readDouble();
    long seed = in.readLong();
    int patience = in.readInt();
    double vf = in.readDouble();
    String device = in.readUTF();
    try {
      return new ClassifierConfig(height, width, channels, classes, widths, featureDim, dropout, maxEpochs, maxSteps,
          batchSize, lr, wd, seed, patience, vf, Device.valueOf(device));
    } catch (IllegalArgumentException e) {
      throw new InputException(name, "holds an invalid configuration (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
