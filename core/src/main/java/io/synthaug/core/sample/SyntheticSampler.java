package io.synthaug.core.sample;

import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Progress;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.ort.OrtGeneratorSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws labeled images from a generator. The noise of image {@code i} of class {@code c} comes
 * from its own stream, seeded with {@code Seeds.derive(seed, c, i)} and recorded in the image's
 * origin, so any single image can be made again from the generator and that seed.
 */
public final class SyntheticSampler {

  /** The most images one call returns: about the largest list the JVM can hold. */
  public static final int MAX_IMAGES = Integer.MAX_VALUE - 8;

  private SyntheticSampler() {
  }

  /**
   * The images {@code counts} asks for in all. A long: up to 10,000,000 images for each of up to
   * 10,000 classes overflow an int.
   */
  public static long total(int[] counts) {
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    return total;
  }

  /**
   * Samples {@code counts[c]} images of every class {@code c}.
   *
   * @param generator the generator
   * @param counts images per class, by label
   * @param seed the seed every noise stream derives from
   * @param source the origin's stage ({@code stage id}, or {@code sample} for the command)
   * @param attributes provenance recorded on every image (generator file and hash); the class
   *     is added per image
   * @param progress where to report, or null
   * @return the samples, class by class
   * @throws SynthaugException when {@code counts} add up to more than {@link #MAX_IMAGES}
   */
  public static List<Sample> sample(OrtGeneratorSampler generator, int[] counts, long seed, String source,
      Map<String, String> attributes, Progress progress) {
    long asked = total(counts);
    if (asked > MAX_IMAGES) {
      throw new SynthaugException("asked for " + asked + " synthetic images in all (" + counts.length
          + " classes), more than one list can hold (" + MAX_IMAGES + "); ask for fewer images per class");
    }
    int total = (int) asked;
    int zDim = generator.zDim();
    List<Sample> out = new ArrayList<>(total);
    int chunk = Math.max(1, generator.batchSize()) * 4;
    try (Progress.Task task = progress == null ? null : progress.start("sample " + source, total, "img")) {
      for (int c = 0; c < counts.length; c++) {
        for (int start = 0; start < counts[c]; start += chunk) {
          int n = Math.min(chunk, counts[c] - start);
          int[] labels = new int[n];
          long[] seeds = new long[n];
          float[] noise = new float[n * zDim];
          for (int k = 0; k < n; k++) {
            labels[k] = c;
            seeds[k] = Seeds.derive(seed, c, start + k);
            gaussian(seeds[k], noise, k * zDim, zDim);
          }
          List<Image> images = generator.sample(labels, noise);
          for (int k = 0; k < n; k++) {
            Map<String, String> attrs = new HashMap<>(attributes);
            attrs.put("class", Integer.toString(c));
            attrs.put("index", Integer.toString(start + k));
            out.add(new Sample(images.get(k), c, Origin.made(source, seeds[k], attrs)));
          }
          if (task != null) {
            task.advance(n);
          }
        }
      }
    }
    return out;
  }

  /** Fills {@code len} standard normal values from the stream seeded with {@code seed}. */
  public static void gaussian(long seed, float[] into, int offset, int len) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < len; i++) {
      into[offset + i] = (float) r.nextGaussian();
    }
  }
}
