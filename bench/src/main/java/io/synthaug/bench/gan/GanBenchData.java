package io.synthaug.bench.gan;

import io.synthaug.api.Seeds;
import io.synthaug.bench.LittleEndianFiles;
import io.synthaug.plugins.gan.GanArchitecture;
import io.synthaug.plugins.gan.GanData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Training images for the GAN suites, the same on both sides: digit-sized strokes drawn from a
 * seed (a thick line per image whose angle depends on the class, plus faint noise), in [-1, 1],
 * NCHW, written for the peer as raw float32 and int32 files.
 *
 * <p>What the images show does not change the work of a training step (every layer is dense);
 * they only need to be the same for both sides and plausible for a GAN to learn.
 */
final class GanBenchData {

  final GanData data;
  final Path imageFile;
  final Path labelFile;
  final int count;

  private GanBenchData(GanData data, Path imageFile, Path labelFile, int count) {
    this.data = data;
    this.imageFile = imageFile;
    this.labelFile = labelFile;
    this.count = count;
  }

  /** {@code count} images for {@code arch}, image {@code i} drawn from {@code Seeds.derive(seed, i)}. */
  static GanBenchData generate(GanArchitecture arch, int count, long seed, Path dir) throws IOException {
    int size = arch.imageSize();
    int ch = arch.channels();
    int per = arch.imageValues();
    float[] images = new float[count * per];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, i));
      int label = i % arch.classes();
      labels[i] = label;
      double angle = Math.PI * label / arch.classes() + random.nextDouble(-0.2, 0.2);
      double cx = (size - 1) / 2.0 + random.nextDouble(-2, 2);
      double cy = (size - 1) / 2.0 + random.nextDouble(-2, 2);
      double ux = Math.cos(angle);
      double uy = Math.sin(angle);
      for (int c = 0; c < ch; c++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double along = (x - cx) * ux + (y - cy) * uy;
            double across = -(x - cx) * uy + (y - cy) * ux;
            double ink = Math.abs(along) < size * 0.35 ? Math.exp(-across * across / 3.0) : 0.0;
            double v = 2 * Math.min(1.0, ink + 0.05 * random.nextDouble()) - 1;
            images[i * per + (c * size + y) * size + x] = (float) v;
          }
        }
      }
    }
    String name = "gan-" + ch + "x" + size + "x" + size;
    Path imageFile = dir.resolve(name + ".f32");
    Path labelFile = dir.resolve(name + "-labels.i32");
    LittleEndianFiles.writeFloats(imageFile, images);
    LittleEndianFiles.writeInts(labelFile, labels);
    return new GanBenchData(new GanData(images, labels, ch, size, arch.classes()), imageFile, labelFile, count);
  }
}
