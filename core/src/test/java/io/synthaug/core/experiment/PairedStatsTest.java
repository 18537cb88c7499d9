package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** The 0.975 quantile of Student's t with 2 degrees of freedom, from a printed table. */
  private static final double T_975_DF2 = 4.302653;
  /** The 0.975 quantile of Student's t with 1 degree of freedom, tan(0.475 pi). */
  private static final double T_975_DF1 = 12.706205;

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
    // 95 % interval: 0.02 -+ 4.302653 * 0.01 / sqrt 3 = 0.02 -+ 0.0248414
    assertEquals(0.02 - T_975_DF2 * 0.01 / Math.sqrt(3), p.ciLow(), 1e-8);
    assertEquals(0.02 + T_975_DF2 * 0.01 / Math.sqrt(3), p.ciHigh(), 1e-8);
    assertEquals(-0.0048414, p.ciLow(), 1e-7);
    assertTrue(p.ciLow() < 0 && p.ciHigh() > 0, "p > 0.05 goes with an interval that holds 0");
    // sign patterns of (0.02, 0.01, 0.03): only all + and all - reach |sum| 0.06, so 2 of 8
    assertEquals(0.25, p.signFlipP(), 1e-12);
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
    // standard error sqrt(0.0002) / sqrt 2 = 0.01; quantile tan(0.475 pi) = 12.706205
    assertEquals(Math.tan(0.475 * Math.PI), T_975_DF1, 1e-6);
    assertEquals(-0.02 - T_975_DF1 * 0.01, p.ciLow(), 1e-8);
    assertEquals(-0.02 + T_975_DF1 * 0.01, p.ciHigh(), 1e-8);
    assertEquals(0.5, p.signFlipP(), 1e-12, "(-,-) and (+,+) of four patterns");
    assertEquals(0, p.wins());
    assertEquals(2, p.losses());
  }

  @Test
  void aTinyButSteadyGainHasASmallTPButTheSignFlipTestSaysThreeSeedsCannotShowIt() {
    // the review's case: +0.5, +0.5, +0.6 pp (one or two images of 200) over 3 seeds
    PairedStats.Paired p = PairedStats.paired(new double[] {0.805, 0.815, 0.826}, new double[] {0.8, 0.81, 0.82});
    // mean 0.0053333, sd 0.001 / sqrt 3, standard error 0.001 / 3, t = 16
    assertEquals(0.016 / 3, p.meanDiff(), 1e-12);
    assertEquals(0.001 / Math.sqrt(3), p.sdDiff(), 1e-12);
    assertEquals(16, p.t(), 1e-6);
    assertEquals(1 - 16 / Math.sqrt(258), p.p(), 1e-9);
    assertEquals(0.003884, p.p(), 1e-6);
    assertEquals(0.016 / 3 - T_975_DF2 * 0.001 / 3, p.ciLow(), 1e-8);
    assertEquals(0.016 / 3 + T_975_DF2 * 0.001 / 3, p.ciHigh(), 1e-8);
    assertEquals(0.0038991, p.ciLow(), 1e-7);
    assertEquals(0.0067676, p.ciHigh(), 1e-7);
    assertEquals(0.25, p.signFlipP(), 1e-12, "3 seeds cannot do better than 2 / 2^3");
  }

  @Test
  void noSpreadLeavesTAndItsIntervalUndefinedButTheSignFlipTestAnswers() {
    PairedStats.Paired same = PairedStats.paired(new double[] {0.9, 0.8, 0.7}, new double[] {0.9, 0.8, 0.7});
    assertFalse(same.tDefined());
    assertTrue(Double.isNaN(same.t()) && Double.isNaN(same.p()), "no spread is not a t of 0");
    assertTrue(Double.isNaN(same.ciLow()) && Double.isNaN(same.ciHigh()));
    assertEquals(0, same.meanDiff());
    assertEquals(0, same.sdDiff());
    assertEquals(1, same.signFlipP(), "every pattern of zeros is as far from 0 as the observed");
    assertEquals(3, same.ties());
    PairedStats.Paired shifted = PairedStats.paired(new double[] {0.5, 0.75}, new double[] {0.25, 0.5});
    assertFalse(shifted.tDefined());
    assertTrue(Double.isNaN(shifted.t()) && Double.isNaN(shifted.p()), "never infinity and 0");
    assertEquals(0.5, shifted.signFlipP(), 1e-12, "2^(1 - 2)");
    assertEquals(2, shifted.wins());
    double[] six = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
    double[] sixBase = {0.895, 0.895, 0.895, 0.895, 0.895, 0.895};
    assertEquals(1 / 32.0, PairedStats.paired(six, sixBase).signFlipP(), 1e-12, "2^(1 - 6)");
    assertEquals(1 / 32.0, PairedStats.paired(sixBase, six).signFlipP(), 1e-12, "two-sided");
  }

  @Test
  void equalDifferencesOnDifferentBasesCountAsNoSpread() {
    double[] a = {6807 / 7000.0, 6819 / 7000.0};
    double[] b = {6800 / 7000.0, 6812 / 7000.0};
    assertNotEquals(a[0] - b[0], a[1] - b[1], "the premise: rounding tells the differences apart");
    PairedStats.Paired shifted = PairedStats.paired(a, b);
    assertFalse(shifted.tDefined());
    assertTrue(Double.isNaN(shifted.p()));
    assertEquals(0, shifted.sdDiff());
    assertEquals(0.001, shifted.meanDiff(), 1e-15);
    assertEquals(0.5, shifted.signFlipP(), 1e-12, "rounding does not push a pattern below the observed");
    PairedStats.Paired down = PairedStats.paired(b, a);
    assertFalse(down.tDefined());
    assertEquals(-0.001, down.meanDiff(), 1e-15);
    PairedStats.Paired real = PairedStats.paired(new double[] {6807 / 7000.0, 6820 / 7000.0}, b);
    assertTrue(Double.isFinite(real.t()), "one test image apart is a real spread");
  }

  @Test
  void signFlipCountsThePatternsAtLeastAsExtremeAsTheObserved() {
    // |d| = 1, 2, 3, 1 with sum 5 observed; flipping a subset of total F gives 7 - 2F, and
    // |7 - 2F| >= 5 for F <= 1 ({}, {1}, {1'}) or F >= 6 ({2, 3, 1}, {1, 2, 3}, all): 6 of 16
    assertEquals(6 / 16.0, PairedStats.signFlipP(new double[] {1, 2, 3, -1}), 1e-12);
    assertEquals(1, PairedStats.signFlipP(new double[] {0.01, -0.01}), 1e-12, "a mean of 0 is never extreme");
    assertEquals(0.25, PairedStats.smallestSignFlipP(3), 1e-12);
    assertEquals(1 / 32.0, PairedStats.smallestSignFlipP(6), 1e-12);
    double[] twenty = new double[20];
    java.util.Arrays.fill(twenty, 0.01);
    assertEquals(Math.pow(2, -19), PairedStats.signFlipP(twenty), 1e-18, "20 pairs are still enumerated");
    double[] more = new double[21];
    java.util.Arrays.fill(more, 0.01);
    assertTrue(Double.isNaN(PairedStats.signFlipP(more)), "beyond the cap the test is not computed");
    double[] base = new double[21];
    assertTrue(Double.isNaN(PairedStats.paired(more, base).signFlipP()));
  }

  @Test
  void holmMultipliesTheSortedPValuesByTheComparisonsLeftAndKeepsThemMonotone() {
    // sorted: 0.01 x 4 = 0.04, 0.03 x 3 = 0.09, 0.04 x 2 = 0.08 -> 0.09 (never below the one before);
    // the undefined p ranks last as 1, counts as a comparison and stays undefined
    double[] adjusted = PairedStats.holm(new double[] {0.01, 0.04, 0.03, Double.NaN});
    assertEquals(0.04, adjusted[0], 1e-12);
    assertEquals(0.09, adjusted[1], 1e-12);
    assertEquals(0.09, adjusted[2], 1e-12);
    assertTrue(Double.isNaN(adjusted[3]));
    assertArrayEquals(new double[] {1, 1}, PairedStats.holm(new double[] {0.6, 0.5}), 1e-12, "capped at 1");
    assertArrayEquals(new double[] {0.02}, PairedStats.holm(new double[] {0.02}), 1e-12, "one comparison: as is");
    assertEquals(0, PairedStats.holm(new double[0]).length);
  }

  @Test
  void refusesUnpairedOrSingleValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairedStats.paired(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("equal lengths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PairedStats.paired(new double[] {1}, new double[] {1}));
    assertTrue(e.getMessage().contains("at least 2 pairs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PairedStats.signFlipP(new double[0]));
    assertTrue(e.getMessage().contains("no differences"), e.getMessage());
  }
}
