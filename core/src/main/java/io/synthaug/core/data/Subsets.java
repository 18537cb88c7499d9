package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, class-stratified subsets: a fixed number of samples per class, a train/test split, and
 * k folds for cross-validation.
 *
 * <p>Each class is shuffled on its own stream, seeded by {@link Seeds#derive}{@code (seed, label)},
 * with a Fisher-Yates shuffle over {@link java.util.Random}, whose sequence the Java
 * specification fixes. Picks are returned in their original dataset order, so the result depends
 * only on the dataset, the seed and the arguments.
 */
public final class Subsets {

  private Subsets() {
  }

  /**
   * {@code n} samples of every class, chosen at random with {@code seed}, in dataset order.
   *
   * @throws InputException when a class has fewer than {@code n} samples, naming the class
   */
  public static Dataset perClass(Dataset d, int n, long seed) {
    return perClass(d, n, seed, "input dataset", null);
  }

  /**
   * {@code n} samples of every class, chosen at random with {@code seed}, in dataset order.
   *
   * @param source the file or input {@code d} was read from, for messages
   * @param askedBy what asked for {@code n}, such as {@code $.test.perClass in exp.json}, or null
   * @throws InputException naming {@code source}, the class and {@code askedBy} when a class has
   *     fewer than {@code n} samples
   */
  public static Dataset perClass(Dataset d, int n, long seed, String source, String askedBy) {
    if (n < 1) {
      throw new IllegalArgumentException("samples per class must be at least 1, got " + n);
    }
    List<int[]> byClass = shuffledByClass(d, seed);
    boolean[] keep = new boolean[d.size()];
    for (int label = 0; label < byClass.size(); label++) {
      int[] idx = byClass.get(label);
      if (idx.length < n) {
        throw new InputException(source, "class '" + d.classNames().get(label) + "' has " + idx.length
            + " samples, fewer than the " + n + " per class asked for" + (askedBy == null ? "" : " by " + askedBy)
            + "; ask for at most " + idx.length + " per class or add images to that class");
      }
      for (int k = 0; k < n; k++) {
        keep[idx[k]] = true;
      }
    }
    return select(d, keep, true);
  }

  /**
   * {@code counts[label]} samples of each class, chosen at random with {@code seed}, in dataset
   * order. One class's picks come from one seeded shuffle, so for the same seed a smaller count
   * picks a subset of what a larger count picks: a sweep over counts adds images, never swaps them.
   *
   * @throws InputException when a class has fewer samples than asked, naming the class
   */
  public static Dataset perClassCounts(Dataset d, int[] counts, long seed) {
    if (counts.length != d.classCount()) {
      throw new IllegalArgumentException(counts.length + " counts for " + d.classCount() + " classes");
    }
    List<int[]> byClass = shuffledByClass(d, seed);
    boolean[] keep = new boolean[d.size()];
    for (int label = 0; label < byClass.size(); label++) {
      int[] idx = byClass.get(label);
      if (counts[label] < 0 || idx.length < counts[label]) {
        throw new InputException("dataset", "class '" + d.classNames().get(label) + "' has " + idx.length
            + " samples, " + counts[label] + " asked for");
      }
      for (int k = 0; k < counts[label]; k++) {
        keep[idx[k]] = true;
      }
    }
    return select(d, keep, true);
  }

  /**
   * Splits every class at random: the first dataset gets {@code round(count * fraction)} samples
   * of each class, the second the rest. Both keep dataset order.
   *
   * @param fraction the share of each class in the first dataset, in {@code (0, 1)}
   */
  public static Dataset[] split(Dataset d, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("split fraction must be between 0 and 1 (exclusive), got " + fraction);
    }
    boolean[] first = new boolean[d.size()];
    for (int[] idx : shuffledByClass(d, seed)) {
      long take = Math.round(idx.length * fraction);
      for (int k = 0; k < take; k++) {
        first[idx[k]] = true;
      }
    }
    return new Dataset[] {select(d, first, true), select(d, first, false)};
  }

  /**
   * Stratified k-fold cross-validation: element {@code i} is {@code {train, test}} where test holds
   * fold {@code i} (about a k-th of each class) and train the other folds, both in dataset order.
   *
   * @param k the number of folds, at least 2
   */
  public static List<Dataset[]> kFold(Dataset d, int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("k-fold needs at least 2 folds, got " + k);
    }
    int[] fold = new int[d.size()];
    Arrays.fill(fold, -1);
    for (int[] idx : shuffledByClass(d, seed)) {
      for (int pos = 0; pos < idx.length; pos++) {
        fold[idx[pos]] = pos % k;
      }
    }
    List<Dataset[]> out = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      boolean[] test = new boolean[d.size()];
      for (int i = 0; i < fold.length; i++) {
        test[i] = fold[i] == f;
      }
      out.add(new Dataset[] {select(d, test, false), select(d, test, true)});
    }
    return out;
  }

  /** For each label, the indices of its samples in a seeded random order. */
  private static List<int[]> shuffledByClass(Dataset d, long seed) {
    int[] counts = d.countByClass();
    List<int[]> byClass = new ArrayList<>(counts.length);
    for (int c : counts) {
      byClass.add(new int[c]);
    }
    int[] fill = new int[counts.length];
    for (int i = 0; i < d.size(); i++) {
      int label = d.samples().get(i).label();
      byClass.get(label)[fill[label]++] = i;
    }
    for (int label = 0; label < byClass.size(); label++) {
      shuffle(byClass.get(label), new Random(Seeds.derive(seed, label)));
    }
    return byClass;
  }

  /** Fisher-Yates, written out so the order never depends on a library's shuffle. */
  static void shuffle(int[] a, Random rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static Dataset select(Dataset d, boolean[] mask, boolean wanted) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == wanted) {
        out.add(d.samples().get(i));
      }
    }
    return d.withSamples(out);
  }
}
