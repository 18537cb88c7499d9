package io.synthaug.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a results table: side A against side B, measured alternately in one run.
 *
 * <p>Repetition {@code i} of {@code a} ran right before repetition {@code i} of {@code b}, and
 * {@code ratios[i] = a[i] / b[i]}, so drift of a shared machine hits both sides of each ratio
 * alike; the median and range of the ratios are the row's result.
 *
 * @param table the table the row belongs to (suites may write several)
 * @param key the identifying columns in order, e.g. op, image, threads
 * @param aLabel what side A is, e.g. {@code Java img/s}
 * @param a side A's throughput per repetition
 * @param bLabel what side B is
 * @param b side B's throughput per repetition
 * @param ratios {@code a[i] / b[i]} by wall-clock time
 * @param cpuRatios the same ratio by CPU time (see {@link Timing#cpuRate()}); may be empty
 * @param target what the median ratio must reach; null for a row that informs only
 * @param check the outcome of comparing both sides' outputs, e.g. {@code max |diff| 0.004};
 *     null where no check applies
 * @param checkPassed whether the outputs agreed within the case's tolerance
 */
public record Row(String table, Map<String, String> key, String aLabel, double[] a, String bLabel, double[] b,
    double[] ratios, double[] cpuRatios, Target target, String check, boolean checkPassed) {

  /** Copies the key, keeping its order. */
  public Row {
    Objects.requireNonNull(table, "table");
    key = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(key));
    if (a.length != b.length || ratios.length != a.length) {
      throw new IllegalArgumentException("row " + key + " has " + a.length + " A, " + b.length + " B and "
          + ratios.length + " ratio values; they must pair up");
    }
  }

  /** The ratios' median and range. */
  public Stats ratio() {
    return Stats.of(ratios);
  }

  /**
   * {@code pass} or {@code FAIL} against the target, {@code info} without one, and
   * {@code NOT EQUIVALENT} when the two sides' outputs disagreed, whatever the speed.
   */
  public String result() {
    if (!checkPassed) {
      return "NOT EQUIVALENT";
    }
    if (target == null) {
      return "info";
    }
    return target.passes(ratio().median()) ? "pass" : "FAIL";
  }
}
