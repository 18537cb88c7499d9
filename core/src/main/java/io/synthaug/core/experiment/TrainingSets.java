package io.synthaug.core.experiment;

import io.synthaug.api.Dataset;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.Lineage;
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
 * the parent stage and its seed, see {@link Origin#parentAttributes()}), that parent joins the arm
 * too, and so on up the chain of copies ({@link Lineage}). So {@code real+classic} gets
 * classic copies of real images only, the hybrid arm {@code classic + gan} also gets classic
 * copies of GAN images, and {@code classic + elastic} gets elastic copies of classic copies of
 * real images but not of GAN images.
 *
 * <p>Real images held out for early stopping must not reach training through a copy: a
 * synthetic sample whose chain of parents leads to one of those images' {@code file} references
 * is left out of every arm and every sweep.
 */
public final class TrainingSets {

  private TrainingSets() {
  }

  /** Whether {@code s} belongs to an arm made of {@code armStages}, following its chain of parents. */
  private static boolean inArm(Sample s, Collection<String> armStages, Lineage lineage) {
    Origin o = s.origin();
    if (o.isReal()) {
      return true;
    }
    for (int step = 0; o != null && step < lineage.maxSteps(); step++) {
      if (!armStages.contains(o.stage())) {
        return false;
      }
      if (!lineage.hasParentStage(o)) {
        return true;
      }
      if (!armStages.contains(o.attributes().get(Origin.PARENT))) {
        return false;
      }
      o = lineage.parentOf(o);
    }
    return true;
  }

  /** The {@code file} references of {@code real}'s samples, to recognize copies of them. */
  public static Set<String> files(Dataset real) {
    Set<String> out = new HashSet<>();
    for (Sample s : real.samples()) {
      String f = s.origin().attributes().get(Origin.FILE);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Whether {@code s} was made, directly or through copies, from an image in {@code heldOut}. */
  private static boolean derivedFrom(Sample s, Set<String> heldOut, Lineage lineage) {
    Origin o = s.origin();
    for (int step = 0; o != null && !o.isReal() && step < lineage.maxSteps(); step++) {
      String parent = o.attributes().get(Origin.PARENT);
      if (parent != null && heldOut.contains(parent)) {
        return true;
      }
      o = lineage.parentOf(o);
    }
    return false;
  }

  /**
   * An arm's training set: {@code realFit} followed by the synthetic samples of
   * {@code produced} that belong to the arm and were not made from a held-out image.
   *
   * @param pipelineStages every stage id of the pipeline, to tell a parent stage from a parent file
   */
  public static Dataset arm(Dataset realFit, Dataset produced, Collection<String> armStages,
      Collection<String> pipelineStages, Set<String> heldOut) {
    List<Sample> extra = new ArrayList<>();
    if (!armStages.isEmpty()) {
      Lineage lineage = new Lineage(produced, pipelineStages);
      for (Sample s : produced.samples()) {
        if (!s.origin().isReal() && inArm(s, armStages, lineage) && !derivedFrom(s, heldOut, lineage)) {
          extra.add(s);
        }
      }
    }
    return realFit.plus(extra);
  }

  /**
   * The samples of {@code produced} that {@code stage}'s arm would take: made by {@code stage}
   * from real images or its own images (not copies of another stage's), less copies of held-out
   * images.
   */
  public static Dataset madeBy(Dataset produced, String stage, Collection<String> pipelineStages,
      Set<String> heldOut) {
    Lineage lineage = new Lineage(produced, pipelineStages);
    List<String> only = List.of(stage);
    return produced.filter(s -> s.origin().stage().equals(stage) && inArm(s, only, lineage)
        && !derivedFrom(s, heldOut, lineage));
  }

  /**
   * For each class, {@code round(ratio * realCounts[class])}: the images a sweep point adds. As
   * longs, so a huge ratio reads as a shortfall rather than wrapping around.
   */
  public static long[] ratioCounts(double ratio, int[] realCounts) {
    long[] out = new long[realCounts.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = Math.round(ratio * realCounts[c]);
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
  public static Dataset ratio(Dataset realFit, Dataset candidates, long[] counts, long seed) {
    if (shortfall(candidates, counts) >= 0) {
      throw new IllegalArgumentException("too few candidates for counts " + java.util.Arrays.toString(counts));
    }
    int[] ints = new int[counts.length];
    for (int c = 0; c < counts.length; c++) {
      ints[c] = (int) counts[c]; // at most the candidates of that class, so it fits
    }
    return realFit.plus(Subsets.perClassCounts(candidates, ints, seed).samples());
  }

  /** The first class with fewer candidates than {@code counts} asks for, or -1. */
  public static int shortfall(Dataset candidates, long[] counts) {
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
