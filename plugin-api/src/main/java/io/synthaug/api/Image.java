package io.synthaug.api;

import java.util.Arrays;

/**
 * An image as a height x width x channels array of floats in {@code [0, 1]}, stored row by row
 * with the channels of one pixel adjacent (HWC order). One channel is grayscale, three are RGB.
 *
 * <p>The array is owned by the image: operations return new images and never write into an
 * image they were given. Equality compares shape and pixel values.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param pixels {@code height * width * channels} values in HWC order; the image takes the array
 *     over as it is, without copying or checking the values
 */
public record Image(int height, int width, int channels, float[] pixels) {

  /**
   * Validates the shape against the array length.
   *
   * <p>The image takes {@code pixels} over: it is neither copied nor scanned (images are made on
   * every hot path), so the caller must not write into the array afterwards, and must not pass
   * one array to two images that may differ. Use {@code pixels.clone()} to keep a writable copy.
   *
   * @throws IllegalArgumentException when a size is out of range or {@code pixels} is null or
   *     does not hold exactly {@code height * width * channels} values
   */
  public Image {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    // In long arithmetic: two sides and the channels can overflow an int. The area is exact in a
    // long; times 3 it is exact only while the area fits an int, as it must for one array anyway.
    long area = (long) height * width;
    if (pixels == null || area > Integer.MAX_VALUE || pixels.length != area * channels) {
      throw new IllegalArgumentException("pixel array length " + (pixels == null ? "null" : pixels.length)
          + " does not match " + height + "x" + width + "x" + channels);
    }
  }

  /**
   * The pixel values in HWC order: the image's own array, not a copy. Read it freely but never
   * write into it; {@link #copy()} gives an image whose array may be modified.
   */
  @Override
  public float[] pixels() {
    return pixels;
  }

  /** A new black image of the given shape. */
  public static Image blank(int height, int width, int channels) {
    long length = (long) height * width * channels;
    // A shape too large for one array gets an empty one, which the constructor refuses with the shape.
    return new Image(height, width, channels, new float[length < 0 || length > Integer.MAX_VALUE ? 0 : (int) length]);
  }

  /** The value at row {@code y}, column {@code x}, channel {@code c}. */
  public float get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c];
  }

  /** The index of row {@code y}, column {@code x}, channel {@code c} in {@link #pixels()}. */
  public int index(int y, int x, int c) {
    return (y * width + x) * channels + c;
  }

  /** Whether {@code other} has the same height, width and channels. */
  public boolean sameShape(Image other) {
    return height == other.height && width == other.width && channels == other.channels;
  }

  /** A shape description such as {@code 28x28x1}. */
  public String shape() {
    return height + "x" + width + "x" + channels;
  }

  /** A deep copy whose pixels may be modified freely. */
  public Image copy() {
    return new Image(height, width, channels, pixels.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image other && sameShape(other) && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "Image[" + shape() + "]";
  }
}
