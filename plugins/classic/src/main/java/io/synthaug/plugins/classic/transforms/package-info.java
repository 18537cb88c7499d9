/**
 * The random side of the classic ops, kept apart from the pixels (as Albumentations does).
 *
 * <p>Each op kind has a parameter record ({@code *Params}, bound from a pipeline spec) that
 * implements {@link io.synthaug.plugins.classic.transforms.OpParams}: given a random generator
 * it decides whether the op fires (probability {@code p}) and draws the op's concrete values as a
 * {@link io.synthaug.plugins.classic.transforms.Transform}, which then calls the pure function
 * of {@code io.synthaug.plugins.classic.ops}. {@link io.synthaug.plugins.classic.transforms.OpChain}
 * runs a list of ops in order.
 *
 * <p>The records validate themselves in their compact constructors: absent (null) components
 * get their documented default, bad values raise {@link io.synthaug.api.ParamException} naming
 * the component and the value.
 */
package io.synthaug.plugins.classic.transforms;
