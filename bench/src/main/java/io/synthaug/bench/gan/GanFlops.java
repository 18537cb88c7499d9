package io.synthaug.bench.gan;

import io.synthaug.plugins.gan.GanArchitecture;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The floating-point work of one CGAN training step, counted from the architecture.
 *
 * <p>Counted: the multiply-adds of every convolution ({@code outH * outW * Cout * Cin * 9} per
 * image) and dense layer ({@code in * out}), and the projection head's dot product
 * ({@code features}); one multiply-add is 2 FLOPs. Not counted: embedding lookups, batch
 * normalization, activations, upsampling, the losses, Adam and the moving average (all
 * element-wise, a few FLOPs per value, memory-bound).
 *
 * <p>A step (see DjlGanTrainer's CGAN step) with batch n runs: G forward on n (1 x G); D forward
 * and backward on 2n images for the D update (3 x 2n x D, backward counted as twice the
 * forward: the gradients with respect to the inputs and to the weights); D forward and backward
 * on the n fakes for the G update (3 x n x D) and G's backward (2 x n x G). In all
 * {@code n * (3 G + 9 D)} multiply-adds, G and D being the per-image forward counts.
 */
final class GanFlops {

  private GanFlops() {
  }

  /** Per-image forward multiply-adds of each generator layer, in order. */
  static Map<String, Long> generatorMacs(GanArchitecture a) {
    Map<String, Long> m = new LinkedHashMap<>();
    long c0 = a.startChannels();
    long c1 = 2L * a.baseChannels();
    long c2 = a.baseChannels();
    long s1 = 2L * a.startSize();
    long s2 = a.imageSize();
    m.put("G fc", (long) a.zDim() * a.denseWidth());
    m.put("G conv1", s1 * s1 * c1 * c0 * 9);
    m.put("G conv2", s2 * s2 * c2 * c1 * 9);
    m.put("G out", s2 * s2 * a.channels() * c2 * 9);
    return m;
  }

  /** Per-image forward multiply-adds of each discriminator layer, in order. */
  static Map<String, Long> discriminatorMacs(GanArchitecture a) {
    Map<String, Long> m = new LinkedHashMap<>();
    long[] widths = {a.channels(), a.baseChannels(), 2L * a.baseChannels(), 4L * a.baseChannels()};
    long side = a.imageSize();
    for (int i = 0; i < 3; i++) {
      side = (side + 1) / 2;
      m.put("D conv" + (i + 1), side * side * widths[i + 1] * widths[i] * 9);
    }
    m.put("D fc", (long) a.criticFeatures());
    m.put("D projection", (long) a.criticFeatures());
    return m;
  }

  private static long sum(Map<String, Long> macs) {
    return macs.values().stream().mapToLong(Long::longValue).sum();
  }

  /** FLOPs of one training step with batch {@code n}: {@code 2 n (3 G + 9 D)}. */
  static double stepFlops(GanArchitecture a, int n) {
    return 2.0 * n * (3.0 * sum(generatorMacs(a)) + 9.0 * sum(discriminatorMacs(a)));
  }

  /**
   * FLOPs of one step as the Java generator executes it: each upsampling convolution runs as a
   * 2x2 convolution with 4 x Cout channels on the (s + 1) x (s + 1) grid of its low-resolution
   * input (GanOps.upsample2xConv3x3), instead of a 3x3 one at twice the resolution.
   */
  static double executedStepFlops(GanArchitecture a, int n) {
    Map<String, Long> g = generatorMacs(a);
    long c0 = a.startChannels();
    long c1 = 2L * a.baseChannels();
    long c2 = a.baseChannels();
    long g1 = a.startSize() + 1L;
    long g2 = 2L * a.startSize() + 1;
    g.put("G conv1", g1 * g1 * 4 * c1 * c0 * 4);
    g.put("G conv2", g2 * g2 * 4 * c2 * c1 * 4);
    return 2.0 * n * (3.0 * sum(g) + 9.0 * sum(discriminatorMacs(a)));
  }

  /** The count's parts, for the report. */
  static Map<String, Object> breakdown(GanArchitecture a, int n) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generatorForwardMacsPerImage", generatorMacs(a));
    out.put("discriminatorForwardMacsPerImage", discriminatorMacs(a));
    out.put("formula", "FLOPs per step = 2 * batch * (3 * G + 9 * D), G and D the per-image forward MACs");
    out.put("stepGflop", stepFlops(a, n) / 1e9);
    out.put("executedStepGflop", executedStepFlops(a, n) / 1e9);
    return out;
  }
}
