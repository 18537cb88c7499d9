package io.synthaug.plugins.gan;

import io.synthaug.api.ParamException;

/**
 * The shape of a generator and discriminator pair: everything an ONNX exporter needs, besides
 * the weights, to rebuild the generator op for op.
 *
 * <p>Channel plan (b = {@code baseChannels}, s0 = {@code imageSize / 4}):
 * <ul>
 *   <li>generator: dense layer to {@code 4b x s0 x s0}, then {@code 2b} channels at {@code 2 s0},
 *       then {@code b} channels at {@code 4 s0 = imageSize}, then {@code channels};</li>
 *   <li>discriminator: {@code b}, {@code 2b}, {@code 4b} channels at {@code imageSize / 2},
 *       {@code / 4} and {@code / 8} (rounded up).</li>
 * </ul>
 *
 * <p>Supported image sizes are 28 and 32 (start grids 7 and 8): two nearest-neighbour doublings
 * must land exactly on the image size, and these are the sizes of MNIST-like and CIFAR-like
 * data. Other sizes are rejected with a {@link ParamException} that says to resize the images.
 *
 * @param zDim length of the noise vector, 1 to 1024
 * @param baseChannels the channel unit {@code b}, 4 to 256
 * @param imageSize image height and width, 28 or 32
 * @param channels image channels, 1 (gray) or 3 (RGB)
 * @param classes number of classes the networks are conditioned on, 1 to 10,000
 */
public record GanArchitecture(int zDim, int baseChannels, int imageSize, int channels, int classes) {

  /** The image sizes the generator can produce. */
  public static final int[] SUPPORTED_SIZES = {28, 32};

  /** The most classes the networks can be conditioned on. */
  public static final int MAX_CLASSES = 10_000;

  /** Validates every component, naming the field and value at fault. */
  public GanArchitecture {
    if (zDim < 1 || zDim > 1024) {
      throw new ParamException("zDim", "must be between 1 and 1024, got " + zDim);
    }
    if (baseChannels < 4 || baseChannels > 256) {
      throw new ParamException("baseChannels", "must be between 4 and 256, got " + baseChannels);
    }
    if (imageSize != 28 && imageSize != 32) {
      throw new ParamException("imageSize", "must be 28 or 32 (the generator doubles a 7x7 or 8x8 grid twice), got "
          + imageSize + "; resize the images to 28x28 or 32x32 first");
    }
    if (channels != 1 && channels != 3) {
      throw new ParamException("channels", "must be 1 (gray) or 3 (RGB), got " + channels);
    }
    if (classes < 1 || classes > MAX_CLASSES) {
      throw new ParamException("classes", "must be between 1 and " + MAX_CLASSES + ", got " + classes);
    }
  }

  /** The default noise length. */
  public static final int DEFAULT_Z_DIM = 64;

  /** The default channel unit, sized for the default step counts on two CPU cores. */
  public static final int DEFAULT_BASE_CHANNELS = 32;

  /** The default architecture for images of this size, channel count and class count. */
  public static GanArchitecture standard(int imageSize, int channels, int classes) {
    return new GanArchitecture(DEFAULT_Z_DIM, DEFAULT_BASE_CHANNELS, imageSize, channels, classes);
  }

  /** Side of the generator's first feature grid: {@code imageSize / 4}. */
  public int startSize() {
    return imageSize / 4;
  }

  /** Channels of the generator's first feature grid: {@code 4 * baseChannels}. */
  public int startChannels() {
    return 4 * baseChannels;
  }

  /** Width of the generator's dense layer output: {@code startChannels * startSize^2}. */
  public int denseWidth() {
    return startChannels() * startSize() * startSize();
  }

  /** Values per image: {@code channels * imageSize^2}. */
  public int imageValues() {
    return channels * imageSize * imageSize;
  }

  /** Side of the discriminator's last feature grid (three stride-2 convolutions, rounding up). */
  public int criticGridSize() {
    int s = imageSize;
    for (int i = 0; i < 3; i++) {
      s = (s + 1) / 2;
    }
    return s;
  }

  /** Width of the discriminator's flattened features: {@code 4 * baseChannels * grid^2}. */
  public int criticFeatures() {
    int g = criticGridSize();
    return 4 * baseChannels * g * g;
  }
}
