package io.synthaug.plugins.diffaugment;

import ai.djl.ndarray.NDArray;
import io.synthaug.api.gan.DiffAugmentPolicy;
import java.util.random.RandomGenerator;
import org.pf4j.Extension;

/**
 * DiffAugment's {@code color}: per image, in this order,
 * <ol>
 *   <li>brightness: {@code x + b}, b ~ U[-0.5, 0.5];</li>
 *   <li>saturation: {@code (x - m) * s + m}, s ~ U[0, 2], m the mean over channels at each
 *       pixel; only for images with more than one channel, since on one channel x = m and the
 *       step does nothing;</li>
 *   <li>contrast: {@code (x - m) * c + m}, c ~ U[0.5, 1.5], m the mean of the whole image (all
 *       channels and pixels).</li>
 * </ol>
 * On grayscale images the policy is therefore brightness and contrast. Values are not clipped
 * to [-1, 1], as in the paper: D sees real and fake images through the same transform.
 *
 * <p>Draws, per image in batch order, whether enabled or not: {@code b = nextDouble(-0.5, 0.5)},
 * then, only when C &gt; 1, {@code s = nextDouble(0, 2)}, then {@code c = nextDouble(0.5, 1.5)}.
 * Disabled images are blended back bit for bit (see {@link Batch#blend}), because
 * {@code (x - m) * 1 + m} is not always exactly x in floating point.
 */
@Extension
public final class ColorPolicy implements DiffAugmentPolicy {

  @Override
  public String name() {
    return "color";
  }

  @Override
  public String description() {
    return "Per image brightness +U[-0.5,0.5], saturation xU[0,2] (colour only), contrast xU[0.5,1.5].";
  }

  @Override
  public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
    Batch b = Batch.of(name(), images, enabled);
    boolean saturation = b.c() > 1;
    float[] brightness = new float[b.n()];
    float[] saturationFactor = new float[b.n()];
    float[] contrast = new float[b.n()];
    for (int i = 0; i < b.n(); i++) {
      brightness[i] = (float) random.nextDouble(-0.5, 0.5);
      saturationFactor[i] = saturation ? (float) random.nextDouble(0.0, 2.0) : 1f;
      contrast[i] = (float) random.nextDouble(0.5, 1.5);
    }
    if (Batch.noneEnabled(enabled)) {
      return images;
    }
    NDArray x = images.add(b.perImage(brightness));
    if (saturation) {
      NDArray pixelMean = x.mean(new int[] {1}, true);
      x = x.sub(pixelMean).mul(b.perImage(saturationFactor)).add(pixelMean);
    }
    // DJL's PyTorch engine reduces over one axis at a time, so flatten each image first.
    NDArray imageMean = x.reshape(b.n(), -1).mean(new int[] {1}, true).reshape(b.n(), 1, 1, 1);
    x = x.sub(imageMean).mul(b.perImage(contrast)).add(imageMean);
    return b.blend(x, enabled);
  }
}
