/**
 * Extension points of GAN training that act on tensors: differentiable augmentation policies
 * (DiffAugment). They use DJL's engine-neutral {@code NDArray}, so a policy runs on whatever
 * engine and device the trainer uses, and gradients flow through it to the generator.
 */
package io.synthaug.api.gan;
