package io.synthaug.plugins.diffaugment;

import io.synthaug.api.gan.DiffAugment;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cost of each policy, and of the whole chain, per batch on the CPU: forward only, and forward
 * plus backward to a generator-like input (what a GAN step pays, twice per step for D and once
 * for G). Not a test (surefire runs only {@code *Test}); run by hand after
 * {@code mvn -o -pl plugins/diffaugment -am test-compile}, with DJL_OFFLINE=true:
 *
 * <pre>
 * java -cp plugins/diffaugment/target/classes:plugins/diffaugment/target/test-classes:$(cat cp.txt) \
 *     io.synthaug.plugins.diffaugment.DiffAugmentBenchmark [batches [n c h w]]
 * </pre>
 *
 * where cp.txt holds {@code mvn -o -q -pl plugins/diffaugment dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}. Each case is warmed up for as many batches as it is timed, every
 * batch in its own sub-manager as in training; the median batch time is printed.
 */
public final class DiffAugmentBenchmark {

  private DiffAugmentBenchmark() {
  }

  /** Prints one line per case: policy, then median milliseconds per batch forward and forward+backward. */
  public static void main(String[] args) {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int n = args.length > 4 ? Integer.parseInt(args[1]) : 64;
    int c = args.length > 4 ? Integer.parseInt(args[2]) : 1;
    int h = args.length > 4 ? Integer.parseInt(args[3]) : 28;
    int w = args.length > 4 ? Integer.parseInt(args[4]) : 28;
    Map<String, List<DiffAugmentPolicy>> cases = new java.util.LinkedHashMap<>();
    cases.put("none", List.of());
    for (DiffAugmentPolicy p : Nd.allPolicies()) {
      cases.put(p.name(), List.of(p));
    }
    cases.put("color,translation,cutout", DiffAugment.parse("color,translation,cutout", Nd.allPolicies()));
    System.out.printf("batch %dx%dx%dx%d, %d batches, median ms per batch%n", n, c, h, w, batches);
    System.out.printf("%-26s %10s %18s%n", "policy", "forward", "forward+backward");
    try (NDManager base = Nd.cpuManager()) {
      float[] input = Nd.pattern(n, c, h, w, 1);
      NDArray weight = base.create(Nd.pattern(1, c, h, w, 2), new Shape(1, c, h, w));
      weight.setRequiresGradient(true);
      for (Map.Entry<String, List<DiffAugmentPolicy>> e : cases.entrySet()) {
        double forward = median(run(base, e.getValue(), input, weight, new Shape(n, c, h, w), batches, false));
        double both = median(run(base, e.getValue(), input, weight, new Shape(n, c, h, w), batches, true));
        System.out.printf("%-26s %10.3f %18.3f%n", e.getKey(), forward, both);
      }
    }
  }

  private static double[] run(NDManager base, List<DiffAugmentPolicy> chain, float[] input, NDArray weight,
      Shape shape, int batches, boolean backward) {
    SplittableRandom random = new SplittableRandom(3);
    boolean[] enabled = Nd.flags((int) shape.get(0), true);
    double[] millis = new double[batches];
    for (int b = -batches; b < batches; b++) {
      try (NDManager s = base.newSubManager()) {
        NDArray images = s.create(input, shape);
        long start = System.nanoTime();
        if (backward) {
          try (GradientCollector collector = s.getEngine().newGradientCollector()) {
            NDArray out = DiffAugment.apply(images.mul(weight), chain, enabled, random);
            collector.backward(out.sum());
          }
        } else {
          DiffAugment.apply(images, chain, enabled, random).sum().getFloat();
        }
        if (b >= 0) {
          millis[b] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    return millis;
  }

  private static double median(double[] values) {
    List<Double> sorted = new ArrayList<>();
    for (double v : values) {
      sorted.add(v);
    }
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
