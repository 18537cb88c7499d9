package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of the MNIST files: a big-endian header (magic number, then one 32-bit size per
 * dimension) followed by the data. Only unsigned-byte files are handled: images with magic
 * {@code 0x00000803} (count, rows, columns) and labels with magic {@code 0x00000801} (count).
 *
 * <p>Files may be raw or gzip-compressed; compression is detected from the gzip magic bytes, not
 * from the file name. Bytes after the last gzip member are an error, as excess data of a raw file
 * is (see {@link StrictGzipInputStream}). Written files are gzip-compressed when the name ends in {@code .gz};
 * {@link GZIPOutputStream} writes a header without a timestamp, so equal datasets give equal
 * bytes.
 */
public final class IdxFormat {

  /** Magic number of an unsigned-byte file with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an unsigned-byte file with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;
  /**
   * The most data bytes (after the header) a file may announce: the largest array Java allocates,
   * {@code 2^31 - 9} bytes. Larger announcements are refused before any data is read.
   */
  static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

  private IdxFormat() {
  }

  /**
   * Reads an images file and its labels file into a dataset of 1-channel images with pixel values
   * {@code byte / 255}. Each sample's origin is {@code real("<images file name>#<index>")}.
   *
   * @param images the images file ({@code *-images-idx3-ubyte[.gz]})
   * @param labels the labels file ({@code *-labels-idx1-ubyte[.gz]})
   * @param classNames the class names, or null for {@code "0"} up to the largest label
   * @throws InputException for a missing file, a wrong magic number, truncated or excess data
   *     (bytes after the gzip data included), images wider or taller than
   *     {@value PngCodec#MAX_SIDE} pixels, differing counts, a label outside {@code classNames}, or
   *     a class without images
   */
  public static Dataset read(Path images, Path labels, List<String> classNames) {
    Contents ic = load(images, IMAGES_MAGIC, "images", "image count", "row count", "column count");
    Contents lc = load(labels, LABELS_MAGIC, "labels", "label count");
    byte[] imageBytes = ic.data();
    byte[] labelBytes = lc.data();
    int n = ic.sizes()[0];
    int rows = ic.sizes()[1];
    int cols = ic.sizes()[2];
    int labelCount = lc.sizes()[0];
    if (labelCount != n) {
      throw new InputException(labels.toString(), "holds " + labelCount + " labels but " + images
          + " holds " + n + " images; expected one label per image. Check that the two files belong together");
    }
    if (n == 0) {
      throw new InputException(images.toString(), "holds no images; use a file with at least one image");
    }
    int maxLabel = 0;
    for (int i = 0; i < n; i++) {
      int label = labelBytes[i] & 0xFF;
      if (classNames != null && label >= classNames.size()) {
        throw new InputException(labels.toString(), "label " + i + " is " + label + " but only "
            + classNames.size() + " class names were given " + classNames
            + "; expected labels 0 to " + (classNames.size() - 1) + ". Give one name per class");
      }
      maxLabel = Math.max(maxLabel, label);
    }
    List<String> names = classNames != null ? classNames : numberedClasses(maxLabel + 1);
    checkNoEmptyClass(labels, labelBytes, names, classNames != null);
    String ref = images.getFileName().toString();
    int size = rows * cols;
    List<Sample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] px = new float[size];
      int base = i * size;
      for (int p = 0; p < size; p++) {
        px[p] = PixelBytes.toFloat(imageBytes[base + p]);
      }
      samples.add(new Sample(new Image(rows, cols, 1, px), labelBytes[i] & 0xFF, Origin.real(ref + "#" + i)));
    }
    return new Dataset(names, samples);
  }

  /**
   * Refuses a class without images: it would train nothing, and its output folder would be empty.
   * Without {@code classes}, labels {3, 7} would make 8 classes, 6 of them empty.
   */
  private static void checkNoEmptyClass(Path labels, byte[] labelBytes, List<String> names, boolean named) {
    int[] counts = new int[names.size()];
    for (byte b : labelBytes) {
      counts[b & 0xFF]++;
    }
    List<String> empty = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      (counts[c] == 0 ? empty : used).add(named ? c + " ('" + names.get(c) + "')" : Integer.toString(c));
    }
    if (empty.isEmpty()) {
      return;
    }
    String classes = (empty.size() == 1 ? "class " : "classes ") + String.join(", ", empty)
        + (empty.size() == 1 ? " has" : " have") + " no images";
    throw new InputException(labels.toString(), named
        ? classes + ": no label is " + (empty.size() == 1 ? "its number" : "one of their numbers") + " (the labels use"
            + " only " + String.join(", ", used) + "); every class needs at least one image: give \"classes\" one"
            + " name per label that occurs, or add images of the missing classes"
        : "the labels run from 0 to " + (names.size() - 1) + ", which makes " + names.size() + " classes, but "
            + classes + " (the labels use only " + String.join(", ", used) + "); every class needs at least one"
            + " image: renumber the labels 0 to " + (used.size() - 1) + " and name the classes with \"classes\" in"
            + " the spec");
  }

  /** Class names {@code "0"} to {@code count - 1}. */
  static List<String> numberedClasses(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  /** The most classes an IDX labels file can tell apart: labels are unsigned bytes. */
  public static final int MAX_CLASSES = 256;

  /**
   * Writes the dataset as an images file and a labels file. Every image must be 1-channel and of
   * one size, and there may be at most 256 classes (labels are unsigned bytes). Pixels are
   * streamed one image at a time, so the images file may exceed 2 GiB.
   *
   * @throws IllegalArgumentException when the dataset cannot be stored as IDX
   * @throws OutputWriteException when a file cannot be written (a full disk, no permission)
   */
  public static void write(Dataset d, Path imagesOut, Path labelsOut) {
    if (d.size() == 0) {
      throw new IllegalArgumentException("cannot write an empty dataset as IDX " + imagesOut);
    }
    if (d.classCount() > MAX_CLASSES) {
      throw new IllegalArgumentException("IDX labels are single bytes but the dataset has " + d.classCount()
          + " classes; write it as an image folder instead");
    }
    Image first = d.samples().get(0).image();
    byte[] labels = new byte[d.size()];
    for (int i = 0; i < d.size(); i++) {
      Image img = d.samples().get(i).image();
      if (img.channels() != 1) {
        throw new IllegalArgumentException("IDX stores one grayscale channel but sample " + i + " is " + img.shape()
            + "; convert the dataset to grayscale or write it as an image folder");
      }
      if (!img.sameShape(first)) {
        throw new IllegalArgumentException("IDX needs one image size but sample 0 is " + first.shape()
            + " and sample " + i + " is " + img.shape() + "; resize all images to one size first");
      }
      labels[i] = (byte) d.samples().get(i).label();
    }
    int size = first.height() * first.width();
    writeFile(imagesOut, gzipName(imagesOut), new int[] {IMAGES_MAGIC, d.size(), first.height(), first.width()},
        data -> {
          byte[] row = new byte[size];
          for (Sample s : d.samples()) {
            float[] src = s.image().pixels();
            for (int p = 0; p < size; p++) {
              row[p] = (byte) PixelBytes.toByte(src[p]);
            }
            data.write(row);
          }
        });
    writeLabels(labelsOut, gzipName(labelsOut), labels);
  }

  private static boolean gzipName(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /** Writes an images file from {@code n * rows * cols} unsigned bytes. */
  static void writeImages(Path out, boolean gzip, int n, int rows, int cols, byte[] pixels) {
    writeFile(out, gzip, new int[] {IMAGES_MAGIC, n, rows, cols}, data -> data.write(pixels));
  }

  /** Writes a labels file from one unsigned byte per label. */
  static void writeLabels(Path out, boolean gzip, byte[] labels) {
    writeFile(out, gzip, new int[] {LABELS_MAGIC, labels.length}, data -> data.write(labels));
  }

  /** Writes the data after the header. */
  private interface Body {
    void writeTo(DataOutputStream data) throws IOException;
  }

  private static void writeFile(Path out, boolean gzip, int[] header, Body body) {
    try (OutputStream file = Files.newOutputStream(out);
        OutputStream packed = gzip ? new GZIPOutputStream(file, 1 << 16) : new BufferedOutputStream(file, 1 << 16);
        DataOutputStream data = new DataOutputStream(packed)) {
      for (int v : header) {
        data.writeInt(v);
      }
      body.writeTo(data);
    } catch (IOException e) {
      throw OutputWriteException.writing(out, e);
    }
  }

  /**
   * The sizes in the header of an IDX file and its data bytes.
   *
   * @param sizes one size per dimension
   * @param data exactly the bytes the sizes announce
   */
  private record Contents(int[] sizes, byte[] data) {
  }

  /**
   * Reads the header of {@code file} (decompressed when it starts with the gzip magic bytes),
   * then exactly the data bytes the header announces, then checks that nothing follows. Memory
   * grows only with the data actually present, never with what a damaged header claims.
   */
  private static Contents load(Path file, int magic, String kind, String... dimensions) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == GZIP_MAGIC_0 && raw.read() == GZIP_MAGIC_1;
      raw.reset();
      if (!gzip) {
        return load(file, raw, magic, kind, dimensions);
      }
      try (InputStream in = new StrictGzipInputStream(raw)) {
        return load(file, in, magic, kind, dimensions);
      } catch (StrictGzipInputStream.TrailingBytesException e) {
        throw new InputException(file.toString(), e.count() + " bytes follow the end of the gzip data, which a gzip"
            + " file does not have; the file is damaged or something was appended to it: fetch it again", e);
      } catch (EOFException e) {
        throw new InputException(file.toString(), "the gzip data ends early (the file is truncated); "
            + "download it again", e);
      } catch (ZipException e) {
        throw new InputException(file.toString(), "starts like a gzip file but cannot be decompressed ("
            + e.getMessage() + "); download it again", e);
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "file not found; check the path", e);
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot be read: " + e.getMessage(), e);
    }
  }

  private static Contents load(Path file, InputStream in, int magic, String kind, String... dimensions)
      throws IOException {
    checkMagic(file, in.readNBytes(4), magic, kind, dimensions.length);
    int[] sizes = new int[dimensions.length];
    for (int d = 0; d < sizes.length; d++) {
      sizes[d] = dimension(file, in.readNBytes(4), dimensions[d]);
    }
    String what;
    if (sizes.length == 3) {
      if (sizes[1] == 0 || sizes[2] == 0) {
        throw new InputException(file.toString(), "declares images of " + sizes[1] + "x" + sizes[2]
            + " pixels; both sizes must be at least 1. The header is damaged: fetch the file again");
      }
      if (sizes[1] > PngCodec.MAX_SIDE || sizes[2] > PngCodec.MAX_SIDE) {
        throw new InputException(file.toString(), "declares images of " + sizes[1] + "x" + sizes[2]
            + " pixels (rows x columns), larger than the " + PngCodec.MAX_SIDE + " pixels a side images may have;"
            + " scale them down, or fetch the file again if the header is damaged");
      }
      what = sizes[0] + " images of " + sizes[1] + "x" + sizes[2];
    } else {
      what = sizes[0] + " " + kind;
    }
    BigInteger needed = BigInteger.ONE;
    for (int size : sizes) {
      needed = needed.multiply(BigInteger.valueOf(size));
    }
    if (needed.compareTo(BigInteger.valueOf(MAX_DATA_BYTES)) > 0) {
      throw new InputException(file.toString(), "the header announces " + what + ", which needs " + needed
          + " data bytes, more than the " + MAX_DATA_BYTES + " one IDX file may hold; split the data into"
          + " smaller files, or fetch the file again if the header is damaged");
    }
    long expected = needed.longValueExact();
    byte[] data = in.readNBytes((int) expected);
    long present = data.length;
    if (present == expected) {
      // Counted, not kept: trailing data costs no memory however long it is.
      byte[] skip = new byte[1 << 16];
      for (int r = in.read(skip); r >= 0; r = in.read(skip)) {
        present += r;
      }
    }
    checkLength(file, present, expected, what);
    return new Contents(sizes, data);
  }

  private static void checkMagic(Path file, byte[] head, int expected, String kind, int dims) {
    if (head.length < 4) {
      throw new InputException(file.toString(), "is " + head.length + " bytes long, too short for an IDX "
          + kind + " file (expected at least a 4-byte magic number 0x" + hex(expected) + ")");
    }
    int magic = ByteBuffer.wrap(head).getInt();
    if (magic == expected) {
      return;
    }
    String hint;
    if (magic == (expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)) {
      hint = "this is an IDX " + (expected == IMAGES_MAGIC ? "labels" : "images")
          + " file; the images and labels files seem to be swapped";
    } else if ((magic >>> 16) == 0 && (magic & 0xFF) == dims) {
      hint = "this IDX file stores type 0x" + Integer.toHexString((magic >>> 8) & 0xFF)
          + " but only unsigned bytes (type 0x08) are supported; convert it to unsigned bytes";
    } else {
      hint = "this is not an IDX " + kind + " file; use an MNIST-style *-" + kind + "-idx"
          + dims + "-ubyte file, raw or gzip-compressed";
    }
    throw new InputException(file.toString(), "wrong magic number: expected 0x" + hex(expected)
        + " (unsigned-byte " + kind + ", " + dims + " dimension" + (dims == 1 ? "" : "s") + ") but found 0x"
        + hex(magic) + "; " + hint);
  }

  private static int dimension(Path file, byte[] bytes, String what) {
    if (bytes.length < 4) {
      throw new InputException(file.toString(), "the header ends before the " + what
          + " (the file is truncated); download it again");
    }
    int v = ByteBuffer.wrap(bytes).getInt();
    if (v < 0) {
      throw new InputException(file.toString(), "the header gives a negative " + what + " (" + v
          + "); the file is damaged, download it again");
    }
    return v;
  }

  private static void checkLength(Path file, long present, long expected, String what) {
    if (present < expected) {
      throw new InputException(file.toString(), "truncated: the header announces " + what + ", which needs "
          + expected + " data bytes, but only " + present + " are present; download the file again");
    }
    if (present > expected) {
      throw new InputException(file.toString(), "the header announces " + what + " (" + expected
          + " data bytes) but " + present + " are present; the header does not match the data, "
          + "fetch the file again");
    }
  }

  private static String hex(int v) {
    return String.format("%08X", v);
  }
}
