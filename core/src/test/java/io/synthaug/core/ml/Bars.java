package io.synthaug.core.ml;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic images whose class is the orientation of one bar (horizontal, vertical, diagonal,
 * anti-diagonal) at a random place, length, brightness and colour over a noisy background: easy
 * for a CNN, impossible for a pixel-count rule, and made in milliseconds.
 */
final class Bars {

  static final List<String> CLASSES = List.of("horizontal", "vertical", "diagonal", "antidiagonal");

  private Bars() {
  }

  /** {@code perClass} images of each class, classes interleaved, all {@code size x size x channels}. */
  static Dataset dataset(int perClass, int size, int channels, long seed) {
    Random rng = new Random(seed);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (int k = 0; k < CLASSES.size(); k++) {
        samples.add(new Sample(bar(k, size, channels, rng), k, Origin.real("bars-" + seed + "-" + samples.size())));
      }
    }
    return new Dataset(CLASSES, samples);
  }

  /** One image of class {@code k}. */
  static Image bar(int k, int size, int channels, Random rng) {
    float[] background = new float[channels];
    float[] colour = new float[channels];
    for (int c = 0; c < channels; c++) {
      background[c] = 0.2f * rng.nextFloat();
      colour[c] = 0.6f + 0.4f * rng.nextFloat();
    }
    float[] px = new float[size * size * channels];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < channels; c++) {
          px[(y * size + x) * channels + c] = background[c];
        }
      }
    }
    int length = size / 2 + rng.nextInt(size / 2 + 1);
    int start = rng.nextInt(size - length + 1);
    int offset = rng.nextInt(size / 2) - size / 4;
    int line = 2 + rng.nextInt(size - 4);
    for (int t = start; t < start + length; t++) {
      for (int thick = 0; thick < 2; thick++) {
        int y;
        int x;
        switch (k) {
          case 0 -> {
            y = line + thick - 1;
            x = t;
          }
          case 1 -> {
            y = t;
            x = line + thick - 1;
          }
          case 2 -> {
            y = t;
            x = t + offset + thick;
          }
          default -> {
            y = t;
            x = size - 1 - t + offset + thick;
          }
        }
        if (y >= 0 && y < size && x >= 0 && x < size) {
          for (int c = 0; c < channels; c++) {
            px[(y * size + x) * channels + c] = colour[c];
          }
        }
      }
    }
    for (int i = 0; i < px.length; i++) {
      px[i] = Math.min(1f, Math.max(0f, px[i] + (float) (0.05 * rng.nextGaussian())));
    }
    return new Image(size, size, channels, px);
  }

  /** {@code n} images of uniform random pixels. */
  static List<Image> noise(int n, int size, int channels, long seed) {
    Random rng = new Random(seed);
    List<Image> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] px = new float[size * size * channels];
      for (int j = 0; j < px.length; j++) {
        px[j] = rng.nextFloat();
      }
      out.add(new Image(size, size, channels, px));
    }
    return out;
  }

  /** The images of a dataset, in order. */
  static List<Image> images(Dataset d) {
    List<Image> out = new ArrayList<>(d.size());
    for (Sample s : d.samples()) {
      out.add(s.image());
    }
    return out;
  }
}
