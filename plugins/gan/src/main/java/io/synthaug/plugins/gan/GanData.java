package io.synthaug.plugins.gan;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.StageException;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Training images for a GAN: N square images in NCHW order scaled to [-1, 1] (the range of the
 * generator's tanh), with their labels. The arrays are held, not copied: do not change them
 * while a trainer uses them.
 */
public final class GanData {

  private final float[] images;
  private final int[] labels;
  private final int channels;
  private final int size;
  private final int classes;

  /**
   * @param images {@code labels.length * channels * size * size} values in NCHW order, in [-1, 1]
   * @param labels one class index per image, each in {@code [0, classes)}
   * @param channels 1 or 3
   * @param size image height and width
   * @param classes the number of classes
   */
  public GanData(float[] images, int[] labels, int channels, int size, int classes) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("a GAN needs at least one training image");
    }
    long expected = (long) labels.length * channels * size * size;
    if (images.length != expected) {
      throw new IllegalArgumentException("image array has " + images.length + " values, expected " + expected
          + " for " + labels.length + " images of " + channels + "x" + size + "x" + size);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0.." + (classes - 1));
      }
    }
    this.images = images;
    this.labels = labels;
    this.channels = channels;
    this.size = size;
    this.classes = classes;
  }

  /**
   * The images of {@code dataset} converted from HWC in [0, 1] to NCHW in [-1, 1].
   *
   * @throws StageException when the dataset is empty or its images differ in shape or are not
   *     square
   */
  public static GanData fromDataset(Dataset dataset) {
    List<io.synthaug.api.Sample> samples = dataset.samples();
    if (samples.isEmpty()) {
      throw new StageException("the dataset has no images to train a GAN on");
    }
    Image first = samples.get(0).image();
    if (first.height() != first.width()) {
      throw new StageException("GAN training needs square images, but image 0 is " + first.shape()
          + "; resize the images first");
    }
    int c = first.channels();
    int s = first.height();
    int plane = s * s;
    float[] out = new float[samples.size() * c * plane];
    int[] labels = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Image im = samples.get(i).image();
      if (!im.sameShape(first)) {
        throw new StageException("GAN training needs images of one shape, but image " + i + " is " + im.shape()
            + " and image 0 is " + first.shape() + "; resize the images first");
      }
      float[] px = im.pixels();
      int base = i * c * plane;
      for (int p = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + ch * plane + p] = px[p * c + ch] * 2f - 1f;
        }
      }
      labels[i] = samples.get(i).label();
    }
    return new GanData(out, labels, c, s, dataset.classCount());
  }

  /** Number of images. */
  public int count() {
    return labels.length;
  }

  /** Channels per image. */
  public int channels() {
    return channels;
  }

  /** Image height and width. */
  public int size() {
    return size;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** Label of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Copies image {@code i} into {@code dest} at {@code offset}. */
  void copyImage(int i, float[] dest, int offset) {
    int len = channels * size * size;
    System.arraycopy(images, i * len, dest, offset, len);
  }

  /**
   * A CRC-32 over the labels and the bits of every value, stored in checkpoints so that a run is
   * not resumed on other data by mistake.
   */
  public long fingerprint() {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[4096];
    int k = 0;
    for (int i = 0; i < images.length + labels.length; i++) {
      int bits = i < images.length ? Float.floatToIntBits(images[i]) : labels[i - images.length];
      buf[k++] = (byte) (bits >>> 24);
      buf[k++] = (byte) (bits >>> 16);
      buf[k++] = (byte) (bits >>> 8);
      buf[k++] = (byte) bits;
      if (k == buf.length) {
        crc.update(buf, 0, k);
        k = 0;
      }
    }
    crc.update(buf, 0, k);
    return crc.getValue();
  }
}
