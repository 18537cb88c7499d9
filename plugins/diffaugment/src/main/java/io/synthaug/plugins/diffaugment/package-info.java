/**
 * The DiffAugment plugin (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
 * Training"): three {@link io.synthaug.api.gan.DiffAugmentPolicy} extensions,
 * {@code translation} ({@link io.synthaug.plugins.diffaugment.TranslationPolicy}),
 * {@code cutout} ({@link io.synthaug.plugins.diffaugment.CutoutPolicy}) and {@code color}
 * ({@link io.synthaug.plugins.diffaugment.ColorPolicy}), and
 * {@link io.synthaug.api.gan.DiffAugment}, which parses a policy string and applies
 * the chain.
 *
 * <p>Every random draw is made in Java from the caller's {@code RandomGenerator}, so a seeded
 * trainer is reproducible on any engine and device; the draws become constant arrays, and the
 * images are transformed only by differentiable array arithmetic (batched matmul, multiply, add,
 * mean), so gradients reach the generator.
 */
package io.synthaug.plugins.diffaugment;
