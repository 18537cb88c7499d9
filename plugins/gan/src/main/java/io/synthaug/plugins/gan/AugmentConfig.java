package io.synthaug.plugins.gan;

import io.synthaug.api.ParamException;
import java.util.Objects;

/**
 * How the discriminator's inputs are augmented during training (DiffAugment, Zhao et al. 2020):
 * which policies, and whether each is applied always or with an adaptive probability.
 *
 * <p>With {@link #adaptive()} off, every policy is applied to every image the discriminator sees,
 * real and fake, in both the discriminator and the generator update. With it on (after
 * StyleGAN2-ADA, Karras et al. 2020), each policy is applied to each image with a probability
 * {@code p} that starts at 0 and moves every {@link #ADJUST_INTERVAL} steps by
 * {@code sign(r - target) * images / adjustImages}, where {@code r} is the discriminator's
 * overfitting signal over those steps: the mean sign of its raw output on the (augmented) real
 * images for {@link GanFamily#CGAN}, and for {@link GanFamily#WGAN_GP}, whose critic output has no
 * meaningful zero, the mean sign of each real score minus the batch's mean fake score. A
 * discriminator that calls more real images real than {@code target} is overfitting, so {@code p}
 * rises; one that calls fewer is not, so {@code p} falls.
 *
 * @param policies the DiffAugment policy string, e.g. {@code "color,translation,cutout"}; empty
 *     for no augmentation
 * @param adaptive whether {@code p} adapts (otherwise every image is augmented)
 * @param target the value of the overfitting signal {@code p} steers towards, in (0, 1)
 * @param adjustImages images over which {@code p} can move from 0 to 1, counted as the batch size
 *     per generator step: with several discriminator steps per generator step the discriminator
 *     sees that many times more real images while {@code p} moves by the same amount
 */
public record AugmentConfig(String policies, boolean adaptive, double target, int adjustImages) {

  /** Steps whose signals are averaged before each adjustment of {@code p}. */
  public static final int ADJUST_INTERVAL = 4;

  /** StyleGAN2-ADA's target for the overfitting signal. */
  public static final double DEFAULT_TARGET = 0.6;

  /**
   * Images over which {@code p} may go from 0 to 1. StyleGAN2-ADA uses 500,000 for runs of tens
   * of millions of images; our runs show about 128,000 (2,000 steps of 64), so {@code p} must be
   * able to respond within an eighth of the run.
   */
  public static final int DEFAULT_ADJUST_IMAGES = 16_000;

  /** No augmentation. */
  public static final AugmentConfig NONE = new AugmentConfig("", false, DEFAULT_TARGET, DEFAULT_ADJUST_IMAGES);

  /** Checks every value, naming the spec field at fault. */
  public AugmentConfig {
    Objects.requireNonNull(policies, "policies");
    policies = policies.trim();
    if (!(target > 0 && target < 1)) {
      throw new ParamException("adaptiveTarget", "must be in (0, 1), got " + target);
    }
    if (adjustImages < 1) {
      throw new ParamException("adaptiveAdjustImages", "must be at least 1, got " + adjustImages);
    }
    if (adaptive && policies.isEmpty()) {
      throw new ParamException("adaptiveAugment", "needs policies to apply: set diffAugment, e.g."
          + " \"color,translation,cutout\"");
    }
  }

  /** Policies applied to every image, always. */
  public static AugmentConfig always(String policies) {
    return new AugmentConfig(policies, false, DEFAULT_TARGET, DEFAULT_ADJUST_IMAGES);
  }

  /** Policies applied with an adaptive probability, with the default target and speed. */
  public static AugmentConfig adaptive(String policies) {
    return new AugmentConfig(policies, true, DEFAULT_TARGET, DEFAULT_ADJUST_IMAGES);
  }

  /** Whether any policy is named. */
  public boolean enabled() {
    return !policies.isEmpty();
  }
}
