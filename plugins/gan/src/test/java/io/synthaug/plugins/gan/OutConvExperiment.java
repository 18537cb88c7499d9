package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.synthaug.core.ml.ChannelsLast;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The generator's last convolution (32 channels to 1, 3x3, 28x28, batch 64) runs at about 6
 * GFLOP/s in a training step, where its other convolutions run near the machine's matrix-multiply
 * peak: oneDNN's kernels are made for blocks of output channels. This times its forward and
 * backward pass (input, weight and bias gradients) against three other forms of the same
 * function: a depthwise convolution and a sum over the channels (what the ONNX export writes),
 * the same with the sum as a product with a ones vector, and the plain convolution on an
 * (N, C, H, W) input. Not run by default; run with {@code OMP_WAIT_POLICY=PASSIVE mvn -o -pl
 * plugins/gan test -Dtest=OutConvExperiment -Dsurefire.failIfNoSpecifiedTests=false}
 * (BENCHMARKS.md, "Twelfth round"). Alone, the depthwise form took half the time on one thread;
 * inside a training step it saved about 1 ms of 120 (its backward pass is as slow, and the sum's
 * gradient is copied before it), so the generator was left as it is.
 */
class OutConvExperiment {

  private static final String[] ROUTES = {"convolution 32->1", "depthwise + sum", "depthwise + ones product",
      "convolution 32->1 on (N, C, H, W)"};
  private static final Shape ONE = new Shape(1, 1);

  @Test
  void run() {
    int n = 64;
    int c = 32;
    int h = 28;
    int warmup = 50;
    int timed = 40;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray ones = m.ones(new Shape(c, 1));
      for (int threads : new int[] {1, 2}) {
        JniUtils.setNumThreads(threads);
        SplitMixRandom random = new SplitMixRandom(3);
        float[] xs = new float[n * c * h * h];
        float[] wv = new float[c * 9];
        float[] up = new float[n * h * h];
        random.fillGaussian(xs, 0f, 1f);
        random.fillGaussian(wv, 0f, 0.1f);
        random.fillGaussian(up, 0f, 1f);
        long[][] total = new long[ROUTES.length][timed];
        long[][] forward = new long[ROUTES.length][timed];
        float[][][] results = new float[ROUTES.length][][];
        for (int it = 0; it < warmup + timed; it++) {
          for (int route = 0; route < ROUTES.length; route++) {
            try (NDManager s = m.newSubManager()) {
              NDArray x = s.create(xs, new Shape(n, c, h, h));
              NDArray weight = s.create(wv, new Shape(1, c, 3, 3));
              NDArray bias = s.create(new float[] {0.1f}, new Shape(1));
              NDArray upstream = s.create(up, new Shape(n, 1, h, h));
              x.setRequiresGradient(true);
              weight.setRequiresGradient(true);
              bias.setRequiresGradient(true);
              long t0 = System.nanoTime();
              long t1;
              NDArray y;
              try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                // inside the collector: ops outside it record no graph, and x would get no gradient
                NDArray in = ChannelsLast.of(x);
                NDArray depthwise = weight.reshape(c, 1, 3, 3);
                y = switch (route) {
                  case 0 -> GanOps.conv3x3(in, weight, bias);
                  case 1 -> Conv2d.conv2d(in, depthwise, null, ONE, ONE, ONE, c).singletonOrThrow()
                      .sum(new int[] {1}, true).add(bias);
                  case 2 -> Conv2d.conv2d(in, depthwise, null, ONE, ONE, ONE, c).singletonOrThrow()
                      .transpose(0, 2, 3, 1).matMul(ones).reshape(n, 1, h, h).add(bias);
                  default -> GanOps.conv3x3(in.reshape(n, -1).reshape(n, c, h, h), weight, bias);
                };
                NDArray loss = y.mul(upstream);
                loss.getFloat(0, 0, 0, 0);
                t1 = System.nanoTime();
                gc.backward(loss);
              }
              weight.getGradient().getFloat(0, 0, 0, 0);
              long t2 = System.nanoTime();
              if (it >= warmup) {
                total[route][it - warmup] = t2 - t0;
                forward[route][it - warmup] = t1 - t0;
              }
              if (it == 0) {
                results[route] = new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(),
                    weight.getGradient().toFloatArray(), bias.getGradient().toFloatArray()};
              }
            }
          }
        }
        System.out.printf(Locale.ROOT, "%d thread(s), ms per forward + backward pass, median [min-max] of %d:%n",
            threads, timed);
        for (int route = 0; route < ROUTES.length; route++) {
          System.out.printf(Locale.ROOT, "  %-36s %s   forward %s   largest difference to route 0: %s%n",
              ROUTES[route], median(total[route]), median(forward[route]), difference(results[0], results[route]));
        }
      }
    }
  }

  private static String median(long[] nanos) {
    long[] t = nanos.clone();
    Arrays.sort(t);
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", t[t.length / 2] / 1e6, t[0] / 1e6, t[t.length - 1] / 1e6);
  }

  private static String difference(float[][] a, float[][] b) {
    StringBuilder out = new StringBuilder();
    String[] names = {"output", "input grad", "weight grad", "bias grad"};
    for (int k = 0; k < a.length; k++) {
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < a[k].length; i++) {
        diff = Math.max(diff, Math.abs(a[k][i] - b[k][i]));
        scale = Math.max(scale, Math.abs(a[k][i]));
      }
      out.append(String.format(Locale.ROOT, "%s%s %.1e of %.1e", k == 0 ? "" : ", ", names[k], diff, scale));
    }
    return out.toString();
  }
}
