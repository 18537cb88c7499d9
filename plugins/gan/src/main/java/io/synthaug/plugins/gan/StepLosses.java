package io.synthaug.plugins.gan;

import java.util.Locale;

/**
 * What one generator step measured. Discriminator figures are those of the step's last
 * discriminator update.
 *
 * @param step the step's number, from 1
 * @param discriminatorLoss the discriminator's (critic's) loss, penalty included
 * @param generatorLoss the generator's loss
 * @param gradientPenalty the unweighted WGAN-GP penalty (0 for CGAN)
 * @param realScore mean raw score of real images
 * @param fakeScore mean raw score of generated images
 * @param augmentP the probability each DiffAugment policy was applied with in this step (1 when
 *     augmentation is on and not adaptive, 0 when off)
 * @param realSign the discriminator's overfitting signal in this step (see {@link AugmentConfig}):
 *     the mean sign of its real scores for CGAN, of real scores minus the mean fake score for
 *     WGAN-GP
 */
public record StepLosses(int step, float discriminatorLoss, float generatorLoss, float gradientPenalty,
    float realScore, float fakeScore, float augmentP, float realSign) {

  /** The header of {@link #toCsvRow()}'s columns. */
  public static final String CSV_HEADER = "step,d_loss,g_loss,gradient_penalty,real_score,fake_score,augment_p,real_sign";

  /** One CSV row with the fields in header order. */
  public String toCsvRow() {
    return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", step, discriminatorLoss,
        generatorLoss, gradientPenalty, realScore, fakeScore, augmentP, realSign);
  }
}
