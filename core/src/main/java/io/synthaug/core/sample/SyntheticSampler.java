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

  /**
   * Heap one sampled image takes beyond its pixels until it is written: the image, sample and
   * origin objects with their attribute map (about 0.5 KB on a 64-bit JVM, counted from the
   * objects' layouts), and the image's manifest row with its provenance JSON (about 0.5 KB);
   * rounded up, since running out of memory after minutes of sampling costs more than refusing
   * a count that would just have fit.
   */
  static final long OVERHEAD_BYTES_PER_IMAGE = 1_536;

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
   * About the heap that {@code images} sampled images of {@code height x width x channels} take
   * while they are held and written: 4 bytes a pixel value (floats) plus
   * {@link #OVERHEAD_BYTES_PER_IMAGE}. Every image is held in memory until the dataset is written,
   * so a caller compares this with what the JVM may use before sampling starts.
   */
  public static long estimatedBytes(long images, int height, int width, int channels) {
    long perImage = 4L * height * width * channels + OVERHEAD_BYTES_PER_IMAGE;
    return images > Long.MAX_VALUE / perImage ? Long.MAX_VALUE : images * perImage;
  }

  /**
   * Images one generator call gets: four of the generator's batches, so its parallel runs stay
   * busy, but never more than {@code maxFloats / zDim}, so a chunk's noise array (chunk x zDim
   * floats) can be allocated whatever the batch size. At least 1.
   */
  static int chunkSize(int batchSize, int zDim, int maxFloats) {
    long chunk = 4L * Math.max(1, batchSize);
    return (int) Math.max(1, Math.min(chunk, maxFloats / Math.max(1, zDim)));
  }

  /**
   * Samples {@code counts[c]} images of every class {@code c}, reporting progress as
   * {@code sample <source>}.
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
    return sample(generator, counts, seed, source, attributes, progress, "sample " + source);
  }

  /**
   * As {@link #sample(OrtGeneratorSampler, int[], long, String, Map, Progress)}, reporting
   * progress under {@code task} (the sample command's source is {@code sample}, which would
   * otherwise read {@code sample sample}).
   */
  public static List<Sample> sample(OrtGeneratorSampler generator, int[] counts, long seed, String source,
      Map<String, String> attributes, Progress progress, String task) {
    long asked = total(counts);
    if (asked > MAX_IMAGES) {
      throw new SynthaugException("asked for " + asked + " synthetic images in all (" + counts.length
          + " classes), more than one list can hold (" + MAX_IMAGES + "); ask for fewer images per class");
    }
    int total = (int) asked;
    int zDim = generator.zDim();
    List<Sample> out = new ArrayList<>(total);
    // a long product: 4 x a batch size near Integer.MAX_VALUE wraps to a negative array size
    int chunk = chunkSize(generator.batchSize(), zDim, MAX_IMAGES);
    try (Progress.Task bar = progress == null ? null : progress.start(task, total, "img")) {
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
          if (bar != null) {
            bar.advance(n);
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
