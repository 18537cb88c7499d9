package io.synthaug.plugins.diffaugment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pf4j.Extension;

/** What every policy owes the trainer, checked on all three. */
class PolicyContractTest extends CpuManagerTest {

  static Stream<DiffAugmentPolicy> policies() {
    return Nd.allPolicies().stream();
  }

  @ParameterizedTest
  @MethodSource("policies")
  void describesItselfAndIsAnExtension(DiffAugmentPolicy policy) {
    assertTrue(policy.name().matches("[a-z0-9-]+"), policy.name());
    assertFalse(policy.description().isBlank());
    assertFalse(policy.description().contains("\n"));
    assertNotNull(policy.getClass().getAnnotation(Extension.class));
  }

  /** Every shape the trainers use: N 1..5, grayscale and RGB, 28 and 32 pixels. */
  @ParameterizedTest
  @MethodSource("policies")
  void keepsTheShapeAndChangesEveryImage(DiffAugmentPolicy policy) {
    for (int n = 1; n <= 5; n++) {
      for (int c : new int[] {1, 3}) {
        for (int size : new int[] {28, 32}) {
          float[] in = Nd.pattern(n, c, size, size, n * 100 + c * 10 + size);
          NDArray images = Nd.batch(manager, in, n, c, size, size);
          // Seed 1 draws no zero shift for any of these images (checked by the assertion itself).
          NDArray out = policy.apply(images, Nd.flags(n, true), new SplittableRandom(1));
          assertEquals(new Shape(n, c, size, size), out.getShape());
          assertEquals(DataType.FLOAT32, out.getDataType());
          float[] values = out.toFloatArray();
          int per = c * size * size;
          for (int i = 0; i < n; i++) {
            assertFalse(Arrays.equals(in, i * per, (i + 1) * per, values, i * per, (i + 1) * per),
                policy.name() + " left image " + i + " of " + n + "x" + c + "x" + size + " unchanged");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("policies")
  void disabledImagesPassExactly(DiffAugmentPolicy policy) {
    int n = 4;
    float[] in = Nd.pattern(n, 3, 16, 16, 5);
    NDArray images = Nd.batch(manager, in, n, 3, 16, 16);
    assertSame(images, policy.apply(images, Nd.flags(n, false), new SplittableRandom(3)));

    boolean[] some = {true, false, true, false};
    float[] mixed = policy.apply(images, some, new SplittableRandom(3)).toFloatArray();
    float[] all = policy.apply(images, Nd.flags(n, true), new SplittableRandom(3)).toFloatArray();
    int per = 3 * 16 * 16;
    for (int i = 0; i < n; i++) {
      float[] expected = some[i] ? all : in;
      // Disabled: the input bit for bit. Enabled: the same as when all are enabled, since every
      // image draws its parameters whatever the flags.
      assertArrayEquals(Arrays.copyOfRange(expected, i * per, (i + 1) * per),
          Arrays.copyOfRange(mixed, i * per, (i + 1) * per), policy.name() + " image " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("policies")
  void sameSeedSameOutputOtherSeedOtherOutput(DiffAugmentPolicy policy) {
    int n = 8;
    NDArray images = Nd.batch(manager, Nd.pattern(n, 1, 28, 28, 11), n, 1, 28, 28);
    float[] a = policy.apply(images, Nd.flags(n, true), new SplittableRandom(42)).toFloatArray();
    float[] b = policy.apply(images, Nd.flags(n, true), new SplittableRandom(42)).toFloatArray();
    float[] c = policy.apply(images, Nd.flags(n, true), new SplittableRandom(43)).toFloatArray();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void rejectsBadShapesAndFlagCounts(DiffAugmentPolicy policy) {
    NDArray three = manager.zeros(new Shape(2, 28, 28));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> policy.apply(three, Nd.flags(2, true), new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("(N, C, H, W)") && e.getMessage().contains("(2, 28, 28)"), e.getMessage());

    NDArray four = manager.zeros(new Shape(2, 1, 28, 28));
    e = assertThrows(IllegalArgumentException.class,
        () -> policy.apply(four, Nd.flags(3, true), new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("3 enabled flags for a batch of 2"), e.getMessage());
  }

  /**
   * A tiny generator, images = tanh(x * W), through the policy into a D-like weighted sum: the
   * gradient reaching W is finite, non-zero, and equals central finite differences (in float64,
   * the policy's draws replayed from the same seed for every evaluation).
   */
  @ParameterizedTest
  @MethodSource("policies")
  void gradientsReachTheGeneratorAndMatchFiniteDifferences(DiffAugmentPolicy policy) {
    int n = 2;
    int c = 3;
    int h = 8;
    int w = 8;
    int per = c * h * w;
    double[] x = toDouble(Nd.pattern(n, c, h, w, 21));
    double[] weights = toDouble(Nd.pattern(n, c, h, w, 22));
    double[] wValues = toDouble(Nd.pattern(1, c, h, w, 23));
    for (int i = 0; i < wValues.length; i++) {
      wValues[i] *= 2;
    }
    long seed = 7;

    double[] analytic;
    try (NDManager step = manager.newSubManager()) {
      NDArray weight = step.create(wValues, new Shape(1, c, h, w));
      weight.setRequiresGradient(true);
      try (GradientCollector collector = step.getEngine().newGradientCollector()) {
        NDArray loss = loss(step, policy, x, weights, weight, n, seed);
        collector.backward(loss);
      }
      analytic = weight.getGradient().toDoubleArray();
    }

    double epsilon = 1e-6;
    double maxError = 0;
    double maxAbs = 0;
    for (int k = 0; k < per; k++) {
      assertTrue(Double.isFinite(analytic[k]), policy.name() + " gradient " + k + " = " + analytic[k]);
      maxAbs = Math.max(maxAbs, Math.abs(analytic[k]));
      double[] plus = wValues.clone();
      double[] minus = wValues.clone();
      plus[k] += epsilon;
      minus[k] -= epsilon;
      double numeric = (lossAt(policy, x, weights, plus, n, seed) - lossAt(policy, x, weights, minus, n, seed))
          / (2 * epsilon);
      maxError = Math.max(maxError, Math.abs(numeric - analytic[k]));
    }
    assertTrue(maxAbs > 0.01, policy.name() + " gradient vanishes: max |dL/dW| = " + maxAbs);
    assertTrue(maxError < 1e-6, policy.name() + " analytic vs finite difference: max error " + maxError);
  }

  /** The policy keeps a float64 batch in float64, which the finite-difference test relies on. */
  @ParameterizedTest
  @MethodSource("policies")
  void keepsDoublePrecision(DiffAugmentPolicy policy) {
    NDArray images = manager.create(toDouble(Nd.pattern(2, 1, 8, 8, 3)), new Shape(2, 1, 8, 8));
    assertEquals(DataType.FLOAT64, policy.apply(images, Nd.flags(2, true), new SplittableRandom(1)).getDataType());
  }

  private static double lossAt(DiffAugmentPolicy policy, double[] x, double[] weights, double[] wValues, int n,
      long seed) {
    try (NDManager step = manager.newSubManager()) {
      NDArray weight = step.create(wValues, new Shape(1, x.length / n));
      return loss(step, policy, x, weights, weight.reshape(1, 3, 8, 8), n, seed).getDouble();
    }
  }

  private static NDArray loss(NDManager step, DiffAugmentPolicy policy, double[] x, double[] weights, NDArray weight,
      int n, long seed) {
    Shape shape = new Shape(n, 3, 8, 8);
    NDArray images = step.create(x, shape).mul(weight).tanh();
    NDArray out = policy.apply(images, Nd.flags(n, true), new SplittableRandom(seed));
    return out.mul(step.create(weights, shape)).sum();
  }

  private static double[] toDouble(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
