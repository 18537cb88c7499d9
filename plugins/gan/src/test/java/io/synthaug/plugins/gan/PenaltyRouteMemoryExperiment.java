package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Resident memory of two ways to backpropagate the gradient penalty through the critic, over
 * the same steps: the create-graph backward pass (dD/dx by autograd, then the penalty's
 * backward) and the explicit input gradient the trainer uses. Not run by default; run with
 * {@code mvn -o -pl plugins/gan -am test -Dtest=PenaltyRouteMemoryExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dpenalty.steps}, {@code -Dpenalty.batch}).
 */
class PenaltyRouteMemoryExperiment {

  @Test
  void compare() {
    int steps = Integer.getInteger("penalty.steps", 300);
    int n = Integer.getInteger("penalty.batch", 32);
    GanArchitecture arch = new GanArchitecture(16, 8, 28, 1, 3);
    for (boolean createGraph : new boolean[] {false, true}) {
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
        ConditionalDiscriminator d = new ConditionalDiscriminator(arch);
        d.initialize(m, DataType.FLOAT32, new Shape(n, 1, 28, 28), new Shape(n, 3));
        SplitMixRandom r = new SplitMixRandom(1);
        for (var p : d.getParameters().values()) {
          float[] v = new float[Math.toIntExact(p.getArray().size())];
          r.fillGaussian(v, 0f, 0.05f);
          p.getArray().set(v);
        }
        HostUpload upload = new HostUpload();
        long start = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps + 20; i++) {
          if (i == 20) {
            System.gc();
            start = MemoryProbe.rssKb();
            t0 = System.nanoTime();
          }
          try (NDManager s = m.newSubManager()) {
            float[] x = new float[n * 784];
            r.fillGaussian(x, 0f, 1f);
            float[] y = new float[n * 3];
            for (int k = 0; k < n; k++) {
              y[k * 3 + k % 3] = 1f;
            }
            NDArray mixed = upload.floats(s, x, new Shape(n, 1, 28, 28));
            NDArray oneHot = upload.floats(s, y, new Shape(n, 3));
            GanOps.zeroGradients(d);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
              NDArray slope;
              if (createGraph) {
                mixed.setRequiresGradient(true);
                NDArray scores = d.score(mixed, oneHot);
                JniUtils.backward((PtNDArray) scores.sum(), (PtNDArray) s.ones(new Shape()), true, true);
                slope = mixed.getGradient();
                slope.attach(s);
                GanOps.zeroGradients(d);
              } else {
                slope = d.inputGradient(d.pass(mixed, oneHot));
              }
              NDArray penalty = slope.square().sum(new int[] {1, 2, 3}).add(1e-12f).sqrt().sub(1f).square().mean();
              gc.backward(penalty);
            }
          }
        }
        System.gc();
        long grown = MemoryProbe.rssKb() - start;
        System.out.printf(Locale.ROOT, "%s: %d critic steps of batch %d, RSS %+d MB (%.0f kB/step), %.1f ms/step%n",
            createGraph ? "create-graph backward" : "explicit input gradient", steps, n, grown / 1024,
            grown / (double) steps, (System.nanoTime() - t0) / 1e6 / steps);
      }
    }
  }
}
