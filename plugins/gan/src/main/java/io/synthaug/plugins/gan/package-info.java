/**
 * Class-conditional GAN training with DJL's PyTorch engine: the networks
 * ({@link io.synthaug.plugins.gan.ConditionalGenerator},
 * {@link io.synthaug.plugins.gan.ConditionalDiscriminator}), their shape
 * ({@link io.synthaug.plugins.gan.GanArchitecture}), the trainer
 * ({@link io.synthaug.plugins.gan.DjlGanTrainer}) for the non-saturating conditional GAN and
 * WGAN-GP, and its checkpoint format ({@link io.synthaug.plugins.gan.GanCheckpoint}).
 *
 * <p>Everything random is drawn from {@link io.synthaug.plugins.gan.SplitMixRandom}, whose state
 * a checkpoint stores, so training is reproducible bit for bit on one machine and resumable
 * without changing the result.
 */
package io.synthaug.plugins.gan;
