package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Channels-last memory layout for the convolutional networks trained through DJL. */
public final class ChannelsLast {

  private ChannelsLast() {
  }

  /**
   * {@code x} (N, C, H, W) with the same values, laid out channels-last: (N, H, W, C) in memory,
   * seen as (N, C, H, W). PyTorch's oneDNN convolutions read and write that layout directly,
   * where a plain (N, C, H, W) tensor is reordered into the kernels' blocked layout and back on
   * every call; batch norm, pooling and element-wise ops keep the layout they get, so one
   * conversion at a network's input lasts through its layers and their backward pass, and a
   * flattening reshape at the end copies back into (N, C, H, W) order. For one channel the
   * conversion only changes strides. Measured on the default cGAN, batch 64 (bench/run.sh
   * --suite gan-train, two pairs): 515-521 to 593-614 images a second on one thread, 724-727 to
   * 827-833 on two. Converting at each convolution instead, with the layers between left as they
   * were, was slower than no conversion: the copies and the element-wise ops on mixed layouts
   * cost more than the convolutions saved.
   */
  public static NDArray of(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("channels-last needs an (N, C, H, W) array, got shape " + s);
    }
    long n = s.get(0);
    // transpose is a view; flattening it copies in (N, H, W, C) order; the rest are views again
    return x.transpose(0, 2, 3, 1).reshape(n, -1).reshape(n, s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
  }
}
