package io.synthaug.core.experiment;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Sample;
import io.synthaug.core.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Digests of image content (shape and pixel values), whatever format, file names or order the
 * images came in: an experiment finds test images that are also training images by them, and
 * records what data it ran on.
 */
final class ImageDigests {

  private ImageDigests() {
  }

  /** SHA-256 of the image's shape and the bits of its pixel values, in hex. */
  static String of(Image image) {
    MessageDigest md = Hashes.digest();
    update(md, image);
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * SHA-256 of a dataset's content, in hex: its class names, then every sample's label and
   * image, in order. The same images read from IDX files or from PNG folders give the same digest.
   */
  static String of(Dataset dataset) {
    MessageDigest md = Hashes.digest();
    md.update(String.join("\n", dataset.classNames()).getBytes(StandardCharsets.UTF_8));
    ByteBuffer label = ByteBuffer.allocate(Integer.BYTES);
    for (Sample s : dataset.samples()) {
      md.update(label.clear().putInt(s.label()).array());
      update(md, s.image());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** How many images of {@code test} have the very shape and pixels of an image of {@code train}. */
  static int shared(Dataset train, Dataset test) {
    Set<String> seen = new HashSet<>();
    for (Sample s : train.samples()) {
      seen.add(of(s.image()));
    }
    int shared = 0;
    for (Sample s : test.samples()) {
      if (seen.contains(of(s.image()))) {
        shared++;
      }
    }
    return shared;
  }

  private static void update(MessageDigest md, Image image) {
    ByteBuffer buf = ByteBuffer.allocate(3 * Integer.BYTES + image.pixels().length * Float.BYTES);
    buf.putInt(image.height()).putInt(image.width()).putInt(image.channels());
    buf.asFloatBuffer().put(image.pixels());
    md.update(buf.array());
  }
}
