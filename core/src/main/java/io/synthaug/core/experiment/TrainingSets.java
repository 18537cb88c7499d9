package io.synthaug.core.experiment;

import io.synthaug.api.Dataset;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.Subsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds each arm's training set from what one pipeline run produced, by the origin of every
 * sample.
 *
 * <p>A synthetic sample joins an arm when the stage that made it is one of the arm's stages and,
 * if it was made from another synthetic sample (a classic copy of a GAN image, whose origin names
 * the parent stage in its {@code parent} attribute), that parent stage is one of the arm's stages
 * too. So {@code real+classic} gets classic copies of real images only, and the hybrid arm
 * {@code classic + gan} also gets classic copies of GAN images.
 *
 * <p>Real images held out for early stopping must not reach training through a copy: a
 * synthetic sample whose {@code parent} is one of those images' {@code file} references is left
 * out of every arm.
 */
public final class TrainingSets {

  /** The origin attribute a derived sample uses to name its parent (a file or a stage id). */
  public static final String PARENT = "parent";
  /** The origin attribute a real sample uses to name where it was read from. */
  public static final String FILE = "file";

  private TrainingSets() {
  }

  /**
   * Whether {@code s} belongs to an arm made of {@code armStages}.
   *
   * @param s a sample the pipeline produced
   * @param armStages the ids of the stages whose images join the real ones
   * @param pipelineStages every stage id of the pipeline, to tell a parent stage from a parent file
   */
  public static boolean inArm(Sample s, Collection<String> armStages, Collection<String> pipelineStages) {
    Origin o = s.origin();
    if (o.isReal()) {
      return true;
    }
    if (!armStages.contains(o.stage())) {
      return false;
    }
    String parent = o.attributes().get(PARENT);
    return parent == null || !pipelineStages.contains(parent) || armStages.contains(parent);
  }

  /** The {@code file} references of {@code real}'s samples, to recognize copies of them. */
  public static Set<String> files(Dataset real) {
    Set<String> out = new HashSet<>();
    for (Sample s : real.samples()) {
      String f = s.origin().attributes().get(FILE);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Whether {@code s} was made from one of the images in {@code heldOut} (by file reference). */
  public static boolean derivedFrom(Sample s, Set<String> heldOut) {
    String parent = s.origin().attributes().get(PARENT);
    return parent != null && heldOut.contains(parent);
  }

  /**
   * An arm's training set: {@code realFit} followed by the synthetic samples of
   * {@code produced} that belong to the arm and were not made from a held-out image.
   */
  public static Dataset arm(Dataset realFit, Dataset produced, Collection<String> armStages,
      Collection<String> pipelineStages, Set<String> heldOut) {
    List<Sample> extra = new ArrayList<>();
    if (!armStages.isEmpty()) {
      for (Sample s : produced.samples()) {
        if (!s.origin().isReal() && inArm(s, armStages, pipelineStages) && !derivedFrom(s, heldOut)) {
          extra.add(s);
        }
      }
    }
    return realFit.plus(extra);
  }

  /** The samples of {@code produced} made directly by {@code stage}, less copies of held-out images. */
  public static Dataset madeBy(Dataset produced, String stage, Set<String> heldOut) {
    return produced.filter(s -> s.origin().stage().equals(stage) && !derivedFrom(s, heldOut));
  }

  /** For each class, {@code round(ratio * realCounts[class])}: the images a sweep point adds. */
  public static int[] ratioCounts(double ratio, int[] realCounts) {
    int[] out = new int[realCounts.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = (int) Math.round(ratio * realCounts[c]);
    }
    return out;
  }

  /**
   * A sweep point's training set: {@code realFit} followed by {@code counts[class]} images of
   * each class from {@code candidates}, picked with {@code seed}. Points of one seed share the
   * pick order, so a higher ratio adds images to a lower ratio's set.
   *
   * @throws IllegalArgumentException when a class has fewer candidates than asked; callers check
   *     first with {@link #shortfall}
   */
  public static Dataset ratio(Dataset realFit, Dataset candidates, int[] counts, long seed) {
    if (shortfall(candidates, counts) >= 0) {
      throw new IllegalArgumentException("too few candidates for counts " + java.util.Arrays.toString(counts));
    }
    return realFit.plus(Subsets.perClassCounts(candidates, counts, seed).samples());
  }

  /** The first class with fewer candidates than {@code counts} asks for, or -1. */
  public static int shortfall(Dataset candidates, int[] counts) {
    int[] have = candidates.countByClass();
    for (int c = 0; c < counts.length; c++) {
      if (have[c] < counts[c]) {
        return c;
      }
    }
    return -1;
  }

  /**
   * A digest of which samples a training set holds, in order, by their origins (a real image's
   * file reference; a made image's stage, seed and attributes), so two plans that would train on
   * the same images are recognized without comparing pixels.
   */
  public static String fingerprint(Dataset d) {
    StringBuilder sb = new StringBuilder(d.size() * 48);
    for (Sample s : d.samples()) {
      sb.append(s.label()).append('|').append(s.origin()).append('\n');
    }
    return Hashes.sha256(sb.toString());
  }
}
