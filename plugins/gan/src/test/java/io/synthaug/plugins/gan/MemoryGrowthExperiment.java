package io.synthaug.plugins.gan;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Resident memory over a long run of small steps, printed every 100 steps, to tell a leak (linear
 * growth) from allocator warm-up (growth that levels off). Not run by default; run with
 * {@code mvn -o -pl plugins/gan -am test -Dtest=MemoryGrowthExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dmem.family}, {@code -Dmem.steps},
 * {@code -Dmem.gc=true} to collect garbage before each reading).
 */
class MemoryGrowthExperiment {

  @Test
  void run() {
    GanFamily family = GanFamily.valueOf(System.getProperty("mem.family", "CGAN"));
    int steps = Integer.getInteger("mem.steps", 1000);
    boolean gc = Boolean.getBoolean("mem.gc");
    GanArchitecture arch = new GanArchitecture(16, 8, 28, 1, 3);
    GanTrainingConfig config = GanTrainingConfig.builder(family, arch).optBatchSize(16).optSteps(steps).optSeed(3)
        .optDiscriminatorSteps(family == GanFamily.WGAN_GP ? 2 : 1).build();
    try (DjlGanTrainer t = TinyGan.trainer(config)) {
      long start = System.nanoTime();
      for (int i = 1; i <= steps; i++) {
        t.trainStep();
        if (i % 100 == 0) {
          if (gc) {
            System.gc();
          }
          System.out.printf(Locale.ROOT, "%s step %d: RSS %d MB, arrays %d, %.1f ms/step%n", family, i,
              MemoryProbe.rssKb() / 1024, t.engineArrayCount(), (System.nanoTime() - start) / 1e6 / i);
        }
      }
    }
  }
}
