package io.synthaug.core.experiment;

import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an experiment measured: every arm's and sweep point's test accuracy per seed, their mean
 * and spread, and the paired comparison with the baseline arm.
 *
 * @param output the results folder
 * @param baseline the baseline arm's name
 * @param seeds the seeds, in the order of every per-seed list
 * @param testImages the size of the held-out test set
 * @param stepBudget the most optimizer steps any classifier could take: the step budget, or fewer when
 *     {@code maxEpochs} passes over the largest training set end first
 * @param arms the arms in the experiment file's order, then the sweep points in theirs
 */
public record ExperimentResult(Path output, String baseline, List<Long> seeds, int testImages, int stepBudget,
    List<Arm> arms) {

  /** The {@link Arm#kind()} of an arm named in the experiment file. */
  public static final String KIND_ARM = "arm";
  /** The {@link Arm#kind()} of a sweep point. */
  public static final String KIND_RATIO = "ratio";

  /** Copies the lists. */
  public ExperimentResult {
    seeds = List.copyOf(seeds);
    arms = List.copyOf(arms);
  }

  /**
   * One arm or sweep point.
   *
   * @param name its name ({@code real+gan}, or {@code gan x2} for a sweep point)
   * @param kind {@link #KIND_ARM} or {@link #KIND_RATIO}
   * @param stages the stages whose images joined the real ones
   * @param ratio the sweep ratio, or null for an arm
   * @param accuracy test accuracy per seed
   * @param trainImages training images per seed
   * @param steps optimizer steps per seed
   * @param bestEpochs the kept epoch per seed
   * @param summary mean and sample standard deviation of the accuracies
   * @param vsBaseline the paired comparison with the baseline; null for the baseline itself
   */
  public record Arm(String name, String kind, List<String> stages, Double ratio, List<Double> accuracy,
      List<Integer> trainImages, List<Long> steps, List<Integer> bestEpochs, PairedStats.Summary summary,
      PairedStats.Paired vsBaseline) {
  }

  /** The arm or sweep point called {@code name}. */
  public Arm arm(String name) {
    return arms.stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no arm " + name));
  }

  /** The sweep points in order, empty without a sweep. */
  public List<Arm> sweep() {
    return arms.stream().filter(a -> a.kind().equals(KIND_RATIO)).toList();
  }

  static ExperimentResult of(BoundExperiment experiment, Path output, int testImages,
      List<ExperimentRunner.SeedOutcome> outcomes) {
    List<String> names = new ArrayList<>(outcomes.get(0).byArm().keySet());
    double[] base = accuracies(outcomes, experiment.baseline());
    List<Arm> arms = new ArrayList<>();
    ExperimentSpec.RatioSweep sweep = experiment.ratios();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      boolean isArm = experiment.arms().containsKey(name);
      double[] acc = accuracies(outcomes, name);
      List<Double> accList = new ArrayList<>();
      List<Integer> images = new ArrayList<>();
      List<Long> steps = new ArrayList<>();
      List<Integer> epochs = new ArrayList<>();
      for (ExperimentRunner.SeedOutcome o : outcomes) {
        ExperimentRunner.Trained t = o.byArm().get(name);
        accList.add(t.accuracy());
        images.add(t.trainImages());
        steps.add(t.steps());
        epochs.add(t.bestEpoch());
      }
      Double ratio = isArm ? null : sweep.values().get(i - experiment.arms().size());
      List<String> stages = isArm ? experiment.arms().get(name) : ratio == 0 ? List.of() : List.of(sweep.stage());
      arms.add(new Arm(name, isArm ? KIND_ARM : KIND_RATIO, stages, ratio, accList, images, steps, epochs,
          PairedStats.summarize(acc), name.equals(experiment.baseline()) ? null : PairedStats.paired(acc, base)));
    }
    // what bounds training: the step budget, or maxEpochs passes over the largest training set
    int largest = outcomes.stream().flatMap(o -> o.byArm().values().stream())
        .mapToInt(ExperimentRunner.Trained::trainImages).max().orElse(0);
    return new ExperimentResult(output, experiment.baseline(), experiment.seeds(), testImages,
        experiment.classifier().stepBound(largest), arms);
  }

  private static double[] accuracies(List<ExperimentRunner.SeedOutcome> outcomes, String arm) {
    double[] out = new double[outcomes.size()];
    for (int i = 0; i < out.length; i++) {
      Map<String, ExperimentRunner.Trained> byArm = outcomes.get(i).byArm();
      out[i] = byArm.get(arm).accuracy();
    }
    return out;
  }

  /**
   * The summary a person reads at the end of a run: one line per arm with its training images,
   * accuracy (mean ± sd over seeds) and the paired difference from the baseline.
   */
  public String summaryTable() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"arm", "train images", "accuracy % (mean ± sd)", "vs " + baseline + " (pp)", "t", "p",
        "wins/losses/ties"});
    for (Arm a : arms) {
      double images = a.trainImages().stream().mapToInt(Integer::intValue).average().orElse(0);
      String[] r = new String[7];
      r[0] = a.name() + (a.name().equals(baseline) ? " (baseline)" : "");
      r[1] = String.format(Locale.ROOT, "%,.0f", images);
      r[2] = String.format(Locale.ROOT, "%.2f ± %.2f", 100 * a.summary().mean(), 100 * a.summary().sd());
      PairedStats.Paired p = a.vsBaseline();
      r[3] = p == null ? "-" : String.format(Locale.ROOT, "%+.2f ± %.2f", 100 * p.meanDiff(), 100 * p.sdDiff());
      r[4] = p == null ? "-" : formatT(p.t());
      r[5] = p == null ? "-" : String.format(Locale.ROOT, "%.3f", p.p());
      r[6] = p == null ? "-" : p.wins() + "/" + p.losses() + "/" + p.ties();
      rows.add(r);
    }
    int[] width = new int[7];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      for (int c = 0; c < r.length; c++) {
        String cell = c == 0 ? String.format("%-" + width[c] + "s", r[c]) : String.format("%" + width[c] + "s", r[c]);
        sb.append(c == 0 ? "" : "  ").append(cell);
      }
      sb.append('\n');
      if (i == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        sb.append("-".repeat(total - 2)).append('\n');
      }
    }
    sb.append(String.format(Locale.ROOT, "%d seeds %s, %,d test images, at most %,d optimizer steps per classifier;"
        + " paired t test over seeds, two-sided p%n", seeds.size(), seeds, testImages, stepBudget));
    return sb.toString();
  }

  /** A t statistic for people: infinite when every seed gave the same non-zero difference. */
  static String formatT(double t) {
    if (Double.isInfinite(t)) {
      return t > 0 ? "+inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.2f", t);
  }
}
