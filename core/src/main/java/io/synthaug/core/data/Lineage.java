package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The made samples of one pipeline run by stage and seed, to follow a copy back through the
 * {@link Origin#PARENT} and {@link Origin#PARENT_SEED} attributes it records (see
 * {@link Origin#parentAttributes()}) to the sample it was made from, and so on up a chain of
 * copies: an elastic copy of a classic copy of a GAN image leads to the GAN image.
 *
 * <p>A parent names a stage or a real image's file; only names in the given stage set count as
 * stages. Where two different made samples share a stage and seed, the parent is ambiguous and
 * the walk stops there; a malformed chain that loops stops after one step more than there are
 * distinct stage and seed pairs.
 */
public final class Lineage {

  private final Map<String, Origin> byStageAndSeed = new HashMap<>();
  private final Collection<String> stages;

  /**
   * @param produced the samples a run produced (or a stage received), copies and parents together
   * @param stages the ids a {@link Origin#PARENT} attribute can name as a stage (a pipeline's stage
   *     ids), to tell a parent stage from a parent file
   */
  public Lineage(Dataset produced, Collection<String> stages) {
    this.stages = stages;
    for (Sample s : produced.samples()) {
      Origin o = s.origin();
      if (!o.isReal()) {
        String key = key(o.stage(), o.seed());
        // the same origin twice (a sample listed twice) is one parent; two different ones are not
        byStageAndSeed.put(key, byStageAndSeed.containsKey(key) && !o.equals(byStageAndSeed.get(key)) ? null : o);
      }
    }
  }

  /**
   * The lineage of {@code data} when the pipeline's stage ids are not known: the stages are those
   * that made a sample of {@code data}. A copy whose parent stage made no sample here has nothing
   * to lead to.
   */
  public static Lineage of(Dataset data) {
    Set<String> stages = new HashSet<>();
    for (Sample s : data.samples()) {
      if (!s.origin().isReal()) {
        stages.add(s.origin().stage());
      }
    }
    return new Lineage(data, stages);
  }

  private static String key(String stage, long seed) {
    return stage + '\n' + seed;
  }

  /** Whether {@code o} was made from a sample of one of the stages. */
  public boolean hasParentStage(Origin o) {
    String parent = o.attributes().get(Origin.PARENT);
    return parent != null && stages.contains(parent);
  }

  /** The origin of the made sample {@code o} was copied from, or null when it is not known. */
  public Origin parentOf(Origin o) {
    String seed = o.attributes().get(Origin.PARENT_SEED);
    if (!hasParentStage(o) || seed == null) {
      return null;
    }
    try {
      return byStageAndSeed.get(key(o.attributes().get(Origin.PARENT), Long.parseLong(seed)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The stages {@code o}'s chain of copies passes through, nearest parent first: the
   * {@link Origin#PARENT} stage of {@code o}, then of that parent, as far as the chain is known.
   * Empty for a real sample and for a copy of a real image.
   */
  public List<String> parentStages(Origin o) {
    List<String> out = new ArrayList<>();
    for (int step = 0; o != null && step < maxSteps() && hasParentStage(o); step++) {
      out.add(o.attributes().get(Origin.PARENT));
      o = parentOf(o);
    }
    return out;
  }

  /** A bound on the length of a chain of copies, against a malformed cycle. */
  public int maxSteps() {
    return byStageAndSeed.size() + 1;
  }
}
