/**
 * The classic augmentation plugin: stage type {@code classic}.
 *
 * <p>{@link io.synthaug.plugins.classic.ClassicStageFactory} makes a
 * {@link io.synthaug.plugins.classic.ClassicStage} from {@link io.synthaug.plugins.classic.ClassicParams}:
 * for every selected sample it keeps the input (optionally) and adds augmented copies, each
 * made by running the configured ops (flips, rotation, translation, resized crop, noise,
 * brightness and contrast, cutout) in order. Pixels are computed by the pure functions of
 * {@code io.synthaug.plugins.classic.ops}; probabilities and parameter draws live in
 * {@code io.synthaug.plugins.classic.transforms}.
 */
package io.synthaug.plugins.classic;
