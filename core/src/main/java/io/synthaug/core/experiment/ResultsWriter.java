package io.synthaug.core.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.Csv;
import io.synthaug.core.data.OutputWriteException;
import io.synthaug.core.report.LineChart;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.ClassifierSettings;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes an experiment's {@code results.json}, {@code results.csv} and, with a ratio sweep,
 * {@code accuracy-vs-ratio.png}. Nothing written depends on the time or on absolute paths, so
 * the same experiment and seeds give the same bytes on the same machine.
 */
public final class ResultsWriter {

  /** The results file. */
  public static final String JSON = "results.json";
  /** The same table as CSV, one row per arm and sweep point. */
  public static final String CSV = "results.csv";
  /** The accuracy-against-ratio plot. */
  public static final String PLOT = "accuracy-vs-ratio.png";

  private ResultsWriter() {
  }

  /** Writes every results file into {@code dir}. */
  public static void write(Path dir, BoundExperiment experiment, ExperimentResult result) {
    write(dir, experiment, result, null);
  }

  /** Writes every results file into {@code dir}, {@code results.json} with {@code facts} when not null. */
  static void write(Path dir, BoundExperiment experiment, ExperimentResult result, RunFacts facts) {
    try {
      ObjectNode json = json(experiment, result);
      if (facts != null) {
        facts.addTo(json);
      }
      Files.writeString(dir.resolve(JSON), Json.mapper().writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(CSV), csv(result), StandardCharsets.UTF_8);
      if (!result.sweep().isEmpty()) {
        Files.write(dir.resolve(PLOT), ratioPlot(result));
      }
    } catch (IOException e) {
      throw new OutputWriteException("write the results into", dir, e);
    }
  }

  /** The content of {@code results.json}. */
  static ObjectNode json(BoundExperiment experiment, ExperimentResult result) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("synthaug", PipelineRunner.VERSION);
    root.put("experiment", experiment.file() == null ? "<experiment>" : experiment.file().getFileName().toString());
    root.put("pipeline", experiment.spec().pipeline());
    root.put("pipelineSha256", Hashes.sha256(experiment.pipeline().resolved().toString()));
    root.put("baseline", result.baseline());
    ArrayNode seeds = root.putArray("seeds");
    result.seeds().forEach(seeds::add);
    root.put("testImages", result.testImages());
    ObjectNode cls = root.putObject("classifier");
    ClassifierSettings c = experiment.classifier();
    cls.put("stepBudget", c.maxSteps());
    cls.put("maxEpochs", c.maxEpochs());
    cls.put("batchSize", c.batchSize());
    cls.put("patience", c.patience());
    cls.put("validationFraction", c.validationFraction());
    cls.put("learningRate", c.learningRate());
    cls.put("weightDecay", c.weightDecay());
    cls.put("dropout", c.dropout());
    ArrayNode widths = cls.putArray("convWidths");
    c.convWidths().forEach(widths::add);
    cls.put("featureDim", c.featureDim());
    cls.put("protocol", "every classifier trains for at most stepBudget optimizer steps and stops early on the"
        + " same real training images held out per seed (validationFraction of each class); the test set is used"
        + " only for the reported accuracy");
    root.put("statistics", "accuracy: mean and sample standard deviation (sd) over seeds; vsBaseline: paired"
        + " differences arm - baseline over the same seeds: meanDiff, sdDiff (their sample standard deviation),"
        + " ci95Low/ci95High (meanDiff -+ t_0.975,n-1 * sdDiff / sqrt(n)), t = meanDiff / (sdDiff / sqrt(n)) with n - 1"
        + " degrees of freedom and its two-sided p; pHolm: that p Holm-adjusted over all " + result.comparisons()
        + " comparisons with the baseline; pSignFlip: exact two-sided sign-flip test over all 2^n sign patterns"
        + " (null beyond " + PairedStats.SIGN_FLIP_MAX_PAIRS + " seeds); t, p, pHolm and the interval are null when"
        + " every difference is the same; verdict: better (worse) when pHolm < " + ExperimentResult.ALPHA + " and"
        + " ci95Low > 0 (ci95High < 0), else no clear difference");
    ArrayNode warnings = root.putArray("warnings");
    result.trainingWarnings().forEach(warnings::add);
    ArrayNode arms = root.putArray("arms");
    for (ExperimentResult.Arm a : result.arms()) {
      ObjectNode n = arms.addObject();
      n.put("name", a.name());
      n.put("kind", a.kind());
      ArrayNode st = n.putArray("stages");
      a.stages().forEach(st::add);
      if (a.ratio() != null) {
        n.put("ratio", a.ratio());
      }
      ArrayNode acc = n.putArray("accuracy");
      a.accuracy().forEach(acc::add);
      n.put("mean", a.summary().mean());
      number(n, "sd", a.summary().sd());
      ArrayNode images = n.putArray("trainImages");
      a.trainImages().forEach(images::add);
      ArrayNode steps = n.putArray("steps");
      a.steps().forEach(steps::add);
      ArrayNode epochs = n.putArray("bestEpoch");
      a.bestEpochs().forEach(epochs::add);
      ArrayNode passes = n.putArray("epochs");
      a.epochs().forEach(passes::add);
      ArrayNode stopped = n.putArray("stoppedEarly");
      a.stoppedEarly().forEach(stopped::add);
      PairedStats.Paired p = a.vsBaseline();
      if (p == null) {
        n.putNull("vsBaseline");
      } else {
        ObjectNode v = n.putObject("vsBaseline");
        v.put("meanDiff", p.meanDiff());
        number(v, "sdDiff", p.sdDiff());
        number(v, "ci95Low", p.ciLow());
        number(v, "ci95High", p.ciHigh());
        number(v, "t", p.t());
        number(v, "p", p.p());
        number(v, "pHolm", a.pHolm());
        number(v, "pSignFlip", p.signFlipP());
        v.put("wins", p.wins());
        v.put("losses", p.losses());
        v.put("ties", p.ties());
        v.put("verdict", a.verdict().call());
        v.put("verdictReason", a.verdict().reason());
      }
    }
    return root;
  }

  /** JSON has no NaN or infinity: such a value is written as null. */
  private static void number(ObjectNode n, String field, double value) {
    if (Double.isFinite(value)) {
      n.put(field, value);
    } else {
      n.putNull(field);
    }
  }

  /** The content of {@code results.csv}. */
  static String csv(ExperimentResult result) {
    StringBuilder sb = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("arm", "kind", "stages", "ratio"));
    for (long s : result.seeds()) {
      head.add("accuracy_seed_" + s);
    }
    head.addAll(List.of("mean", "sd", "diff_mean", "diff_sd", "t", "p", "wins", "losses", "ties",
        "train_images_mean", "diff_ci95_low", "diff_ci95_high", "p_holm", "p_sign_flip", "verdict", "epochs_min",
        "under_trained_seeds"));
    sb.append(Csv.row(head));
    for (ExperimentResult.Arm a : result.arms()) {
      List<String> row = new ArrayList<>();
      row.add(a.name());
      row.add(a.kind());
      row.add(String.join(" ", a.stages()));
      row.add(a.ratio() == null ? "" : plain(a.ratio()));
      for (double acc : a.accuracy()) {
        row.add(plain(acc));
      }
      row.add(plain(a.summary().mean()));
      row.add(plain(a.summary().sd()));
      PairedStats.Paired p = a.vsBaseline();
      if (p == null) {
        row.addAll(List.of("", "", "", "", "", "", ""));
      } else {
        row.addAll(List.of(plain(p.meanDiff()), plain(p.sdDiff()), plain(p.t()), plain(p.p()),
            Integer.toString(p.wins()), Integer.toString(p.losses()), Integer.toString(p.ties())));
      }
      row.add(String.format(Locale.ROOT, "%.1f",
          a.trainImages().stream().mapToInt(Integer::intValue).average().orElse(0)));
      if (p == null) {
        row.addAll(List.of("", "", "", "", ""));
      } else {
        row.addAll(List.of(plain(p.ciLow()), plain(p.ciHigh()), plain(a.pHolm()), plain(p.signFlipP()),
            a.verdict().call()));
      }
      row.add(plain(a.epochs().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
      List<String> under = new ArrayList<>();
      for (int i = 0; i < result.seeds().size(); i++) {
        if (a.mayBeUnderTrained(i, result.stepBudget())) {
          under.add(Long.toString(result.seeds().get(i)));
        }
      }
      row.add(String.join(" ", under));
      sb.append(Csv.row(row));
    }
    return sb.toString();
  }

  /**
   * Full precision, locale-free; a non-finite value (an undefined t or p, the sd of one seed) as an
   * empty cell, as {@code results.json} writes it as null.
   */
  private static String plain(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /**
   * Test accuracy (percent) against the ratio of synthetic to real images: the mean over seeds
   * with a bar of one standard deviation either side, and the baseline arm's mean as a flat line.
   */
  public static byte[] ratioPlot(ExperimentResult result) {
    // the line joins the points in ratio order, whatever order the file lists them in
    List<ExperimentResult.Arm> sweep = result.sweep().stream()
        .sorted(Comparator.comparingDouble(ExperimentResult.Arm::ratio)).toList();
    double[] x = new double[sweep.size()];
    double[] y = new double[sweep.size()];
    double[] err = new double[sweep.size()];
    for (int i = 0; i < x.length; i++) {
      ExperimentResult.Arm a = sweep.get(i);
      x[i] = a.ratio();
      y[i] = 100 * a.summary().mean();
      err[i] = 100 * a.summary().sd();
    }
    String stage = sweep.isEmpty() || sweep.get(sweep.size() - 1).stages().isEmpty() ? "synthetic"
        : sweep.get(sweep.size() - 1).stages().get(0);
    ExperimentResult.Arm base = result.arm(result.baseline());
    double lo = java.util.Arrays.stream(x).min().orElse(0);
    double hi = java.util.Arrays.stream(x).max().orElse(1);
    double b = 100 * base.summary().mean();
    return new LineChart("Test accuracy vs " + stage + " images per real image", stage + " images per real image",
        "test accuracy (%)").markers(true)
        .series("real + " + stage + " (mean ± sd over " + result.seeds().size() + " seeds)", x, y, err)
        .series("baseline " + result.baseline() + " (mean)", new double[] {lo, hi}, new double[] {b, b})
        .png(800, 450);
  }
}
