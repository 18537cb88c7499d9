package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.synthaug.core.ml.ChannelsLast;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The generator's upsampling convolutions interleave their four phases with a gather
 * ({@link GanOps#upsample2xConv3x3}), whose backward pass is a zero fill and a scatter-add that
 * read a 64 x 25,088 row of int64 positions. This times the two layers of the default generator
 * (batch 64, forward and backward with input and weight gradients) against a pixel shuffle: the
 * phases in reverse order make the (h + 1) x (w + 1) grid a (2h + 2) x (2w + 2) image by one
 * transpose copy, and a crop copy cuts its border, no positions read. Not run by default; run
 * with {@code OMP_WAIT_POLICY=PASSIVE mvn -o -pl plugins/gan test -Dtest=InterleaveExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false} (BENCHMARKS.md, "Twelfth round": no gain, not kept).
 */
class InterleaveExperiment {

  @Test
  void run() {
    int[][] layers = {{128, 64, 7}, {64, 32, 14}};
    int n = 64;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray gmap = m.create(GanOps.upsampleMap(), new Shape(9, 16));
      NDArray smap = m.create(shuffleMap(), new Shape(9, 16));
      for (int threads : new int[] {1, 2}) {
        JniUtils.setNumThreads(threads);
        for (int[] l : layers) {
          int cin = l[0];
          int cout = l[1];
          int h = l[2];
          SplitMixRandom random = new SplitMixRandom(3);
          float[] xs = new float[n * cin * h * h];
          float[] wv = new float[cout * cin * 9];
          float[] up = new float[n * cout * 4 * h * h];
          random.fillGaussian(xs, 0f, 1f);
          random.fillGaussian(wv, 0f, 0.1f);
          random.fillGaussian(up, 0f, 1f);
          NDArray rows = GanOps.upsampleRows(m.create(GanOps.upsampleIndex(cout, h, h)), n);
          long[][] times = new long[2][40];
          float[][][] res = new float[2][][];
          for (int it = 0; it < 50; it++) {
            for (int route = 0; route < 2; route++) {
              try (NDManager s = m.newSubManager()) {
                NDArray x = s.create(xs, new Shape(n, cin, h, h));
                NDArray weight = s.create(wv, new Shape(cout, cin, 3, 3));
                NDArray upstream = ChannelsLast.of(s.create(up, new Shape(n, cout, 2 * h, 2 * h)));
                x.setRequiresGradient(true);
                weight.setRequiresGradient(true);
                long t0 = System.nanoTime();
                NDArray y;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                  NDArray in = ChannelsLast.of(x);
                  y = route == 0 ? GanOps.upsample2xConv3x3(in, weight, gmap, rows)
                      : shuffle(in, weight, smap);
                  NDArray z = y.mul(upstream);
                  gc.backward(z);
                }
                float probe = weight.getGradient().getFloat(0, 0, 0, 0);
                long t1 = System.nanoTime();
                if (it >= 10) {
                  times[route][it - 10] = t1 - t0;
                }
                if (it == 0) {
                  res[route] = new float[][] {y.toFloatArray(), weight.getGradient().toFloatArray(),
                      x.getGradient().toFloatArray()};
                }
              }
            }
          }
          for (int k = 0; k < 3; k++) {
            double maxDiff = 0;
            for (int i = 0; i < res[0][k].length; i++) {
              maxDiff = Math.max(maxDiff, Math.abs(res[0][k][i] - res[1][k][i]));
            }
            System.out.printf(Locale.ROOT, "layer %d->%d@%d part %d identical=%s maxdiff=%g%n", cin, cout, h, k,
                Arrays.equals(res[0][k], res[1][k]), maxDiff);
          }
          for (int route = 0; route < 2; route++) {
            long[] t = times[route].clone();
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "threads %d layer %d->%d@%d %s: median %.3f ms [%.3f-%.3f]%n", threads, cin,
                cout, h, route == 0 ? "gather " : "shuffle", t[20] / 1e6, t[0] / 1e6, t[39] / 1e6);
          }
        }
      }
    }
  }

  /** {@link GanOps#upsampleMap()} with the phase blocks in reverse order (phase 3 - (2a + b)). */
  static float[] shuffleMap() {
    float[] map = GanOps.upsampleMap();
    float[] out = new float[map.length];
    for (int tap = 0; tap < 9; tap++) {
      for (int col = 0; col < 16; col++) {
        out[tap * 16 + (3 - col / 4) * 4 + col % 4] = map[tap * 16 + col];
      }
    }
    return out;
  }

  /**
   * The upsampling convolution with the interleave as a pixel shuffle: with the phases in reverse
   * order, grid cell (i, j) phase (a', b') is row 2i + a', column 2j + b' of a (2h + 2) x (2w + 2)
   * image whose border is cut off: a transpose copy and a crop copy instead of a gather.
   */
  static NDArray shuffle(NDArray x, NDArray weight, NDArray map) {
    long cout = weight.getShape().get(0);
    long n = x.getShape().get(0);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    NDArray kernel = GanOps.upsampleKernel(weight, map, x.getManager());
    NDArray grid = GanOps.conv3x3(x, kernel, null).transpose(0, 2, 3, 1).reshape(n, h + 1, w + 1, 2, 2, cout);
    NDArray enlarged = grid.transpose(0, 1, 3, 2, 4, 5).reshape(n, -1).reshape(n, 2 * h + 2, 2 * w + 2, cout);
    NDArray crop = enlarged.get(":, 1:" + (2 * h + 1) + ", 1:" + (2 * w + 1) + ", :");
    return crop.reshape(n, -1).reshape(n, 2 * h, 2 * w, cout).transpose(0, 3, 1, 2);
  }
}
