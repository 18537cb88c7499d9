package io.synthaug.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A labeled image dataset held in memory: the class names and the samples in a fixed order.
 *
 * <p>The order matters: per-image stages derive each image's random stream from its position,
 * so the same input order and seed give the same output.
 *
 * @param classNames the class names; a sample's label indexes this list
 * @param samples the samples in order
 */
public record Dataset(List<String> classNames, List<Sample> samples) {

  /** Copies both lists and checks every label against the class count. */
  public Dataset {
    classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
    samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one class");
    }
    for (int i = 0; i < samples.size(); i++) {
      int label = samples.get(i).label();
      if (label >= classNames.size()) {
        throw new IllegalArgumentException("sample " + i + " has label " + label + " but there are only "
            + classNames.size() + " classes");
      }
    }
  }

  /** The number of samples. */
  public int size() {
    return samples.size();
  }

  /** The number of classes. */
  public int classCount() {
    return classNames.size();
  }

  /** The number of samples of each class, indexed by label. */
  public int[] countByClass() {
    int[] counts = new int[classNames.size()];
    for (Sample s : samples) {
      counts[s.label()]++;
    }
    return counts;
  }

  /** The samples that pass {@code filter}, in order, with the same classes. */
  public Dataset filter(Predicate<Sample> filter) {
    List<Sample> kept = new ArrayList<>();
    for (Sample s : samples) {
      if (filter.test(s)) {
        kept.add(s);
      }
    }
    return new Dataset(classNames, kept);
  }

  /** The real (input) samples only. */
  public Dataset real() {
    return filter(s -> s.origin().isReal());
  }

  /** Other samples with the same classes. */
  public Dataset withSamples(List<Sample> newSamples) {
    return new Dataset(classNames, newSamples);
  }

  /** These samples followed by {@code extra}. */
  public Dataset plus(List<Sample> extra) {
    List<Sample> all = new ArrayList<>(samples.size() + extra.size());
    all.addAll(samples);
    all.addAll(extra);
    return new Dataset(classNames, all);
  }
}
