package io.synthaug.plugins.gan;

import ai.djl.Device;
import io.synthaug.api.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Trains a GAN on the fixed 3,000-digit MNIST subset (first 300 of each digit) and measures:
 * training time and speed, label agreement (the share of 1,000 generated digits per class that
 * an independent judge CNN, trained on the other 7,000 digits, assigns to the requested class),
 * and process memory. Not run by default; run with
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE mvn -o -pl plugins/gan -am test -Dtest=GanQualityExperiment \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgan.family=CGAN
 * </pre>
 * Options: {@code -Dgan.family=CGAN|WGAN_GP}, {@code -Dgan.base}, {@code -Dgan.steps},
 * {@code -Dgan.batch}, {@code -Dgan.seed}, {@code -Dgan.lr}, {@code -Dgan.dsteps},
 * {@code -Dmnist.dir}. Results go to {@code plugins/gan/target/experiments/}.
 */
class GanQualityExperiment {

  @Test
  void run() throws IOException {
    GanFamily family = GanFamily.valueOf(System.getProperty("gan.family", "CGAN"));
    MnistDigits mnist = MnistDigits.load(MnistDigits.dir(), 300);
    GanData data = mnist.train.toGanData();
    GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
    GanTrainingConfig defaults = GanTrainingConfig.builder(family, arch).build();
    if (System.getProperty("gan.base") != null) {
      arch = new GanArchitecture(arch.zDim(), Integer.getInteger("gan.base"), 28, 1, 10);
    }
    GanTrainingConfig.Builder b = GanTrainingConfig.builder(family, arch).optSteps(defaults.steps())
        .optBatchSize(defaults.batchSize()).optSeed(Long.getLong("gan.seed", 1L));
    if (System.getProperty("gan.steps") != null) {
      b.optSteps(Integer.getInteger("gan.steps"));
    }
    if (System.getProperty("gan.batch") != null) {
      b.optBatchSize(Integer.getInteger("gan.batch"));
    }
    if (System.getProperty("gan.lr") != null) {
      b.optLearningRate(Double.parseDouble(System.getProperty("gan.lr")));
    }
    if (System.getProperty("gan.dsteps") != null) {
      b.optDiscriminatorSteps(Integer.getInteger("gan.dsteps"));
    }
    GanTrainingConfig config = b.build();
    String name = String.format(Locale.ROOT, "%s-b%d-s%d-n%d-lr%s-d%d-seed%d", family, arch.baseChannels(),
        config.steps(), config.batchSize(), config.generatorLr(), config.discriminatorSteps(), config.seed());
    Path out = Path.of("target", "experiments", name);
    Files.createDirectories(out);
    StringBuilder report = new StringBuilder();
    report.append("config: ").append(config).append('\n');
    report.append(String.format(Locale.ROOT, "env: OMP_WAIT_POLICY=%s cores=%d load-before=%s%n",
        System.getenv("OMP_WAIT_POLICY"), Runtime.getRuntime().availableProcessors(), GanSpeedExperiment.loadAverage()));

    long rssBefore = MemoryProbe.rssKb();
    long start = System.nanoTime();
    long[] rssAt = new long[5];
    try (DjlGanTrainer trainer = DjlGanTrainer.create(config, data, Device.cpu())) {
      trainer.train(new PrintingProgress(config.steps() / 10), null, 1);
      double trainSec = (System.nanoTime() - start) / 1e9;
      double imgPerSec = (double) config.steps() * config.batchSize() * config.discriminatorSteps() / trainSec;
      report.append(String.format(Locale.ROOT, "training: %.1f s for %d steps (%.1f ms/step, %.0f real img/s), "
          + "load-after=%s%n", trainSec, config.steps(), trainSec * 1000 / config.steps(), imgPerSec,
          GanSpeedExperiment.loadAverage()));
      report.append(String.format(Locale.ROOT, "rss: before %d MB, after training %d MB, base-manager arrays %d%n",
          rssBefore / 1024, MemoryProbe.rssKb() / 1024, trainer.managedArrayCount()));
      writeLosses(out.resolve("losses.csv"), trainer.losses());

      long ckStart = System.nanoTime();
      Path ck = out.resolve("final.ckpt");
      trainer.saveCheckpoint(ck);
      report.append(String.format(Locale.ROOT, "checkpoint: %.0f ms, %d KB%n", (System.nanoTime() - ckStart) / 1e6,
          Files.size(ck) / 1024));

      int perClass = 1000;
      int[] labels = new int[perClass * 10];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % 10;
      }
      float[] noise = new float[labels.length * arch.zDim()];
      new SplitMixRandom(4242).fillGaussian(noise, 0f, 1f);
      long genStart = System.nanoTime();
      float[] images = trainer.generate(labels, noise);
      double genSec = (System.nanoTime() - genStart) / 1e9;
      for (int i = 0; i < images.length; i++) {
        images[i] = (images[i] + 1f) / 2f;
      }
      writeGrid(out.resolve("samples.png"), images, 10, 10);
      report.append(String.format(Locale.ROOT, "sampling (DJL, EMA generator): %d images in %.2f s%n", labels.length,
          genSec));

      try (DigitJudge judge = DigitJudge.trainOrLoad(mnist.rest, 3, Path.of("target", "experiments", "judge.params"))) {
        report.append(String.format(Locale.ROOT, "judge accuracy on the 3,000 real GAN training digits: %.4f%n",
            judge.accuracy(mnist.train.images(), mnist.train.labels())));
        int[] pred = judge.predict(images);
        int[] hit = new int[10];
        int total = 0;
        for (int i = 0; i < pred.length; i++) {
          if (pred[i] == labels[i]) {
            hit[labels[i]]++;
            total++;
          }
        }
        report.append("label agreement per class:");
        double worst = 1;
        for (int c = 0; c < 10; c++) {
          double share = hit[c] / (double) perClass;
          worst = Math.min(worst, share);
          report.append(String.format(Locale.ROOT, " %d:%.3f", c, share));
        }
        report.append(String.format(Locale.ROOT, "%nlabel agreement overall: %.4f (worst class %.3f)%n",
            total / (double) pred.length, worst));
      }
    }
    System.out.print(report);
    Files.writeString(out.resolve("report.txt"), report.toString());
  }

  private static void writeLosses(Path file, List<StepLosses> losses) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(StepLosses.CSV_HEADER);
    for (StepLosses l : losses) {
      lines.add(l.toCsvRow());
    }
    Files.write(file, lines);
  }

  private static void writeGrid(Path file, float[] images, int rows, int cols) {
    BufferedImage img = new BufferedImage(cols * 28, rows * 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        // image index: column c is class c, row r the r-th sample of that class
        int idx = r * 10 + c;
        for (int y = 0; y < 28; y++) {
          for (int x = 0; x < 28; x++) {
            int v = Math.round(Math.max(0, Math.min(1, images[idx * 784 + y * 28 + x])) * 255);
            img.getRaster().setSample(c * 28 + x, r * 28 + y, 0, v);
          }
        }
      }
    }
    try {
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints a line every {@code every} steps. */
  static final class PrintingProgress implements Progress {
    private final int every;

    PrintingProgress(int every) {
      this.every = Math.max(1, every);
    }

    @Override
    public Task start(String name, long total, String unit) {
      long t0 = System.nanoTime();
      return new Task() {
        long done;
        String status = "";

        @Override
        public void advance(long steps) {
          done += steps;
          if (steps > 0 && done % every == 0) {
            System.out.printf(Locale.ROOT, "%s %d/%d %s  %s  %.0fs%n", name, done, total, unit, status,
                (System.nanoTime() - t0) / 1e9);
          }
        }

        @Override
        public void status(String text) {
          status = text;
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
