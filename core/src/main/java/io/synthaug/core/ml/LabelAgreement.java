package io.synthaug.core.ml;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How often a classifier assigns generated images the class they were generated for: for a
 * conditional generator, the share of class-{@code k} samples a good real-data classifier calls
 * {@code k}. Low agreement for one class means the generator mixes it up or draws something
 * unrecognizable. Immutable; accessors return copies.
 */
public final class LabelAgreement {

  private final int[] counts;
  private final int[] agreed;
  private final int[][] confusion;

  private LabelAgreement(int[][] confusion) {
    int k = confusion.length;
    this.confusion = confusion;
    this.counts = new int[k];
    this.agreed = new int[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        counts[i] += confusion[i][j];
      }
      agreed[i] = confusion[i][i];
    }
  }

  /**
   * Runs {@code predictor} on {@code images} and compares with {@code labels}.
   *
   * @param labels the class each image was generated for, one per image, in {@code [0, classes)}
   * @param classes the number of classes
   * @throws IllegalArgumentException when the lengths differ, a label is out of range, or the
   *     predictor returns a class out of range or the wrong number of predictions
   */
  public static LabelAgreement measure(LabelPredictor predictor, List<Image> images, int[] labels, int classes) {
    Objects.requireNonNull(predictor, "predictor");
    Objects.requireNonNull(images, "images");
    check(labels, images.size(), classes, "label");
    int[] predicted = predictor.predict(images);
    if (predicted.length != images.size()) {
      throw new IllegalArgumentException("the predictor returned " + predicted.length + " predictions for "
          + images.size() + " images");
    }
    return of(predicted, labels, classes);
  }

  /**
   * Runs {@code predictor} on the images of {@code generated} and compares with their labels (the
   * class each was generated for).
   */
  public static LabelAgreement measure(LabelPredictor predictor, Dataset generated) {
    List<Image> images = new ArrayList<>(generated.size());
    int[] labels = new int[generated.size()];
    for (int i = 0; i < labels.length; i++) {
      Sample s = generated.samples().get(i);
      images.add(s.image());
      labels[i] = s.label();
    }
    return measure(predictor, images, labels, generated.classCount());
  }

  /**
   * Compares predictions already made with the intended labels.
   *
   * @throws IllegalArgumentException when the lengths differ or a value is out of range
   */
  public static LabelAgreement of(int[] predicted, int[] labels, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    Objects.requireNonNull(predicted, "predicted");
    check(labels, predicted.length, classes, "label");
    check(predicted, labels.length, classes, "predicted class");
    int[][] confusion = new int[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]]++;
    }
    return new LabelAgreement(confusion);
  }

  private static void check(int[] values, int expectedLength, int classes, String what) {
    Objects.requireNonNull(values, what + "s");
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    if (values.length != expectedLength) {
      throw new IllegalArgumentException(values.length + " " + what + "s for " + expectedLength
          + " images; give one per image");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= classes) {
        throw new IllegalArgumentException(what + " " + values[i] + " of image " + i + " is outside the "
            + classes + " classes (0 to " + (classes - 1) + ")");
      }
    }
  }

  /** The number of classes. */
  public int classes() {
    return counts.length;
  }

  /** Images measured. */
  public int total() {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  /** The share of all images predicted as their intended class; NaN with no images. */
  public double overall() {
    int n = total();
    if (n == 0) {
      return Double.NaN;
    }
    int a = 0;
    for (int x : agreed) {
      a += x;
    }
    return (double) a / n;
  }

  /** Per intended class, the share predicted as that class; NaN for a class with no images. */
  public double[] perClass() {
    double[] out = new double[counts.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = counts[k] == 0 ? Double.NaN : (double) agreed[k] / counts[k];
    }
    return out;
  }

  /** Images per intended class. */
  public int[] counts() {
    return counts.clone();
  }

  /** Per intended class, images predicted as that class. */
  public int[] agreed() {
    return agreed.clone();
  }

  /** {@code confusion()[intended][predicted]}: image counts. */
  public int[][] confusion() {
    int[][] out = new int[confusion.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = confusion[i].clone();
    }
    return out;
  }

  /** One line: overall agreement, then each class's, as percentages. */
  public String summary(List<String> classNames) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "label agreement %.2f%% of %d", 100 * overall(),
        total()));
    double[] per = perClass();
    for (int k = 0; k < per.length; k++) {
      String name = classNames != null && k < classNames.size() ? classNames.get(k) : Integer.toString(k);
      sb.append(String.format(Locale.ROOT, " | %s %.1f%%", name, 100 * per[k]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary(null);
  }
}
