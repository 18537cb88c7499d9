/**
 * The "does it help?" experiment: runs a pipeline once per seed, trains the same classifier on
 * several arms (real images only, plus classic augmentation, plus GAN images, both) and on a
 * sweep of synthetic-to-real ratios, tests each on a held-out split, and compares every arm with
 * a strong baseline by a paired test over seeds.
 */
package io.synthaug.core.experiment;
