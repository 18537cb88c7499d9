package io.synthaug.core.ml;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * Checks PyTorch's 3x3 convolution gradients against a double-precision reference for the
 * layer shapes of the GAN's networks (default and the tests' tiny ones) and the classifier's, in
 * the plain layout and channels-last, on one and two threads, and prints the largest error of
 * each relative to the reference's largest value, with the output's error beside them. Written
 * when the GAN's tiny-network tests failed on an AMD EPYC (family 26) VM (plugins/gan/README.md,
 * "Wrong gradients on some CPUs"); run it under each ONEDNN_MAX_CPU_ISA to compare oneDNN's
 * kernels. Run it with
 *
 * <pre>
 * mvn -q -o -pl core -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/core/target/cp.txt
 * cd core &amp;&amp; DJL_OFFLINE=true java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.synthaug.core.ml.ConvGradientExperiment
 * </pre>
 */
public final class ConvGradientExperiment {

  /** Input channels, output channels, input size (square), stride. */
  private static final int[][] LAYERS = {
      {1, 4, 28, 2}, {4, 8, 14, 2}, {8, 16, 7, 2}, {16, 8, 14, 1}, {8, 4, 28, 1}, {4, 1, 28, 1},
      {1, 32, 28, 2}, {32, 64, 14, 2}, {64, 128, 7, 2}, {128, 64, 14, 1}, {64, 32, 28, 1}, {32, 1, 28, 1},
      {3, 6, 4, 1}, {1, 32, 28, 1}, {32, 32, 28, 1}, {32, 64, 14, 1}, {64, 64, 14, 1}, {64, 128, 7, 1},
      {3, 32, 32, 1}, {1, 8, 28, 2}, {1, 16, 28, 2}, {1, 8, 28, 1}, {8, 8, 14, 1}, {16, 16, 14, 1},
      {16, 1, 28, 1}, {8, 1, 28, 1}};
  private static final int BATCH = 4;

  private ConvGradientExperiment() {
  }

  public static void main(String[] args) {
    System.out.println("ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA"));
    System.out.println("threads cin cout size stride | plain: y dx dw | channels-last: y dx dw"
        + " (max |error| / max |reference|)");
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), ImageBatches.ENGINE)) {
      for (int threads = 1; threads <= 2; threads++) {
        JniUtils.setNumThreads(threads);
        for (int[] layer : LAYERS) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d %3d %3d %2d %d |", threads,
              layer[0], layer[1], layer[2], layer[3]));
          int cin = layer[0];
          int cout = layer[1];
          int size = layer[2];
          float[] xs = new float[BATCH * cin * size * size];
          for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.sin(i * 0.7);
          }
          float[] ws = new float[cout * cin * 9];
          for (int i = 0; i < ws.length; i++) {
            ws[i] = (float) (Math.cos(i * 0.3) * 0.2);
          }
          ConvReference ref = new ConvReference(xs, ws, BATCH, cin, cout, size, size, layer[3]);
          for (int route = 0; route < 2; route++) {
            double[] e = ref.engineErrors(m, route == 1);
            line.append(String.format(Locale.ROOT, " %.1e %.1e %.1e", e[0], e[1], e[2]));
            line.append(route == 0 ? " |" : "");
          }
          System.out.println(line);
        }
      }
    }
  }
}
