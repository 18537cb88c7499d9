package io.synthaug.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** A quality gate that failed: a measured metric beyond its threshold. */
public class QualityGateException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code of failed quality gates. */
  public static final int EXIT_CODE = 6;

  private final String metric;
  private final double value;
  private final double threshold;

  /**
   * @param metric what was measured, for example {@code fid}
   * @param value the measured value
   * @param threshold the limit it broke
   * @param detail how the threshold was set and what the user can do
   */
  public QualityGateException(String metric, double value, double threshold, String detail) {
    super(metric + " = " + format(value) + " is beyond the gate's threshold " + format(threshold) + ": " + detail);
    this.metric = metric;
    this.value = value;
    this.threshold = threshold;
  }

  /**
   * A measured figure for a message: four significant digits, without trailing zeros, in plain
   * notation from 0.0001 to 10 million and in scientific notation outside ({@code 11.06},
   * {@code 0.398}, {@code 1.235E+8}); the same text in every locale. The exact values stay in
   * {@link #value()} and {@link #threshold()}.
   */
  public static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    double abs = Math.abs(v);
    return abs >= 1e-4 && abs < 1e7 ? d.toPlainString() : d.toString();
  }

  /** The metric. */
  public String metric() {
    return metric;
  }

  /** The measured value. */
  public double value() {
    return value;
  }

  /** The threshold. */
  public double threshold() {
    return threshold;
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
