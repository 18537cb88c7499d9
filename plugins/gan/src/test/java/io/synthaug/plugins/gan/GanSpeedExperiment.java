package io.synthaug.plugins.gan;

import ai.djl.Device;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Training speed per architecture and family on the MNIST subset. Not run by default; run with
 * {@code OMP_WAIT_POLICY=PASSIVE mvn -o -pl plugins/gan -am test -Dtest=GanSpeedExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false} (optional {@code -Dspeed.bases=16,32,64},
 * {@code -Dspeed.families=CGAN,WGAN_GP}, {@code -Dspeed.steps=30}).
 */
class GanSpeedExperiment {

  @Test
  void measure() {
    MnistDigits mnist = MnistDigits.load(MnistDigits.dir(), 300);
    GanData data = mnist.train.toGanData();
    int steps = Integer.getInteger("speed.steps", 30);
    int batch = Integer.getInteger("speed.batch", 64);
    System.out.println("OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + " cores="
        + Runtime.getRuntime().availableProcessors());
    for (String fam : System.getProperty("speed.families", "CGAN,WGAN_GP").split(",")) {
      for (String b : System.getProperty("speed.bases", "16,32,64").split(",")) {
        GanFamily family = GanFamily.valueOf(fam.trim());
        GanArchitecture arch = new GanArchitecture(64, Integer.parseInt(b.trim()), 28, 1, 10);
        GanTrainingConfig config = GanTrainingConfig.builder(family, arch).optBatchSize(batch).optSteps(steps + 5)
            .build();
        try (DjlGanTrainer t = DjlGanTrainer.create(config, data, Device.cpu())) {
          for (int i = 0; i < 5; i++) {
            t.trainStep();
          }
          long start = System.nanoTime();
          for (int i = 0; i < steps; i++) {
            t.trainStep();
          }
          double sec = (System.nanoTime() - start) / 1e9;
          double msPerStep = sec * 1000 / steps;
          // real images consumed per second (CGAN: batch per step; WGAN: batch per critic step)
          double img = (double) steps * batch * config.discriminatorSteps() / sec;
          System.out.printf(Locale.ROOT, "%s base=%d batch=%d: %.1f ms/step, %.0f real img/s, %.0f G-steps/min, "
              + "load=%s%n", family, arch.baseChannels(), batch, msPerStep, img, 60000 / msPerStep, loadAverage());
        }
      }
    }
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
