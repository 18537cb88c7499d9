package io.synthaug.core.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsWriterTest {

  /** A sweep point of the {@code gan} stage with two seeds' accuracies. */
  private static ExperimentResult.Arm point(double ratio, double a, double b) {
    return new ExperimentResult.Arm("gan x" + ratio, ExperimentResult.KIND_RATIO,
        ratio == 0 ? List.of() : List.of("gan"), ratio, List.of(a, b), List.of(10, 10), List.of(5L, 5L),
        List.of(1, 1), List.of(4.0, 4.0), List.of(true, true), PairedStats.summarize(new double[] {a, b}), null,
        Double.NaN, null);
  }

  private static ExperimentResult result(List<ExperimentResult.Arm> sweep) {
    List<ExperimentResult.Arm> arms = new ArrayList<>();
    arms.add(new ExperimentResult.Arm("real+classic", ExperimentResult.KIND_ARM, List.of("classic"), null,
        List.of(0.8, 0.82), List.of(10, 10), List.of(5L, 5L), List.of(1, 1), List.of(4.0, 4.0), List.of(true, true),
        PairedStats.summarize(new double[] {0.8, 0.82}), null, Double.NaN, null));
    arms.addAll(sweep);
    return new ExperimentResult(Path.of("out"), "real+classic", List.of(1L, 2L), 20, 5, 5,
        (int) arms.stream().filter(a -> a.vsBaseline() != null).count(), arms);
  }

  @Test
  void theCsvLeavesUndefinedValuesEmptyAsTheJsonWritesNull() {
    PairedStats.Paired same = PairedStats.paired(new double[] {0.75, 0.5}, new double[] {0.5, 0.25});
    ExperimentResult.Arm shifted = new ExperimentResult.Arm("real", ExperimentResult.KIND_ARM, List.of(), null,
        List.of(0.75, 0.5), List.of(10, 10), List.of(5L, 3L), List.of(1, 1), List.of(1.5, 3.0), List.of(false, true),
        PairedStats.summarize(new double[] {0.75, 0.5}), same, Double.NaN, ExperimentResult.Verdict.of(same,
        Double.NaN));
    assertFalse(shifted.vsBaseline().tDefined(), "the premise: every difference is 0.25");
    String csv = ResultsWriter.csv(result(List.of(shifted)));
    assertFalse(csv.contains("Infinity") || csv.contains("NaN"), csv);
    String[] lines = csv.split("\r?\n");
    List<String> head = List.of(lines[0].split(",", -1));
    assertEquals(List.of("arm", "kind", "stages", "ratio", "accuracy_seed_1", "accuracy_seed_2", "mean", "sd",
        "diff_mean", "diff_sd", "t", "p", "wins", "losses", "ties", "train_images_mean", "diff_ci95_low",
        "diff_ci95_high", "p_holm", "p_sign_flip", "verdict", "epochs_min", "under_trained_seeds"), head,
        "new columns come after the old ones, which keep their places");
    List<String> row = List.of(lines[2].split(",", -1));
    assertEquals(head.size(), row.size());
    for (String undefined : List.of("t", "p", "p_holm", "diff_ci95_low", "diff_ci95_high")) {
      assertEquals("", row.get(head.indexOf(undefined)), undefined);
    }
    assertEquals("0.0", row.get(head.indexOf("diff_sd")));
    assertEquals("0.25", row.get(head.indexOf("diff_mean")));
    assertEquals("0.5", row.get(head.indexOf("p_sign_flip")));
    assertEquals("no clear difference", row.get(head.indexOf("verdict")));
    assertEquals("1.5", row.get(head.indexOf("epochs_min")));
    // seed 1 ended on the 5-step budget (and under 2 epochs); seed 2 stopped early after 3 epochs
    assertEquals("1", row.get(head.indexOf("under_trained_seeds")));
    List<String> base = List.of(lines[1].split(",", -1));
    assertEquals(head.size(), base.size());
    assertEquals("", base.get(head.indexOf("verdict")), "the baseline has no verdict");
  }

  @Test
  void theRatioPlotJoinsThePointsInRatioOrderWhateverTheFilesOrder() {
    ExperimentResult.Arm zero = point(0, 0.7, 0.72);
    ExperimentResult.Arm one = point(1, 0.9, 0.88);
    ExperimentResult.Arm two = point(2, 0.6, 0.65);
    ExperimentResult listed = result(List.of(two, zero, one));
    assertEquals(List.of(two, zero, one), listed.sweep(), "the results keep the file's order");
    assertArrayEquals(ResultsWriter.ratioPlot(result(List.of(zero, one, two))), ResultsWriter.ratioPlot(listed));
  }
}
