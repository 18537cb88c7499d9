package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Small fixtures shared by the data tests. */
final class TestImages {

  private TestImages() {
  }

  /** An image whose every value is a multiple of 1/255, so PNG and IDX store it exactly. */
  static Image pattern(int h, int w, int c, int salt) {
    float[] px = new float[h * w * c];
    for (int i = 0; i < px.length; i++) {
      px[i] = ((i * 37 + salt * 11) % 256) / 255f;
    }
    return new Image(h, w, c, px);
  }

  /** {@code perClass} samples of each of {@code classes} classes, interleaved by class. */
  static Dataset dataset(int classes, int perClass, int h, int w, int c) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add("c" + k);
    }
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (int k = 0; k < classes; k++) {
        int n = samples.size();
        samples.add(new Sample(pattern(h, w, c, n), k, Origin.real("s" + n)));
      }
    }
    return new Dataset(names, samples);
  }

  /** Writes a BufferedImage with ImageIO in the given format. */
  static Path save(BufferedImage img, String format, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }

  /** A gray BufferedImage of the given size filled with {@code value}. */
  static BufferedImage gray(int w, int h, int value) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, value);
      }
    }
    return img;
  }

  /** An RGB BufferedImage of the given size filled with one colour. */
  static BufferedImage rgb(int w, int h, int r, int g, int b) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }
}
