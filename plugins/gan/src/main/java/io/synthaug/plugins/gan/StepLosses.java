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
 */
public record StepLosses(int step, float discriminatorLoss, float generatorLoss, float gradientPenalty,
    float realScore, float fakeScore) {

  /** The header of {@link #toCsvRow()}'s columns. */
  public static final String CSV_HEADER = "step,d_loss,g_loss,gradient_penalty,real_score,fake_score";

  /** One CSV row with the fields in header order. */
  public String toCsvRow() {
    return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g", step, discriminatorLoss, generatorLoss,
        gradientPenalty, realScore, fakeScore);
  }
}
