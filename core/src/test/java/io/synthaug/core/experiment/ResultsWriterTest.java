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
        List.of(1, 1), PairedStats.summarize(new double[] {a, b}), null);
  }

  private static ExperimentResult result(List<ExperimentResult.Arm> sweep) {
    List<ExperimentResult.Arm> arms = new ArrayList<>();
    arms.add(new ExperimentResult.Arm("real+classic", ExperimentResult.KIND_ARM, List.of("classic"), null,
        List.of(0.8, 0.82), List.of(10, 10), List.of(5L, 5L), List.of(1, 1),
        PairedStats.summarize(new double[] {0.8, 0.82}), null));
    arms.addAll(sweep);
    return new ExperimentResult(Path.of("out"), "real+classic", List.of(1L, 2L), 20, 5, arms);
  }

  @Test
  void theCsvLeavesNonFiniteValuesEmptyAsTheJsonWritesNull() {
    ExperimentResult.Arm shifted = new ExperimentResult.Arm("real", ExperimentResult.KIND_ARM, List.of(), null,
        List.of(0.75, 0.5), List.of(10, 10), List.of(5L, 5L), List.of(1, 1),
        PairedStats.summarize(new double[] {0.75, 0.5}),
        PairedStats.paired(new double[] {0.75, 0.5}, new double[] {0.5, 0.25}));
    assertEquals(Double.POSITIVE_INFINITY, shifted.vsBaseline().t(), "the premise: every difference is 0.25");
    String csv = ResultsWriter.csv(result(List.of(shifted)));
    assertFalse(csv.contains("Infinity") || csv.contains("NaN"), csv);
    String[] lines = csv.split("\r?\n");
    List<String> head = List.of(lines[0].split(",", -1));
    List<String> row = List.of(lines[2].split(",", -1));
    assertEquals(head.size(), row.size());
    assertEquals("", row.get(head.indexOf("t")));
    assertEquals("0.0", row.get(head.indexOf("p")));
    assertEquals("0.25", row.get(head.indexOf("diff_mean")));
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
