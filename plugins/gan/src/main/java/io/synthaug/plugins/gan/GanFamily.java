package io.synthaug.plugins.gan;

/** The GAN training families the trainer offers. */
public enum GanFamily {
  /**
   * Conditional DCGAN-style GAN with the non-saturating loss: D minimizes
   * {@code softplus(-D(x)) + softplus(D(G(z)))}, G minimizes {@code softplus(-D(G(z)))}.
   * Defaults: Adam lr 2e-4, betas (0.5, 0.999), one D step per G step, 2,000 steps of batch 64.
   */
  CGAN,
  /**
   * Conditional Wasserstein GAN with gradient penalty: the critic minimizes
   * {@code D(G(z)) - D(x) + lambda (|dD/dx(x_hat)| - 1)^2} on random mixes {@code x_hat} of real
   * and fake images, G minimizes {@code -D(G(z))}. Defaults: Adam lr 2e-4, betas (0.5, 0.9), five
   * critic steps per G step, lambda 10 (lr 1e-4 converged too slowly for a 10-minute budget).
   */
  WGAN_GP
}
