package io.synthaug.bench.classic;

import io.synthaug.api.Image;
import io.synthaug.api.Seeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The images and per-image op parameters both sides of the classic suite work on: generated
 * here from a seed, and written to files (little-endian float32 HWC images, float64 parameter
 * rows) that the Python peer reads, so both sides see identical data.
 *
 * <p>Parameters are drawn as the classic plugin's defaults draw them, and their columns match
 * {@code bench/peers/classic_ops.py}.
 */
final class BenchImages {

  static final int ANGLE = 0;
  static final int DX = 1;
  static final int DY = 2;
  static final int DX_FRACTIONAL = 3;
  static final int DY_FRACTIONAL = 4;
  static final int DELTA = 5;
  static final int FACTOR = 6;
  static final int CUT_X = 7;
  static final int CUT_Y = 8;
  static final int CUT_SIZE = 9;
  static final int PARAM_COUNT = 10;

  final String name;
  final int height;
  final int width;
  final int channels;
  final Image[] images;
  final double[][] params;
  final Path imageFile;
  final Path paramFile;

  private BenchImages(String name, int height, int width, int channels, Image[] images, double[][] params,
      Path imageFile, Path paramFile) {
    this.name = name;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.images = images;
    this.params = params;
    this.imageFile = imageFile;
    this.paramFile = paramFile;
  }

  /** The name of the set of images of this shape, e.g. {@code 28x28x1}: its files' and its rows' name. */
  static String name(int height, int width, int channels) {
    return height + "x" + width + "x" + channels;
  }

  /**
   * {@code count} images of the given shape and their parameters, image {@code i} drawn from
   * {@code Seeds.derive(seed, i)}, written to files in {@code dir}.
   */
  static BenchImages generate(int height, int width, int channels, int count, long seed, Path dir) throws IOException {
    String name = name(height, width, channels);
    Image[] images = new Image[count];
    double[][] params = new double[count][];
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, i));
      images[i] = pattern(height, width, channels, random);
      params[i] = draw(height, width, random);
    }
    Path imageFile = dir.resolve("images-" + name + ".f32");
    Path paramFile = dir.resolve("params-" + name + ".f64");
    writeFloats(imageFile, images);
    try (FileChannel ch = open(paramFile)) {
      ByteBuffer buf = ByteBuffer.allocate(count * PARAM_COUNT * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] row : params) {
        for (double v : row) {
          buf.putDouble(v);
        }
      }
      write(ch, buf);
    }
    return new BenchImages(name, height, width, channels, images, params, imageFile, paramFile);
  }

  /**
   * A smooth product of sines per channel plus fine noise, clamped: content with edges and
   * flat stretches, so no op meets only a trivial input.
   */
  private static Image pattern(int height, int width, int channels, SplittableRandom random) {
    float[] pixels = new float[height * width * channels];
    for (int c = 0; c < channels; c++) {
      double fy = random.nextDouble(0.05, 0.6);
      double fx = random.nextDouble(0.05, 0.6);
      double py = random.nextDouble(0, 2 * Math.PI);
      double px = random.nextDouble(0, 2 * Math.PI);
      double[] cols = new double[width];
      for (int x = 0; x < width; x++) {
        cols[x] = Math.sin(fx * x + px);
      }
      for (int y = 0; y < height; y++) {
        double row = Math.sin(fy * y + py);
        for (int x = 0; x < width; x++) {
          double v = 0.5 + 0.45 * row * cols[x] + 0.1 * (random.nextDouble() - 0.5);
          pixels[(y * width + x) * channels + c] = (float) Math.max(0.0, Math.min(1.0, v));
        }
      }
    }
    return new Image(height, width, channels, pixels);
  }

  /** One image's parameters, with the classic plugin's default ranges. */
  private static double[] draw(int height, int width, SplittableRandom random) {
    double[] p = new double[PARAM_COUNT];
    double maxX = width / 8.0;
    double maxY = height / 8.0;
    p[ANGLE] = random.nextDouble(-15.0, 15.0);
    p[DX] = Math.rint(random.nextDouble(-maxX, maxX)) + 0.0;
    p[DY] = Math.rint(random.nextDouble(-maxY, maxY)) + 0.0;
    p[DX_FRACTIONAL] = random.nextDouble(-maxX, maxX);
    p[DY_FRACTIONAL] = random.nextDouble(-maxY, maxY);
    p[DELTA] = random.nextDouble(-0.2, 0.2);
    p[FACTOR] = random.nextDouble(0.8, 1.2);
    int side = (int) Math.max(1, Math.round(0.25 * Math.min(height, width)));
    p[CUT_X] = random.nextInt(width) - side / 2;
    p[CUT_Y] = random.nextInt(height) - side / 2;
    p[CUT_SIZE] = side;
    return p;
  }

  /** Writes {@code images}' pixels one after another, for the peer to compare with its own. */
  static void writeFloats(Path file, Image[] images) throws IOException {
    try (FileChannel ch = open(file)) {
      for (Image image : images) {
        float[] px = image.pixels();
        ByteBuffer buf = ByteBuffer.allocate(px.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(px);
        write(ch, buf);
      }
    }
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void write(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.rewind();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
