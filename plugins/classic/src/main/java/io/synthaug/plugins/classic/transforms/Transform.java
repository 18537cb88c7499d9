package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;

/**
 * One op with all its values drawn: a deterministic image function. Its {@code toString()}
 * names the op and the drawn values, and is recorded in the origin of augmented samples.
 */
public interface Transform {

  /** Applies the op to {@code image}, returning a new image. */
  Image apply(Image image);
}
