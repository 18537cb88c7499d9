package io.synthaug.plugins.gan;

import ai.djl.Device;

/** Tiny configurations and data that keep trainer tests to a few seconds on two cores. */
final class TinyGan {

  private TinyGan() {
  }

  static GanArchitecture arch() {
    return new GanArchitecture(8, 4, 28, 1, 3);
  }

  /**
   * {@code n} images of three classes: class c is a bright horizontal bar at rows 6 + 8c with a
   * little noise elsewhere, so the classes differ and the losses move.
   */
  static GanData data(int n) {
    SplitMixRandom r = new SplitMixRandom(99);
    float[] images = new float[n * 784];
    int[] labels = new int[n];
    float[] noise = new float[784];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      r.fillGaussian(noise, -0.9f, 0.05f);
      for (int p = 0; p < 784; p++) {
        int row = p / 28;
        images[i * 784 + p] = Math.abs(row - (6 + 8 * labels[i])) <= 1 ? 0.9f : Math.max(-1f, Math.min(1f, noise[p]));
      }
    }
    return new GanData(images, labels, 1, 28, 3);
  }

  static GanTrainingConfig.Builder config(GanFamily family) {
    GanTrainingConfig.Builder b = GanTrainingConfig.builder(family, arch()).optBatchSize(8).optSteps(20).optSeed(7);
    if (family == GanFamily.WGAN_GP) {
      b.optDiscriminatorSteps(2);
    }
    return b;
  }

  static DjlGanTrainer trainer(GanTrainingConfig config) {
    return DjlGanTrainer.create(config, data(48), Device.cpu());
  }
}
