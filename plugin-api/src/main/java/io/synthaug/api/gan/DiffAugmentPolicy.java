package io.synthaug.api.gan;

import ai.djl.ndarray.NDArray;
import java.util.random.RandomGenerator;
import org.pf4j.ExtensionPoint;

/**
 * A differentiable augmentation applied to every batch the discriminator sees, real and fake
 * alike, in both the discriminator and the generator step (Zhao et al. 2020, "Differentiable
 * Augmentation for Data-Efficient GAN Training"). GAN stages look policies up by
 * {@link #name()}, so a spec's {@code "color,translation,cutout"} may name policies from any
 * plugin.
 *
 * <p>Contract:
 * <ul>
 *   <li>The output has the input's shape and is built from differentiable operations on the
 *       input, so gradients reach the generator through it. Random draws (shifts, masks,
 *       factors) are constants taken from {@code random}, never from an engine-global generator,
 *       so training is reproducible.</li>
 *   <li>Images whose {@code enabled} flag is false pass through unchanged; the trainer sets the
 *       flags (all true, or each with an adaptive probability).</li>
 *   <li>Arrays the policy creates belong to the input's manager (use
 *       {@code images.getManager()}), which the trainer closes after each step.</li>
 * </ul>
 */
public interface DiffAugmentPolicy extends ExtensionPoint {

  /** The name used in policy strings: lower case letters, digits and dashes. */
  String name();

  /** One line saying what the policy does. */
  String description();

  /**
   * Augments a batch.
   *
   * @param images a batch of shape (N, C, H, W), values in [-1, 1]
   * @param enabled for each of the N images, whether to augment it
   * @param random the stream for this call's random draws
   * @return the augmented batch, same shape, differentiable in {@code images}
   */
  NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random);
}
