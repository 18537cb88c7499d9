package io.synthaug.plugins.classic;

import io.synthaug.api.Sample;

/** Which samples a classic stage augments, by where they came from. */
public enum ApplyTo {
  /** Every sample. */
  ALL,
  /** Only images read from the input dataset. */
  REAL,
  /** Only images made by an earlier stage (a generator, or an earlier augmentation). */
  SYNTHETIC;

  /** Whether {@code sample} belongs to this group. */
  public boolean matches(Sample sample) {
    return switch (this) {
      case ALL -> true;
      case REAL -> sample.origin().isReal();
      case SYNTHETIC -> !sample.origin().isReal();
    };
  }
}
