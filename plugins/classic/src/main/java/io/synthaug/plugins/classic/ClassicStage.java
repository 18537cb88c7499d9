package io.synthaug.plugins.classic;

import io.synthaug.api.ImageStage;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.StageException;
import io.synthaug.plugins.classic.transforms.OpChain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The {@code classic} stage: keeps each selected sample (optionally) and adds augmented copies,
 * each made by one run of the op chain. Samples it does not select pass through unchanged.
 *
 * <p>Thread-safe: it holds only immutable configuration, and every draw comes from the random
 * stream the engine passes with each sample, so the output depends only on the sample and that
 * stream.
 */
public final class ClassicStage implements ImageStage {

  private final String stageId;
  private final int copies;
  private final boolean keepOriginal;
  private final ApplyTo applyTo;
  private final IntPredicate labels;
  private final OpChain chain;

  /**
   * @param stageId recorded as the origin of every copy
   * @param params the stage's parameters
   * @param labels the labels to augment (see {@link #labelFilter}); {@code params.classes()} is
   *     not read here because names need the dataset's class list to become labels
   */
  public ClassicStage(String stageId, ClassicParams params, IntPredicate labels) {
    this.stageId = Objects.requireNonNull(stageId, "stageId");
    this.copies = params.copies();
    this.keepOriginal = params.keepOriginal();
    this.applyTo = params.applyTo();
    this.labels = Objects.requireNonNull(labels, "labels");
    this.chain = new OpChain(params.ops().stream().map(OpSpec::op).toList());
  }

  /**
   * The labels named by {@code classes} among the dataset's {@code classNames}; every label when
   * {@code classes} is empty.
   *
   * @throws StageException naming the unknown names and listing the dataset's classes, if a
   *     name is not among them
   */
  public static IntPredicate labelFilter(List<String> classes, List<String> classNames) {
    if (classes.isEmpty()) {
      return label -> true;
    }
    Set<String> unknown = new LinkedHashSet<>();
    boolean[] selected = new boolean[classNames.size()];
    for (String name : classes) {
      int label = classNames.indexOf(name);
      if (label < 0) {
        unknown.add(name);
      } else {
        selected[label] = true;
      }
    }
    if (!unknown.isEmpty()) {
      throw new StageException("classes: unknown class name" + (unknown.size() == 1 ? " " : "s ") + unknown
          + "; the input dataset's classes are " + classNames);
    }
    return label -> label < selected.length && selected[label];
  }

  /** Whether this stage augments {@code sample}. */
  public boolean selects(Sample sample) {
    return applyTo.matches(sample) && labels.test(sample.label());
  }

  /**
   * The input (when {@code keepOriginal}) followed by {@code copies} augmented copies if the
   * sample is selected; otherwise the input alone. Copy {@code k} runs the op chain on its own
   * stream seeded with {@code Seeds.derive(seed, k)}, so each copy can be remade on its own from
   * the seed in its origin, which also records the parent, {@code k} and the transforms that fired.
   */
  @Override
  public List<Sample> apply(Sample in, RandomGenerator random, long seed) {
    if (!selects(in)) {
      return List.of(in);
    }
    List<Sample> out = new ArrayList<>(copies + 1);
    if (keepOriginal) {
      out.add(in);
    }
    Map<String, String> parent = in.origin().parentAttributes();
    for (int k = 0; k < copies; k++) {
      long copySeed = Seeds.derive(seed, k);
      OpChain.Result result = chain.run(in.image(), new SplittableRandom(copySeed));
      Map<String, String> attributes = new HashMap<>(parent);
      attributes.put("copy", Integer.toString(k));
      attributes.put("ops", result.describe());
      out.add(new Sample(result.image(), in.label(), Origin.made(stageId, copySeed, attributes)));
    }
    return List.copyOf(out);
  }
}
