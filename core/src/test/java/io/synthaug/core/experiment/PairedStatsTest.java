package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedStatsTest {

  @Test
  void summaryIsMeanAndSampleStandardDeviation() {
    PairedStats.Summary s = PairedStats.summarize(new double[] {0.90, 0.92, 0.97});
    assertEquals(3, s.n());
    assertEquals(0.93, s.mean(), 1e-12);
    // squared deviations 0.0009 + 0.0001 + 0.0016 = 0.0026, divided by n - 1 = 2
    assertEquals(Math.sqrt(0.0013), s.sd(), 1e-12);
    assertTrue(Double.isNaN(PairedStats.summarize(new double[] {0.5}).sd()), "one value has no spread");
  }

  @Test
  void threePairsMatchTheClosedFormOfTwoDegreesOfFreedom() {
    // differences 0.02, 0.01, 0.03: mean 0.02, sd 0.01, t = 0.02 / (0.01 / sqrt 3) = 2 sqrt 3
    PairedStats.Paired p = PairedStats.paired(new double[] {0.90, 0.92, 0.95}, new double[] {0.88, 0.91, 0.92});
    assertEquals(3, p.n());
    assertEquals(0.02, p.meanDiff(), 1e-12);
    assertEquals(0.01, p.sdDiff(), 1e-12);
    double t = 2 * Math.sqrt(3);
    assertEquals(t, p.t(), 1e-9);
    // with 2 degrees of freedom the t CDF is 1/2 + t / (2 sqrt(2 + t^2)), so p = 1 - |t| / sqrt(2 + t^2)
    assertEquals(1 - t / Math.sqrt(2 + t * t), p.p(), 1e-9);
    assertEquals(0.0741799, p.p(), 1e-6);
    assertEquals(3, p.wins());
    assertEquals(0, p.losses());
    assertEquals(0, p.ties());
  }

  @Test
  void twoPairsMatchTheCauchyDistribution() {
    // differences -0.01 and -0.03: mean -0.02, sd sqrt(0.0002), t = -0.02 / (sqrt(0.0002) / sqrt 2) = -2
    PairedStats.Paired p = PairedStats.paired(new double[] {0.80, 0.80}, new double[] {0.81, 0.83});
    assertEquals(-0.02, p.meanDiff(), 1e-12);
    assertEquals(Math.sqrt(0.0002), p.sdDiff(), 1e-12);
    assertEquals(-2, p.t(), 1e-9);
    // one degree of freedom is the Cauchy distribution: p = 1 - (2 / pi) atan |t|
    assertEquals(1 - 2 / Math.PI * Math.atan(2), p.p(), 1e-9);
    assertEquals(0, p.wins());
    assertEquals(2, p.losses());
  }

  @Test
  void noSpreadGivesAPlainAnswerInsteadOfNaN() {
    PairedStats.Paired same = PairedStats.paired(new double[] {0.9, 0.8, 0.7}, new double[] {0.9, 0.8, 0.7});
    assertEquals(0, same.t());
    assertEquals(1, same.p());
    assertEquals(3, same.ties());
    PairedStats.Paired shifted = PairedStats.paired(new double[] {0.5, 0.75}, new double[] {0.25, 0.5});
    assertEquals(Double.POSITIVE_INFINITY, shifted.t());
    assertEquals(0, shifted.p());
    assertEquals(2, shifted.wins());
  }

  @Test
  void equalDifferencesOnDifferentBasesCountAsNoSpread() {
    double[] a = {6807 / 7000.0, 6819 / 7000.0};
    double[] b = {6800 / 7000.0, 6812 / 7000.0};
    assertNotEquals(a[0] - b[0], a[1] - b[1], "the premise: rounding tells the differences apart");
    PairedStats.Paired shifted = PairedStats.paired(a, b);
    assertEquals(Double.POSITIVE_INFINITY, shifted.t());
    assertEquals(0, shifted.p());
    assertEquals(0, shifted.sdDiff());
    assertEquals(0.001, shifted.meanDiff(), 1e-15);
    PairedStats.Paired down = PairedStats.paired(b, a);
    assertEquals(Double.NEGATIVE_INFINITY, down.t());
    assertEquals(0, down.p());
    PairedStats.Paired real = PairedStats.paired(new double[] {6807 / 7000.0, 6820 / 7000.0}, b);
    assertTrue(Double.isFinite(real.t()), "one test image apart is a real spread");
  }

  @Test
  void refusesUnpairedOrSingleValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairedStats.paired(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("equal lengths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PairedStats.paired(new double[] {1}, new double[] {1}));
    assertTrue(e.getMessage().contains("at least 2 pairs"), e.getMessage());
  }
}
