package io.synthaug.api;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A stage that maps each sample independently to zero or more output samples.
 *
 * <p>The engine calls {@link #apply} once per input sample, possibly from several threads at
 * once, so implementations must be thread-safe (stateless or read-only after construction).
 * Each call gets its own random generator, seeded from the run seed, the stage's position and
 * the sample's position, so the result does not depend on thread scheduling.
 */
public non-sealed interface ImageStage extends Stage {

  /**
   * Maps one sample to the samples that replace it in the output, in order.
   *
   * <p>Return {@code List.of(in)} to pass a sample through unchanged, the input followed by new
   * samples to add copies, or an empty list to drop it.
   *
   * @param in the input sample; never modified
   * @param random this sample's own random stream
   * @param seed the seed of {@code random}, to record in the {@link Origin} of new samples
   * @return the output samples for this input
   */
  List<Sample> apply(Sample in, RandomGenerator random, long seed);
}
