package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Where a training step's time goes, batch 64 on 28x28: the generator's forward pass, the
 * discriminator on real and fake images, the gradient penalty (explicit input gradient and its
 * backward pass), and a generator update. Not run by default; run with
 * {@code OMP_WAIT_POLICY=PASSIVE mvn -o -pl plugins/gan -am test -Dtest=StepProfileExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dprofile.base=32}).
 */
class StepProfileExperiment {

  @Test
  void run() {
    int n = 64;
    GanArchitecture arch = new GanArchitecture(64, Integer.getInteger("profile.base", 32), 28, 1, 10);
    SplitMixRandom random = new SplitMixRandom(1);
    HostUpload upload = new HostUpload();
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      ConditionalGenerator g = new ConditionalGenerator(arch);
      g.initialize(m, DataType.FLOAT32, new Shape(n, 64), new Shape(n, 10));
      ConditionalDiscriminator d = new ConditionalDiscriminator(arch);
      d.initialize(m, DataType.FLOAT32, new Shape(n, 1, 28, 28), new Shape(n, 10));
      ParameterStore ps = new ParameterStore(m, false);
      long[] total = new long[4];
      int warmup = 5;
      int rounds = 20;
      for (int it = 0; it < warmup + rounds; it++) {
        try (NDManager s = m.newSubManager()) {
          float[] values = new float[n * 784];
          random.fillGaussian(values, 0f, 0.5f);
          NDArray real = upload.floats(s, values, new Shape(n, 1, 28, 28));
          float[] noise = new float[n * 64];
          random.fillGaussian(noise, 0f, 1f);
          NDArray z = upload.floats(s, noise, new Shape(n, 64));
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
          }
          NDArray y = upload.floats(s, GanOps.oneHot(labels, 10), new Shape(n, 10));
          long t0 = System.nanoTime();
          NDArray fake = g.forward(ps, new NDList(z, y), true).singletonOrThrow();
          fake.getFloat(0, 0, 0, 0);
          long t1 = System.nanoTime();
          NDArray mixed = real.mul(0.5f).add(fake.mul(0.5f));
          try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray scores = d.score(NDArrays.concat(new NDList(real, fake)), NDArrays.concat(new NDList(y, y)));
            gc.backward(scores.mean());
          }
          long t2 = System.nanoTime();
          try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray slope = d.inputGradient(d.pass(mixed, y));
            gc.backward(slope.square().sum(new int[] {1, 2, 3}).add(1e-12f).sqrt().sub(1f).square().mean());
          }
          long t3 = System.nanoTime();
          try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray again = g.forward(ps, new NDList(z, y), true).singletonOrThrow();
            gc.backward(d.score(again, y).mean());
          }
          long t4 = System.nanoTime();
          if (it >= warmup) {
            total[0] += t1 - t0;
            total[1] += t2 - t1;
            total[2] += t3 - t2;
            total[3] += t4 - t3;
          }
        }
      }
      // five critic steps' fake batches from one generator pass instead of five
      long batched = 0;
      for (int it = 0; it < warmup + rounds; it++) {
        try (NDManager s = m.newSubManager()) {
          float[] noise = new float[5 * n * 64];
          random.fillGaussian(noise, 0f, 1f);
          NDArray z = upload.floats(s, noise, new Shape(5 * n, 64));
          int[] labels = new int[5 * n];
          for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
          }
          NDArray y = upload.floats(s, GanOps.oneHot(labels, 10), new Shape(5 * n, 10));
          long t0 = System.nanoTime();
          g.forward(ps, new NDList(z, y), true).singletonOrThrow().getFloat(0, 0, 0, 0);
          if (it >= warmup) {
            batched += System.nanoTime() - t0;
          }
        }
      }
      double f = 1e6 * rounds;
      System.out.printf(Locale.ROOT, "G forward of 5N at once: %.1f ms (5 x N: %.1f ms)%n", batched / f, 5 * total[0] / f);
      System.out.printf(Locale.ROOT, "base %d, batch %d: G forward %.1f ms, D forward+backward on 2N %.1f ms, "
          + "penalty forward+backward on N %.1f ms, G update pass %.1f ms, load %s%n", arch.baseChannels(), n,
          total[0] / f, total[1] / f, total[2] / f, total[3] / f, GanSpeedExperiment.loadAverage());
    }
  }
}
