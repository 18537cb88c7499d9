package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentResultTest {

  private static final double[] BASE = {0.80, 0.81, 0.82};
  private static final int BUDGET = 500;

  private static List<Double> list(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }

  /** An arm of 3 seeds on 1,000 images with {@code acc} per seed, compared with {@link #BASE}. */
  private static ExperimentResult.Arm arm(String name, double[] acc, double pHolm, double[] epochs, long[] steps,
      boolean[] stopped) {
    PairedStats.Paired p = PairedStats.paired(acc, BASE);
    List<Boolean> stop = new ArrayList<>();
    for (boolean b : stopped) {
      stop.add(b);
    }
    return new ExperimentResult.Arm(name, ExperimentResult.KIND_ARM, List.of("gan"), null, list(acc),
        List.of(1000, 1000, 1000), Arrays.stream(steps).boxed().toList(), List.of(3, 3, 3), list(epochs), stop,
        PairedStats.summarize(acc), p, pHolm, ExperimentResult.Verdict.of(p, pHolm));
  }

  private static ExperimentResult.Arm trainedWell(String name, double[] acc, double pHolm) {
    return arm(name, acc, pHolm, new double[] {6, 6, 6}, new long[] {100, 100, 100}, new boolean[] {true, true, true});
  }

  private static ExperimentResult.Arm baseline() {
    return new ExperimentResult.Arm("real+classic", ExperimentResult.KIND_ARM, List.of("classic"), null, list(BASE),
        List.of(500, 500, 500), List.of(100L, 100L, 100L), List.of(3, 3, 3), List.of(6.0, 6.0, 6.0),
        List.of(true, true, true), PairedStats.summarize(BASE), null, Double.NaN, null);
  }

  private static ExperimentResult result(ExperimentResult.Arm... arms) {
    List<ExperimentResult.Arm> all = new ArrayList<>(List.of(baseline()));
    all.addAll(List.of(arms));
    return new ExperimentResult(Path.of("out"), "real+classic", List.of(1L, 2L, 3L), 200, BUDGET, BUDGET,
        (int) all.stream().filter(a -> a.vsBaseline() != null).count(), all);
  }

  @Test
  void aSignificantGainWithAnIntervalAboveZeroIsBetterButThreeSeedsAskForConfirmation() {
    // +0.5, +0.5, +0.6 pp: t p 0.0039, nine comparisons would make it about 0.035 after Holm
    PairedStats.Paired p = PairedStats.paired(new double[] {0.805, 0.815, 0.826}, BASE);
    ExperimentResult.Verdict v = ExperimentResult.Verdict.of(p, 0.035);
    assertEquals(ExperimentResult.Verdict.BETTER, v.call());
    assertTrue(v.reason().startsWith("3 seeds: Holm-adjusted p 0.035, 95 % CI [+0.39, +0.68] pp"), v.reason());
    assertTrue(v.reason().contains("with 3 seeds the sign-flip test cannot go below p = 0.250")
        && v.reason().contains("confirm with at least 6 seeds"), v.reason());
    ExperimentResult.Verdict adjustedAway = ExperimentResult.Verdict.of(p, 0.06);
    assertEquals(ExperimentResult.Verdict.UNCLEAR, adjustedAway.call(), "Holm's p decides, not the raw one");
    assertTrue(adjustedAway.reason().contains("more seeds are needed"), adjustedAway.reason());
  }

  @Test
  void aSignificantLossIsWorseAndSixSeedsNeedNoWordAboutTheirNumber() {
    double[] base = {0.80, 0.81, 0.82, 0.83, 0.84, 0.85};
    double[] arm = {0.79, 0.798, 0.811, 0.82, 0.829, 0.84};
    PairedStats.Paired p = PairedStats.paired(arm, base);
    assertTrue(p.ciHigh() < 0, "the premise: a loss");
    ExperimentResult.Verdict v = ExperimentResult.Verdict.of(p, 0.001);
    assertEquals(ExperimentResult.Verdict.WORSE, v.call());
    assertTrue(v.reason().startsWith("6 seeds: Holm-adjusted p 0.001, 95 % CI ["), v.reason());
    assertFalse(v.reason().contains("seeds are needed") || v.reason().contains("confirm"), v.reason());
    assertEquals(ExperimentResult.Verdict.UNCLEAR, ExperimentResult.Verdict.of(p, 0.2).call());
    assertEquals(6, ExperimentResult.seedsForSignFlip(), "2^(1 - 6) = 0.031 is the first below 0.05");
  }

  @Test
  void equalDifferencesGiveNoClearDifferenceWithTheSignFlipPAndNoInfinity() {
    PairedStats.Paired p = PairedStats.paired(new double[] {0.805, 0.815, 0.825}, BASE);
    ExperimentResult.Verdict v = ExperimentResult.Verdict.of(p, Double.NaN);
    assertEquals(ExperimentResult.Verdict.UNCLEAR, v.call());
    assertTrue(v.reason().contains("every seed gave +0.50 pp, so the t test and its interval are undefined"),
        v.reason());
    assertTrue(v.reason().contains("sign-flip p 0.250"), v.reason());
    assertTrue(v.reason().contains("more seeds are needed: with 3 seeds the sign-flip test cannot go below p = 0.250"
        + " even when every seed agrees; use at least 6 seeds"), v.reason());
  }

  @Test
  void theSummaryTableShowsTheIntervalPValuesAndVerdictsAndNeverInfinity() {
    ExperimentResult r = result(
        trainedWell("real+gan", new double[] {0.805, 0.815, 0.825}, Double.NaN),
        trainedWell("hybrid", new double[] {0.805, 0.815, 0.826}, 0.0003));
    String table = r.summaryTable();
    assertFalse(table.contains("inf") || table.contains("NaN"), table);
    List<String> lines = table.lines().toList();
    assertTrue(lines.get(0).contains("vs real+classic (pp, 95 % CI)") && lines.get(0).contains("p sign-flip")
        && lines.get(0).endsWith("verdict"), lines.get(0));
    String gan = lines.stream().filter(l -> l.startsWith("real+gan ")).findFirst().orElseThrow();
    assertTrue(gan.contains("+0.50 [n/a]") && gan.contains("n/a") && gan.contains("0.250")
        && gan.endsWith("no clear difference"), gan);
    String hybrid = lines.stream().filter(l -> l.startsWith("hybrid ")).findFirst().orElseThrow();
    assertTrue(hybrid.contains("+0.53 [+0.39, +0.68]") && hybrid.contains("16.00") && hybrid.contains("0.004")
        && hybrid.contains("<0.001") && hybrid.endsWith("better"), hybrid);
    String base = lines.stream().filter(l -> l.startsWith("real+classic (baseline)")).findFirst().orElseThrow();
    assertTrue(base.endsWith("-"), base);
    assertTrue(table.contains("p Holm: that p adjusted for the 2 comparisons with the baseline"), table);
    assertTrue(table.contains("verdict vs real+classic over 3 seeds (Holm-adjusted p < 0.05 and the 95 % CI clear"
        + " of 0): better: hybrid; worse: none; no clear difference: real+gan; with 3 seeds even a perfect result"
        + " cannot reach p < 0.05 in the sign-flip test: use at least 6 seeds\n"), table);
    assertFalse(table.contains("under-trained"), "every classifier stopped early after 6 epochs: " + table);
    assertEquals(2, r.comparisons());
  }

  @Test
  void classifiersEndingOnTheBudgetOrUnderTwoEpochsAreWarnedAboutByArmAndSeed() {
    ExperimentResult r = result(
        arm("real+gan", new double[] {0.81, 0.8, 0.83}, 0.5, new double[] {1.2, 1.25, 1.2},
            new long[] {500, 500, 500}, new boolean[] {false, false, false}),
        arm("hybrid", new double[] {0.81, 0.8, 0.83}, 0.5, new double[] {1.5, 8, 8},
            new long[] {30, 160, 160}, new boolean[] {true, true, true}),
        arm("real", new double[] {0.81, 0.8, 0.83}, 0.5, new double[] {12, 12, 12},
            new long[] {480, 480, 480}, new boolean[] {false, false, false}));
    List<String> warnings = r.trainingWarnings();
    assertEquals(2, warnings.size(), warnings.toString());
    assertEquals("arm 'real+gan' (1,000 training images) may be under-trained: its classifier ended on the"
        + " 500-step budget without early stopping (seed 1 after 1.2 epochs, seed 2 after 1.3, seed 3 after 1.2);"
        + " its accuracy then mixes the effect of its images with too little training: raise classifier.maxSteps or"
        + " use maxEpochs", warnings.get(0));
    assertTrue(warnings.get(1).startsWith("arm 'hybrid' (1,000 training images) may be under-trained: its classifier"
        + " stopped early within 2 epochs (seed 1 after 1.5 epochs); "), warnings.get(1));
    ExperimentResult.Arm real = r.arm("real");
    assertFalse(real.mayBeUnderTrained(0, BUDGET), "12 epochs ended by maxEpochs below the budget");
    assertTrue(r.arm("real+gan").endedOnBudget(0, BUDGET));
    assertTrue(r.summaryTable().contains("warning: 2 arm(s) may be under-trained, see the log or report.html"));
    assertNull(r.arm("real+classic").verdict());
  }

  @Test
  void aClassifierThatRanItsMaxEpochsIsNotSaidToEndOnTheBudgetEvenWhenThoseStepsBoundTheRun() {
    // maxSteps 1,000,000 and maxEpochs 12: the largest arm takes exactly the 12 epochs' steps (the
    // summaries' step bound) without stopping early; that is maxEpochs ending it, not the budget
    List<ExperimentResult.Arm> all = new ArrayList<>(List.of(baseline(), arm("real+gan", new double[] {0.81, 0.8,
        0.83}, 0.5, new double[] {12, 12, 12}, new long[] {192, 192, 192}, new boolean[] {false, false, false})));
    ExperimentResult r = new ExperimentResult(Path.of("out"), "real+classic", List.of(1L, 2L, 3L), 200, 1_000_000,
        192, 1, all);
    assertEquals(List.of(), r.trainingWarnings());
    assertFalse(r.arm("real+gan").endedOnBudget(0, r.stepBudget()));
    assertTrue(r.summaryTable().contains("at most 192 optimizer steps per classifier"), r.summaryTable());
  }

  @Test
  void pValuesAreNeverPrintedAsABareZero() {
    assertEquals("<0.001", ExperimentResult.formatP(1e-7));
    assertEquals("0.001", ExperimentResult.formatP(0.001));
    assertEquals("0.074", ExperimentResult.formatP(0.0741799));
    assertEquals("n/a", ExperimentResult.formatP(Double.NaN));
    assertEquals("n/a", ExperimentResult.formatT(Double.NaN));
    assertEquals("-2.00", ExperimentResult.formatT(-2));
  }
}
