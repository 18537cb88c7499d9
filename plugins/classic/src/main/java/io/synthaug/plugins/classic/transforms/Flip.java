package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;
import io.synthaug.plugins.classic.ops.Flips;

/** The two mirrors as drawn transforms; a flip has nothing to draw beyond whether it fires. */
public enum Flip implements Transform {
  /** Left-right. */
  HORIZONTAL("hflip") {
    @Override
    public Image apply(Image image) {
      return Flips.horizontal(image);
    }
  },
  /** Top-bottom. */
  VERTICAL("vflip") {
    @Override
    public Image apply(Image image) {
      return Flips.vertical(image);
    }
  };

  private final String opName;

  Flip(String opName) {
    this.opName = opName;
  }

  @Override
  public String toString() {
    return opName;
  }
}
