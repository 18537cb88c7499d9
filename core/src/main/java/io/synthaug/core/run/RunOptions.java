package io.synthaug.core.run;

import io.synthaug.api.Device;

/**
 * How a spec is run, beyond what the spec says; the command line's options.
 *
 * @param outputOverride an output folder replacing the spec's, or null
 * @param force replace an existing output folder
 * @param resume continue an interrupted run from its checkpoints
 * @param deviceOverride a device replacing the spec's, or null
 * @param threadsOverride a thread count replacing the spec's, or null
 */
public record RunOptions(String outputOverride, boolean force, boolean resume, Device deviceOverride, Integer threadsOverride) {

  /** The most worker threads a run takes (a spec's {@code threads}, {@code --threads}). */
  public static final int MAX_THREADS = 1024;

  /** No overrides. */
  public static RunOptions defaults() {
    return new RunOptions(null, false, false, null, null);
  }
}
