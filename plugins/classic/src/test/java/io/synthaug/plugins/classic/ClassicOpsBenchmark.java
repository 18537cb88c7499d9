package io.synthaug.plugins.classic;

import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.plugins.classic.ops.BrightnessContrast;
import io.synthaug.plugins.classic.ops.Cutout;
import io.synthaug.plugins.classic.ops.Flips;
import io.synthaug.plugins.classic.ops.Noise;
import io.synthaug.plugins.classic.ops.ResizedCrop;
import io.synthaug.plugins.classic.ops.Rotation;
import io.synthaug.plugins.classic.ops.Translation;
import io.synthaug.plugins.classic.transforms.BrightnessContrastParams;
import io.synthaug.plugins.classic.transforms.CutoutParams;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import io.synthaug.plugins.classic.transforms.NoiseParams;
import io.synthaug.plugins.classic.transforms.ResizedCropParams;
import io.synthaug.plugins.classic.transforms.RotateParams;
import io.synthaug.plugins.classic.transforms.TranslateParams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Single-thread throughput of each pixel operation, and of a whole {@code classic} stage copy,
 * on a 28x28 grayscale and a 256x256 RGB image. Not a test (surefire runs only {@code *Test}):
 * run it by hand after {@code mvn -pl plugins/classic -am test-compile}:
 *
 * <pre>
 * java -cp plugins/classic/target/classes:plugins/classic/target/test-classes:plugin-api/target/classes \
 *     io.synthaug.plugins.classic.ClassicOpsBenchmark [secondsPerCase [opNameFilter]]
 * </pre>
 *
 * <p>Each case is warmed up for the same time it is measured, then timed over whole batches,
 * by the thread's CPU time (what a quiet core would give) and by wall-clock time;
 * the sum of one central output value per call keeps the JIT from dropping the work.
 */
public final class ClassicOpsBenchmark {

  private static double sink;

  private ClassicOpsBenchmark() {
  }

  /**
   * Prints one line per case: image shape, op, then images per second and microseconds per image
   * by the thread's CPU time (robust on a shared machine) and by wall-clock time.
   */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    String filter = args.length > 1 ? args[1] : "";
    System.out.printf("%-10s %-30s %12s %10s %12s %10s%n", "image", "op", "cpu img/s", "cpu us", "wall img/s", "wall us");
    for (Image image : List.of(TestImages.ramp(28, 28, 1), TestImages.ramp(256, 256, 3))) {
      for (Map.Entry<String, UnaryOperator<Image>> c : cases(image).entrySet()) {
        if (!c.getKey().contains(filter)) {
          continue;
        }
        run(c.getValue(), image, seconds);
        double[] rates = run(c.getValue(), image, seconds);
        System.out.printf("%-10s %-30s %12.0f %10.2f %12.0f %10.2f%n", image.shape(), c.getKey(),
            rates[0], 1e6 / rates[0], rates[1], 1e6 / rates[1]);
      }
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static Map<String, UnaryOperator<Image>> cases(Image image) {
    int h = image.height();
    int w = image.width();
    float[] noise = new float[image.pixels().length];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (random.nextGaussian() * 0.05);
    }
    NoiseParams noiseParams = new NoiseParams(1.0, 0.05);
    SplittableRandom drawRandom = new SplittableRandom(2);
    ClassicStage stage = new ClassicStage("bench", new ClassicParams(1, false, null, null, List.of(
        OpSpec.of(new HFlipParams(null)), OpSpec.of(new RotateParams(null, null)),
        OpSpec.of(new TranslateParams(null, null, null)), OpSpec.of(new ResizedCropParams(null, null, null, null, null)),
        OpSpec.of(new NoiseParams(null, null)), OpSpec.of(new BrightnessContrastParams(null, null, null)),
        OpSpec.of(new CutoutParams(null, null, null)))), label -> true);
    SplittableRandom stageRandom = new SplittableRandom(3);

    Map<String, UnaryOperator<Image>> cases = new LinkedHashMap<>();
    cases.put("hflip", Flips::horizontal);
    cases.put("vflip", Flips::vertical);
    cases.put("rotate 12.5deg", im -> Rotation.rotate(im, 12.5));
    cases.put("translate (3,-2) whole", im -> Translation.shift(im, 3, -2));
    cases.put("translate (2.5,-1.5) bilinear", im -> Translation.shift(im, 2.5, -1.5));
    cases.put("resizedCrop 90%x90%", im -> ResizedCrop.apply(im, w / 20, h / 20, w * 9 / 10, h * 9 / 10));
    cases.put("noise add (given values)", im -> Noise.add(im, noise));
    cases.put("noise draw+add", im -> noiseParams.draw(im, drawRandom).apply(im));
    cases.put("brightnessContrast", im -> BrightnessContrast.adjust(im, 0.1, 1.2));
    cases.put("cutout 1/4 side", im -> Cutout.apply(im, w / 3, h / 3, Math.min(h, w) / 4));
    cases.put("stage copy, 7 default ops", im -> {
      Sample s = new Sample(im, 0, Origin.real("bench"));
      return stage.apply(s, stageRandom, 3).get(0).image();
    });
    return cases;
  }

  /**
   * Runs {@code op} in batches for about {@code seconds} of wall-clock time; returns calls per
   * second of this thread's CPU time and calls per second of wall-clock time.
   */
  private static double[] run(UnaryOperator<Image> op, Image image, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long budget = (long) (seconds * 1e9);
    long calls = 0;
    int batch = 1;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long elapsed;
    do {
      for (int i = 0; i < batch; i++) {
        float[] out = op.apply(image).pixels();
        sink += out[out.length / 2 + i % 7];
      }
      calls += batch;
      batch = Math.min(batch * 2, 1 << 16);
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    return new double[] {calls / (cpu / 1e9), calls / (elapsed / 1e9)};
  }
}
