package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explicit input gradient of the critic and the gradient penalty built on it, checked
 * against autograd and against finite differences, in double precision so the comparisons can
 * be tight.
 */
class CriticGradientTest {

  private static double[] gaussian(SplitMixRandom r, int n, double std) {
    float[] f = new float[n];
    r.fillGaussian(f, 0f, (float) std);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static ConditionalDiscriminator critic(NDManager m, GanArchitecture arch, int n, SplitMixRandom r) {
    ConditionalDiscriminator d = new ConditionalDiscriminator(arch);
    d.initialize(m, DataType.FLOAT64, new Shape(n, arch.channels(), arch.imageSize(), arch.imageSize()),
        new Shape(n, arch.classes()));
    for (Parameter p : d.getParameters().values()) {
      p.getArray().set(gaussian(r, Math.toIntExact(p.getArray().size()), 0.3));
    }
    return d;
  }

  private static NDArray oneHot(NDManager m, int n, int classes) {
    double[] v = new double[n * classes];
    for (int i = 0; i < n; i++) {
      v[i * classes + (i * 7 + 3) % classes] = 1;
    }
    return m.create(v, new Shape(n, classes));
  }

  @ParameterizedTest
  @ValueSource(ints = {28, 32})
  void inputGradientMatchesAutograd(int size) {
    GanArchitecture arch = new GanArchitecture(8, 4, size, size == 28 ? 1 : 3, 5);
    int n = 3;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      SplitMixRandom r = new SplitMixRandom(11);
      ConditionalDiscriminator d = critic(m, arch, n, r);
      NDArray x = m.create(gaussian(r, n * arch.imageValues(), 1.0),
          new Shape(n, arch.channels(), size, size));
      NDArray y = oneHot(m, n, arch.classes());
      x.setRequiresGradient(true);
      NDArray explicit;
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        ConditionalDiscriminator.Pass pass = d.pass(x, y);
        explicit = d.inputGradient(pass).stopGradient();
        gc.backward(pass.scores().sum());
      }
      double[] expected = x.getGradient().toDoubleArray();
      double[] actual = explicit.toDoubleArray();
      assertEquals(expected.length, actual.length);
      double scale = 0;
      for (double v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 1e-3, "gradient should not vanish: " + scale);
      assertArrayEquals(expected, actual, 1e-12 * scale);
    }
  }

  /**
   * The penalty's gradient with respect to the critic's weights (one ordinary backward pass
   * through the explicit input gradient) against central finite differences of the penalty.
   */
  @ParameterizedTest
  @ValueSource(ints = {28, 32})
  void penaltyGradientMatchesFiniteDifferences(int size) {
    GanArchitecture arch = new GanArchitecture(8, 4, size, 1, 3);
    int n = 2;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      SplitMixRandom r = new SplitMixRandom(5);
      ConditionalDiscriminator d = critic(m, arch, n, r);
      NDArray x = m.create(gaussian(r, n * arch.imageValues(), 1.0), new Shape(n, 1, size, size));
      NDArray y = oneHot(m, n, arch.classes());
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        gc.backward(penalty(d, x, y));
      }
      int checked = 0;
      // biases move the penalty only through the piecewise-constant LeakyReLU slopes: no gradient
      for (String name : new String[] {"conv1.weight", "conv2.weight", "conv3.weight", "fc.weight", "embed"}) {
        Parameter p = d.getParameters().get(name);
        double[] analytic = p.getArray().getGradient().toDoubleArray();
        double[] w = p.getArray().toDoubleArray();
        // a spread of entries, including the last
        for (int k = 0; k < 4; k++) {
          // embed: row 0 only, the row of class 0, which the batch uses (image 0)
          int span = name.equals("embed") ? w.length / arch.classes() : w.length;
          int i = (int) ((long) (span - 1) * k / 3);
          double h = 1e-6;
          double[] plus = w.clone();
          plus[i] += h;
          double[] minus = w.clone();
          minus[i] -= h;
          p.getArray().set(plus);
          double up = penalty(d, x, y).getDouble();
          p.getArray().set(minus);
          double down = penalty(d, x, y).getDouble();
          p.getArray().set(w);
          double numeric = (up - down) / (2 * h);
          double tol = 1e-6 * Math.max(1, Math.abs(numeric));
          assertEquals(numeric, analytic[i], tol, name + "[" + i + "]");
          if (Math.abs(numeric) > 1e-4) {
            checked++;
          }
        }
      }
      assertTrue(checked >= 10, "too few entries with a visible gradient: " + checked);
    }
  }

  private static NDArray penalty(ConditionalDiscriminator d, NDArray x, NDArray y) {
    NDArray g = d.inputGradient(d.pass(x, y));
    return g.square().sum(new int[] {1, 2, 3}).add(1e-12).sqrt().sub(1).square().mean();
  }
}
