package io.synthaug.plugins.gan;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * One tiny CGAN run in a process of its own, for {@link SameSeedExperiment}: trains
 * {@code args[0]} steps (of the family {@code args[1]}, CGAN when absent) and prints, per step, the losses' bits and a hash of every weight.
 */
final class DeterminismProbe {

  private DeterminismProbe() {
  }

  public static void main(String[] args) {
    int steps = Integer.parseInt(args[0]);
    GanFamily family = args.length > 1 ? GanFamily.valueOf(args[1]) : GanFamily.CGAN;
    GanTrainingConfig.Builder b = GanTrainingConfig.builder(family, new GanArchitecture(8, 4, 28, 1, 3))
        .optBatchSize(8).optSteps(steps).optSeed(5);
    if (family == GanFamily.WGAN_GP) {
      b.optDiscriminatorSteps(2);
    }
    GanTrainingConfig config = b.build();
    StringBuilder out = new StringBuilder();
    try (DjlGanTrainer t = DjlGanTrainer.create(config, TinyGan.data(48), Device.cpu())) {
      for (int i = 0; i < steps; i++) {
        StepLosses l = t.trainStep();
        List<NamedTensor> all = new ArrayList<>(t.liveGeneratorWeights());
        all.addAll(t.discriminatorWeights());
        long h = 1125899906842597L;
        for (NamedTensor n : all) {
          for (float v : n.values()) {
            h = 31 * h + Float.floatToRawIntBits(v);
          }
        }
        out.append(i + 1).append(' ').append(Integer.toHexString(Float.floatToRawIntBits(l.discriminatorLoss())))
            .append(' ').append(Integer.toHexString(Float.floatToRawIntBits(l.generatorLoss()))).append(' ')
            .append(Long.toHexString(h)).append('\n');
      }
    }
    System.out.print(out);
  }
}
