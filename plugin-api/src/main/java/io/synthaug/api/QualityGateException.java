package io.synthaug.api;

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
    super(metric + " = " + value + " is beyond the gate's threshold " + threshold + ": " + detail);
    this.metric = metric;
    this.value = value;
    this.threshold = threshold;
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
