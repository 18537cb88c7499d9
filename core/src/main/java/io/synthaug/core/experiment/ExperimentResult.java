package io.synthaug.core.experiment;

import io.synthaug.core.spec.BoundExperiment;
import io.synthaug.core.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an experiment measured: every arm's and sweep point's test accuracy per seed, their mean
 * and spread, how each classifier trained, and the paired comparison with the baseline arm with
 * its Holm-adjusted p value and verdict.
 *
 * @param output the results folder
 * @param baseline the baseline arm's name
 * @param seeds the seeds, in the order of every per-seed list
 * @param testImages the size of the held-out test set
 * @param stepBudget the classifier's step budget ({@code maxSteps}): a classifier that took this
 *     many steps without stopping early ended on it
 * @param stepBound the most optimizer steps any classifier could take: the step budget, or fewer when
 *     {@code maxEpochs} passes over the largest training set end first; what the summaries show
 * @param comparisons the distinct comparisons with the baseline, the family Holm's adjustment
 *     covers: an arm or sweep point that trained on the very same images as an earlier one (ratio 0
 *     and {@code real}) is the same comparison and counts once
 * @param arms the arms in the experiment file's order, then the sweep points in theirs
 */
public record ExperimentResult(Path output, String baseline, List<Long> seeds, int testImages, int stepBudget,
    int stepBound, int comparisons, List<Arm> arms) {

  /** The {@link Arm#kind()} of an arm named in the experiment file. */
  public static final String KIND_ARM = "arm";
  /** The {@link Arm#kind()} of a sweep point. */
  public static final String KIND_RATIO = "ratio";
  /** The significance level of a verdict, applied to the Holm-adjusted p value. */
  public static final double ALPHA = 0.05;
  /**
   * Below this many epochs (passes over an arm's training images) a classifier is reported as
   * possibly under-trained, however it ended.
   */
  public static final int MIN_EPOCHS = 2;

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
   * @param epochs passes over the training images per seed (images seen / training images), such
   *     as 1.2 for a large arm on a small step budget
   * @param stoppedEarly per seed, whether early stopping ended the training
   * @param summary mean and sample standard deviation of the accuracies
   * @param vsBaseline the paired comparison with the baseline; null for the baseline itself
   * @param pHolm the t test's p value Holm-adjusted over every comparison with the baseline; NaN
   *     for the baseline and where the t test is undefined
   * @param verdict what the comparison says; null for the baseline itself
   */
  public record Arm(String name, String kind, List<String> stages, Double ratio, List<Double> accuracy,
      List<Integer> trainImages, List<Long> steps, List<Integer> bestEpochs, List<Double> epochs,
      List<Boolean> stoppedEarly, PairedStats.Summary summary, PairedStats.Paired vsBaseline, double pHolm,
      Verdict verdict) {

    /**
     * Whether the classifier of seed number {@code i} (from 0) used up the step budget without
     * stopping early.
     */
    public boolean endedOnBudget(int i, int stepBudget) {
      return !stoppedEarly.get(i) && steps.get(i) >= stepBudget;
    }

    /**
     * Whether the classifier of seed number {@code i} (from 0) may be under-trained: it
     * {@linkplain #endedOnBudget ended on the step budget} or passed over its training images
     * fewer than {@link ExperimentResult#MIN_EPOCHS} times.
     */
    public boolean mayBeUnderTrained(int i, int stepBudget) {
      return endedOnBudget(i, stepBudget) || epochs.get(i) < MIN_EPOCHS;
    }
  }

  /**
   * The answer for one arm against the baseline.
   *
   * @param call {@link #BETTER}, {@link #WORSE} or {@link #UNCLEAR}
   * @param reason the figures behind it, and a word when the seeds are too few, in one sentence
   */
  public record Verdict(String call, String reason) {

    /** The arm beats the baseline: Holm-adjusted p below {@link ExperimentResult#ALPHA}, the interval above 0. */
    public static final String BETTER = "better";
    /** The arm loses to the baseline: Holm-adjusted p below {@link ExperimentResult#ALPHA}, the interval below 0. */
    public static final String WORSE = "worse";
    /** Neither of the above. */
    public static final String UNCLEAR = "no clear difference";

    /**
     * The verdict on {@code p} whose t-test p value, Holm-adjusted over all comparisons with the
     * baseline, is {@code pHolm}: {@link #BETTER} when {@code pHolm} is below
     * {@link ExperimentResult#ALPHA} and the 95 % interval's lower end is above 0, {@link #WORSE}
     * when {@code pHolm} is below it and the interval's upper end is below 0, otherwise
     * {@link #UNCLEAR}. The reason names the seed count; with fewer seeds than
     * {@link ExperimentResult#seedsForSignFlip()} it says that more are needed.
     */
    public static Verdict of(PairedStats.Paired p, double pHolm) {
      boolean significant = p.tDefined() && pHolm < ALPHA;
      String call = significant && p.ciLow() > 0 ? BETTER : significant && p.ciHigh() < 0 ? WORSE : UNCLEAR;
      StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "%d seeds: ", p.n()));
      if (p.tDefined()) {
        why.append(String.format(Locale.ROOT, "Holm-adjusted p %s, 95 %% CI %s pp", formatP(pHolm), ci(p)));
      } else {
        why.append(String.format(Locale.ROOT, "every seed gave %+.2f pp, so the t test and its interval are"
            + " undefined (no spread to measure the noise by); sign-flip p %s", 100 * p.meanDiff(),
            formatP(p.signFlipP())));
      }
      double smallest = PairedStats.smallestSignFlipP(p.n());
      if (smallest >= ALPHA) {
        String floor = String.format(Locale.ROOT, "with %d seeds the sign-flip test cannot go below p = %s", p.n(),
            formatP(smallest));
        why.append(call.equals(UNCLEAR)
            ? "; more seeds are needed: " + floor + " even when every seed agrees; use at least " + seedsForSignFlip()
                + " seeds"
            : "; but " + floor + " and the t test leans on normally distributed differences: confirm with at least "
                + seedsForSignFlip() + " seeds");
      }
      return new Verdict(call, why.toString());
    }
  }

  /** The fewest seeds with which the sign-flip test can reach p below {@link #ALPHA} at all. */
  public static int seedsForSignFlip() {
    int n = 2;
    while (PairedStats.smallestSignFlipP(n) >= ALPHA) {
      n++;
    }
    return n;
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
    ExperimentSpec.RatioSweep sweep = experiment.ratios();
    // Every comparison with the baseline first, so that Holm's adjustment sees the whole family.
    Map<String, PairedStats.Paired> paired = new LinkedHashMap<>();
    for (String name : names) {
      if (!name.equals(experiment.baseline())) {
        paired.put(name, PairedStats.paired(accuracies(outcomes, name), base));
      }
    }
    // An arm or sweep point whose classifiers are the very ones of an earlier name in every seed
    // (trained once on the same images: ratio 0 and real) repeats that comparison; the family
    // counts it once, and it takes that comparison's adjusted p.
    Map<String, String> sameAs = new LinkedHashMap<>();
    List<String> distinct = new ArrayList<>();
    for (String name : paired.keySet()) {
      String earlier = distinct.stream().filter(d -> sameClassifiers(outcomes, d, name)).findFirst().orElse(name);
      sameAs.put(name, earlier);
      if (earlier.equals(name)) {
        distinct.add(name);
      }
    }
    double[] holm = PairedStats.holm(distinct.stream().mapToDouble(n -> paired.get(n).p()).toArray());
    List<Arm> arms = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      boolean isArm = experiment.arms().containsKey(name);
      List<Double> accList = new ArrayList<>();
      List<Integer> images = new ArrayList<>();
      List<Long> steps = new ArrayList<>();
      List<Integer> bestEpochs = new ArrayList<>();
      List<Double> epochs = new ArrayList<>();
      List<Boolean> stopped = new ArrayList<>();
      for (ExperimentRunner.SeedOutcome o : outcomes) {
        ExperimentRunner.Trained t = o.byArm().get(name);
        accList.add(t.accuracy());
        images.add(t.trainImages());
        steps.add(t.steps());
        bestEpochs.add(t.bestEpoch());
        epochs.add(t.epochs());
        stopped.add(t.stoppedEarly());
      }
      Double ratio = isArm ? null : sweep.values().get(i - experiment.arms().size());
      List<String> stages = isArm ? experiment.arms().get(name) : ratio == 0 ? List.of() : List.of(sweep.stage());
      PairedStats.Paired p = paired.get(name);
      double pHolm = p == null ? Double.NaN : holm[distinct.indexOf(sameAs.get(name))];
      arms.add(new Arm(name, isArm ? KIND_ARM : KIND_RATIO, stages, ratio, accList, images, steps, bestEpochs, epochs,
          stopped, PairedStats.summarize(accuracies(outcomes, name)), p, pHolm,
          p == null ? null : Verdict.of(p, pHolm)));
    }
    // what bounds training: the step budget, or maxEpochs passes over the largest training set
    int largest = outcomes.stream().flatMap(o -> o.byArm().values().stream())
        .mapToInt(ExperimentRunner.Trained::trainImages).max().orElse(0);
    return new ExperimentResult(output, experiment.baseline(), experiment.seeds(), testImages,
        experiment.classifier().maxSteps(), experiment.classifier().stepBound(largest), distinct.size(), arms);
  }

  /** Whether {@code a} and {@code b} are the same classifiers in every seed (one training reused). */
  private static boolean sameClassifiers(List<ExperimentRunner.SeedOutcome> outcomes, String a, String b) {
    return outcomes.stream().allMatch(o -> o.byArm().get(a) == o.byArm().get(b));
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
   * One warning per arm or sweep point whose classifier, in some seed, may be under-trained: it
   * used up the step budget without early stopping, or it passed over its training images fewer
   * than {@link #MIN_EPOCHS} times. Its result then mixes the effect of the images with that of
   * too little training. In arm order; empty when every classifier trained enough.
   */
  public List<String> trainingWarnings() {
    String budget = String.format(Locale.ROOT, "ended on the %,d-step budget without early stopping", stepBudget);
    String early = String.format(Locale.ROOT, "stopped early within %d epochs", MIN_EPOCHS);
    String maxEpochs = String.format(Locale.ROOT, "ended on maxEpochs within %d epochs", MIN_EPOCHS);
    List<String> warnings = new ArrayList<>();
    for (Arm a : arms) {
      // how each seed ended, in the order budget, early, maxEpochs: "seed 1 after 1.2 epochs, seed 2 after 1.3"
      Map<String, List<String>> byEnd = new LinkedHashMap<>();
      for (int i = 0; i < seeds.size(); i++) {
        if (a.mayBeUnderTrained(i, stepBudget)) {
          String end = a.endedOnBudget(i, stepBudget) ? budget : a.stoppedEarly().get(i) ? early : maxEpochs;
          List<String> seen = byEnd.computeIfAbsent(end, k -> new ArrayList<>());
          seen.add(String.format(Locale.ROOT, "seed %d after %.1f%s", seeds.get(i), a.epochs().get(i),
              seen.isEmpty() ? " epochs" : ""));
        }
      }
      if (!byEnd.isEmpty()) {
        List<String> ends = new ArrayList<>();
        for (String end : List.of(budget, early, maxEpochs)) {
          if (byEnd.containsKey(end)) {
            ends.add(end + " (" + String.join(", ", byEnd.get(end)) + ")");
          }
        }
        warnings.add(String.format(Locale.ROOT, "arm '%s' (%,.0f training images) may be under-trained: its"
            + " classifier %s; its accuracy then mixes the effect of its images with too little training: raise"
            + " classifier.maxSteps or use maxEpochs", a.name(),
            a.trainImages().stream().mapToInt(Integer::intValue).average().orElse(0), String.join("; ", ends)));
      }
    }
    return warnings;
  }

  /**
   * The one line that answers the question: which arms are better or worse than the baseline and
   * which show no clear difference, with how many seeds, and whether those are too few.
   */
  public String verdictLine() {
    Map<String, List<String>> byCall = new LinkedHashMap<>();
    for (String call : List.of(Verdict.BETTER, Verdict.WORSE, Verdict.UNCLEAR)) {
      byCall.put(call, new ArrayList<>());
    }
    for (Arm a : arms) {
      if (a.verdict() != null) {
        byCall.get(a.verdict().call()).add(a.name());
      }
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "verdict vs %s over %d seeds (Holm-adjusted"
        + " p < %s and the 95 %% CI clear of 0):", baseline, seeds.size(), ALPHA));
    byCall.forEach((call, names) -> sb.append(call.equals(Verdict.BETTER) ? " " : "; ").append(call).append(": ")
        .append(names.isEmpty() ? "none" : String.join(", ", names)));
    if (PairedStats.smallestSignFlipP(seeds.size()) >= ALPHA) {
      sb.append(String.format(Locale.ROOT, "; with %d seeds even a perfect result cannot reach p < %s in the"
          + " sign-flip test: use at least %d seeds", seeds.size(), ALPHA, seedsForSignFlip()));
    }
    return sb.toString();
  }

  /**
   * The summary a person reads at the end of a run: one line per arm with its training images,
   * accuracy (mean ± sd over seeds), the paired difference from the baseline with its 95 %
   * confidence interval, the p values and the verdict; then how it was measured, the verdicts in
   * one line, and a pointer to any under-training warning.
   */
  public String summaryTable() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"arm", "train images", "accuracy % (mean ± sd)", "vs " + baseline + " (pp, 95 % CI)",
        "t", "p", "p Holm", "p sign-flip", "wins/losses/ties", "verdict"});
    for (Arm a : arms) {
      double images = a.trainImages().stream().mapToInt(Integer::intValue).average().orElse(0);
      PairedStats.Paired p = a.vsBaseline();
      rows.add(new String[] {
          a.name() + (a.name().equals(baseline) ? " (baseline)" : ""),
          String.format(Locale.ROOT, "%,.0f", images),
          String.format(Locale.ROOT, "%.2f ± %.2f", 100 * a.summary().mean(), 100 * a.summary().sd()),
          p == null ? "-" : String.format(Locale.ROOT, "%+.2f %s", 100 * p.meanDiff(), ci(p)),
          p == null ? "-" : formatT(p.t()),
          p == null ? "-" : formatP(p.p()),
          p == null ? "-" : formatP(a.pHolm()),
          p == null ? "-" : formatP(p.signFlipP()),
          p == null ? "-" : p.wins() + "/" + p.losses() + "/" + p.ties(),
          a.verdict() == null ? "-" : a.verdict().call()});
    }
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        boolean left = c == 0 || c == columns - 1;
        String cell = String.format(Locale.ROOT, "%" + (left ? "-" : "") + width[c] + "s", r[c]);
        line.append(c == 0 ? "" : "  ").append(cell);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (i == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        sb.append("-".repeat(total - 2)).append('\n');
      }
    }
    sb.append(String.format(Locale.ROOT, "%d seeds %s, %,d test images, at most %,d optimizer steps per classifier;"
        + " paired t test over seeds, two-sided p%n", seeds.size(), seeds, testImages, stepBound));
    sb.append(String.format(Locale.ROOT, "p Holm: that p adjusted for the %d comparisons with the baseline; p"
        + " sign-flip: exact sign-flip test (up to %d seeds); n/a: undefined (t, its p and the interval when every"
        + " seed gave the same difference)%n", comparisons(), PairedStats.SIGN_FLIP_MAX_PAIRS));
    sb.append(verdictLine()).append('\n');
    int warned = trainingWarnings().size();
    if (warned > 0) {
      sb.append(String.format(Locale.ROOT, "warning: %d arm(s) may be under-trained, see the log or report.html%n",
          warned));
    }
    return sb.toString();
  }

  /** The 95 % interval of a mean difference in percentage points, {@code [n/a]} where undefined. */
  static String ci(PairedStats.Paired p) {
    return p.tDefined() ? String.format(Locale.ROOT, "[%+.2f, %+.2f]", 100 * p.ciLow(), 100 * p.ciHigh()) : "[n/a]";
  }

  /** A t statistic for people: "n/a" where it is undefined (every seed gave the same difference). */
  static String formatT(double t) {
    return Double.isFinite(t) ? String.format(Locale.ROOT, "%.2f", t) : "n/a";
  }

  /**
   * A p value for people: three decimals, "<0.001" below that (never a bare 0, which would read as
   * certainty), "n/a" where it is undefined.
   */
  static String formatP(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
