package io.synthaug.plugins.gan;

import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Signs that a generator collapsed onto a few images: per class, the pixel variance of the
 * synthetic images against the real ones, and the share of synthetic images that have a near
 * twin among the other synthetic images (closer than a tenth of the typical distance between
 * two real images of that class).
 *
 * @param varianceRatio per class, mean per-pixel variance of synthetic / of real images
 * @param duplicateRate per class, share of synthetic images with a near twin
 */
public record CollapseCheck(double[] varianceRatio, double[] duplicateRate) {

  /** Below this variance ratio a class counts as collapsed. */
  public static final double LOW_VARIANCE = 0.3;
  /** Above this duplicate rate a class counts as collapsed. */
  public static final double HIGH_DUPLICATES = 0.2;
  private static final int MAX_PER_CLASS = 200;

  /** Measures both signs on at most 200 images of each class and kind. */
  public static CollapseCheck measure(List<Sample> real, List<Sample> synthetic, int classes) {
    double[] ratio = new double[classes];
    double[] dup = new double[classes];
    for (int c = 0; c < classes; c++) {
      List<float[]> r = pick(real, c);
      List<float[]> s = pick(synthetic, c);
      if (r.size() < 2 || s.size() < 2) {
        ratio[c] = Double.NaN;
        dup[c] = Double.NaN;
        continue;
      }
      double vr = meanVariance(r);
      ratio[c] = vr == 0 ? Double.NaN : meanVariance(s) / vr;
      double[] realNn = nearest(r);
      Arrays.sort(realNn);
      double threshold = 0.1 * realNn[realNn.length / 2];
      int twins = 0;
      for (double d : nearest(s)) {
        if (d < threshold) {
          twins++;
        }
      }
      dup[c] = (double) twins / s.size();
    }
    return new CollapseCheck(ratio, dup);
  }

  /** The classes that look collapsed. */
  public List<Integer> collapsedClasses() {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < varianceRatio.length; c++) {
      if (varianceRatio[c] < LOW_VARIANCE || duplicateRate[c] > HIGH_DUPLICATES) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<float[]> pick(List<Sample> samples, int label) {
    List<float[]> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.label() == label && out.size() < MAX_PER_CLASS) {
        out.add(s.image().pixels());
      }
    }
    return out;
  }

  private static double meanVariance(List<float[]> images) {
    int d = images.get(0).length;
    double total = 0;
    for (int p = 0; p < d; p++) {
      double sum = 0;
      double sq = 0;
      for (float[] img : images) {
        sum += img[p];
        sq += (double) img[p] * img[p];
      }
      double mean = sum / images.size();
      total += Math.max(0, sq / images.size() - mean * mean);
    }
    return total / d;
  }

  /** For each image, the Euclidean distance to its nearest other image. */
  private static double[] nearest(List<float[]> images) {
    double[] nn = new double[images.size()];
    Arrays.fill(nn, Double.POSITIVE_INFINITY);
    for (int i = 0; i < images.size(); i++) {
      for (int j = i + 1; j < images.size(); j++) {
        double d = distance(images.get(i), images.get(j));
        nn[i] = Math.min(nn[i], d);
        nn[j] = Math.min(nn[j], d);
      }
    }
    return nn;
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
