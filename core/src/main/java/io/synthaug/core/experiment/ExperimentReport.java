package io.synthaug.core.experiment;

import io.synthaug.core.report.HtmlReport;
import io.synthaug.core.report.PipelineSections;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.BoundStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.html} of an experiment: the answer first (the verdicts, any under-training
 * warning, accuracy per arm, the paired comparison with the baseline, accuracy against the
 * synthetic-to-real ratio), then how it was measured, then each seed's pipeline run (samples, GAN
 * losses, quality gate).
 */
final class ExperimentReport {

  private ExperimentReport() {
  }

  static void write(Path file, BoundExperiment experiment, ExperimentResult result,
      List<ExperimentRunner.SeedOutcome> outcomes, Path seedsRoot) {
    String name = experiment.file() == null ? "<experiment>" : experiment.file().getFileName().toString();
    HtmlReport report = new HtmlReport("Synthaug experiment: " + name);
    ExperimentRunner.SeedOutcome first = outcomes.get(0);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("pipeline", experiment.spec().pipeline());
    facts.put("seeds", result.seeds().toString());
    facts.put("baseline arm", result.baseline());
    facts.put("real training images", String.format(Locale.ROOT, "%,d trained on + %,d held out for early stopping",
        first.realFit(), first.validation()));
    facts.put("test images", String.format(Locale.ROOT, "%,d (held out; used only to measure accuracy)",
        result.testImages()));
    facts.put("classifier budget", String.format(Locale.ROOT, "at most %,d optimizer steps of %d images and %d"
        + " epochs, patience %d epochs", result.stepBound(), experiment.classifier().batchSize(),
        experiment.classifier().maxEpochs(), experiment.classifier().patience()));
    report.keyValues(facts);

    report.section("The answer");
    report.paragraph(result.verdictLine());
    for (String warning : result.trainingWarnings()) {
      report.verdict("warning", false, warning);
    }
    accuracy(report, result);
    comparison(report, result);
    if (!result.sweep().isEmpty()) {
      report.section("Accuracy against the ratio of synthetic to real images");
      report.png(read(file.resolveSibling(ResultsWriter.PLOT)), "test accuracy, mean ± one standard deviation over "
          + result.seeds().size() + " seeds; the flat line is the baseline arm's mean");
    }
    report.section("How this was measured");
    report.paragraph("For each seed the pipeline ran once with that seed as its run seed; every arm's training set"
        + " was then taken from that one output by the origin of each image: real images plus the images made by the"
        + " arm's stages (a copy of a synthetic image counts only when its parent stage is in the arm too). A sweep"
        + " point adds, per class, the ratio times the real training images of that class, picked at random from the"
        + " sweep stage's images; a higher ratio adds to a lower one's images.");
    report.paragraph("Within a seed all classifiers share the initial weights, the batch-order seed and the real"
        + " images held out for early stopping. Copies of held-out images are left out of training. The input"
        + " normalisation of the first layer (each channel's pixel mean and standard deviation) is computed from each"
        + " arm's own training images, so arms differ in their training images and in that normalisation, which"
        + " follows from them. Each classifier trains for at most the same number of optimizer steps: an arm with"
        + " more images passes over them fewer times (the epochs column), and a classifier that ends on the budget"
        + " without early stopping, or after fewer than " + ExperimentResult.MIN_EPOCHS + " epochs, is"
        + " warned about above, since its accuracy then mixes the effect of the images with too little training.");
    report.paragraph("Statistics: mean and sample standard deviation (n - 1) of the test accuracy over seeds. The"
        + " comparison with the baseline is paired by seed, on the differences arm - baseline: their mean with a 95 %"
        + " confidence interval (mean ± t(0.975, n - 1) · sd / sqrt(n)); the paired t test, t = mean / (sd / sqrt(n))"
        + " with n - 1 degrees of freedom, and its two-sided p; that p Holm-adjusted over all " + result.comparisons()
        + " comparisons with the baseline; and the exact sign-flip test, whose p is the share of the 2^n sign"
        + " patterns of the differences with a mean at least as far from 0 as the observed one (it needs no normal"
        + " distribution; with n seeds it cannot go below 2^(1 - n)). When every seed gives the same difference, t,"
        + " its p and the interval are undefined (n/a): no spread is not certainty. Verdict: better (worse) when the"
        + " Holm-adjusted p is below " + ExperimentResult.ALPHA + " and the interval lies above (below) 0, otherwise"
        + " no clear difference.");

    List<String> stageIds = experiment.pipeline().stages().stream().map(BoundStage::id).toList();
    for (ExperimentRunner.SeedOutcome o : outcomes) {
      String suffix = " (seed " + o.seed() + ")";
      report.section("Pipeline output" + suffix);
      List<List<String>> rows = new ArrayList<>();
      o.bySource().forEach((src, n) -> rows.add(List.of(src, String.format(Locale.ROOT, "%,d", n))));
      report.table(List.of("source", "images"), rows);
      PipelineSections.addAll(report, o.preview(), seedsRoot.resolve(Long.toString(o.seed())).resolve("artifacts"),
          stageIds, suffix);
    }
    report.write(file);
  }

  private static void accuracy(HtmlReport report, ExperimentResult result) {
    report.section("Test accuracy by arm");
    List<String> header = new ArrayList<>(List.of("arm", "added images from", "training images", "epochs",
        "accuracy (mean ± sd)"));
    for (long s : result.seeds()) {
      header.add("seed " + s);
    }
    List<List<String>> rows = new ArrayList<>();
    int highlight = -1;
    for (ExperimentResult.Arm a : result.arms()) {
      if (a.name().equals(result.baseline())) {
        highlight = rows.size();
      }
      List<String> row = new ArrayList<>();
      row.add(a.name() + (a.name().equals(result.baseline()) ? " (baseline)" : ""));
      row.add(a.stages().isEmpty() ? "none (real only)" : String.join(", ", a.stages()));
      row.add(String.format(Locale.ROOT, "%,.0f", a.trainImages().stream().mapToInt(Integer::intValue).average()
          .orElse(0)));
      row.add(String.join(" / ", a.epochs().stream().map(e -> String.format(Locale.ROOT, "%.1f", e)).toList()));
      row.add(String.format(Locale.ROOT, "%.2f ± %.2f %%", 100 * a.summary().mean(), 100 * a.summary().sd()));
      for (double acc : a.accuracy()) {
        row.add(String.format(Locale.ROOT, "%.2f %%", 100 * acc));
      }
      rows.add(row);
    }
    report.table(header, rows, highlight);
  }

  private static void comparison(HtmlReport report, ExperimentResult result) {
    report.section("Paired comparison with the baseline (" + result.baseline() + ")");
    List<List<String>> rows = new ArrayList<>();
    for (ExperimentResult.Arm a : result.arms()) {
      PairedStats.Paired p = a.vsBaseline();
      if (p == null) {
        continue;
      }
      rows.add(List.of(a.name(), String.format(Locale.ROOT, "%+.2f pp", 100 * p.meanDiff()),
          ExperimentResult.ci(p) + " pp", String.format(Locale.ROOT, "%.2f pp", 100 * p.sdDiff()),
          ExperimentResult.formatT(p.t()), ExperimentResult.formatP(p.p()), ExperimentResult.formatP(a.pHolm()),
          ExperimentResult.formatP(p.signFlipP()), p.wins() + " / " + p.losses() + " / " + p.ties(),
          a.verdict().call(), a.verdict().reason()));
    }
    report.table(List.of("arm", "mean difference", "95 % CI", "sd of differences", "t", "p (t test)", "p (Holm)",
        "p (sign-flip)", "wins / losses / ties", "verdict", "why"), rows);
    report.note("pp: percentage points of test accuracy, arm minus baseline, paired by seed. 95 % CI: the t"
        + " interval of the mean difference. p (Holm): the t test's p adjusted for the " + result.comparisons()
        + " comparisons with the baseline. n/a: undefined, for t when every seed gave the same difference.");
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
