package io.synthaug.bench.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthaug.plugins.gan.GanArchitecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GanFlopsTest {

  private static final GanArchitecture DEFAULT = GanArchitecture.standard(28, 1, 10);

  @Test
  void countsTheDefaultGeneratorLayerByLayer() {
    Map<String, Long> g = GanFlops.generatorMacs(DEFAULT);
    // dense 64 -> 128 x 7 x 7; 3x3 convs at 14x14 (128 -> 64) and 28x28 (64 -> 32, 32 -> 1)
    assertEquals(64L * 6272, g.get("G fc"));
    assertEquals(14L * 14 * 64 * 128 * 9, g.get("G conv1"));
    assertEquals(28L * 28 * 32 * 64 * 9, g.get("G conv2"));
    assertEquals(28L * 28 * 1 * 32 * 9, g.get("G out"));
  }

  @Test
  void countsTheDefaultDiscriminatorLayerByLayer() {
    Map<String, Long> d = GanFlops.discriminatorMacs(DEFAULT);
    // stride-2 convs to 14x14 (1 -> 32), 7x7 (32 -> 64), 4x4 (64 -> 128); 2,048 features
    assertEquals(14L * 14 * 32 * 1 * 9, d.get("D conv1"));
    assertEquals(7L * 7 * 64 * 32 * 9, d.get("D conv2"));
    assertEquals(4L * 4 * 128 * 64 * 9, d.get("D conv3"));
    assertEquals(2048L, d.get("D fc"));
    assertEquals(2048L, d.get("D projection"));
  }

  @Test
  void aStepIsThreeGeneratorAndNineDiscriminatorPassesPerImage() {
    double g = 29_528_576;
    double d = 2_143_360;
    assertEquals(2 * 64 * (3 * g + 9 * d), GanFlops.stepFlops(DEFAULT, 64), 1.0);
    // phase convolutions: 2x2 kernels, 4 x Cout channels on the (s + 1)^2 grid
    double gExecuted = 64.0 * 6272 + 8 * 8 * 256 * 128 * 4 + 15 * 15 * 128 * 64 * 4 + 28 * 28 * 32 * 9;
    assertEquals(2 * 64 * (3 * gExecuted + 9 * d), GanFlops.executedStepFlops(DEFAULT, 64), 1.0);
  }
}
