package io.synthaug.core.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.synthaug.core.ort.ReferenceOps;

/**
 * A 3x3 convolution with padding 1 and no bias ({@link ReferenceOps#conv2d}) with the gradients
 * of {@code sum(conv(x, w)^2)} in double precision: the reference PyTorch's convolutions and their
 * backward passes are checked against.
 */
final class ConvReference {

  /** Output, (N, C_out, H_out, W_out): {@link ReferenceOps#conv2d}'s. */
  final double[] y;
  /** Gradient of the input, (N, C_in, H, W). */
  final double[] dx;
  /** Gradient of the weights, (C_out, C_in, 3, 3). */
  final double[] dw;

  private final float[] x;
  private final float[] w;
  private final int n;
  private final int cin;
  private final int cout;
  private final int h;
  private final int wid;
  private final int stride;

  ConvReference(float[] x, float[] w, int n, int cin, int cout, int h, int wid, int stride) {
    this.x = x.clone();
    this.w = w.clone();
    this.n = n;
    this.cin = cin;
    this.cout = cout;
    this.h = h;
    this.wid = wid;
    this.stride = stride;
    float[] out = ReferenceOps.conv2d(x, n, cin, h, wid, w, null, cout, 3, stride, 1);
    y = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      y[i] = out[i];
    }
    int oh = ReferenceOps.convOut(h, 3, stride, 1);
    int ow = ReferenceOps.convOut(wid, 3, stride, 1);
    dx = new double[x.length];
    dw = new double[w.length];
    // d sum(y^2) / dy = 2y, spread back through every input and weight that made each output
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < cout; o++) {
        for (int r = 0; r < oh; r++) {
          for (int q = 0; q < ow; q++) {
            double dy = 2.0 * y[((b * cout + o) * oh + r) * ow + q];
            for (int c = 0; c < cin; c++) {
              for (int kr = 0; kr < 3; kr++) {
                for (int kc = 0; kc < 3; kc++) {
                  int ir = r * stride + kr - 1;
                  int ic = q * stride + kc - 1;
                  if (ir >= 0 && ir < h && ic >= 0 && ic < wid) {
                    int xi = ((b * cin + c) * h + ir) * wid + ic;
                    int wi = ((o * cin + c) * 3 + kr) * 3 + kc;
                    dx[xi] += dy * w[wi];
                    dw[wi] += dy * x[xi];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Runs the same convolution through PyTorch (from a plain or a {@link ChannelsLast} input) with
   * the same loss, and returns how far its output, input gradient and weight gradient are from
   * this reference ({@link RelativeError}), in that order.
   */
  double[] engineErrors(NDManager m, boolean channelsLast) {
    NDArray xs = m.create(x, new Shape(n, cin, h, wid));
    xs.setRequiresGradient(true);
    NDArray ws = m.create(w, new Shape(cout, cin, 3, 3));
    ws.setRequiresGradient(true);
    double dy;
    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
      NDArray in = channelsLast ? ChannelsLast.of(xs) : xs;
      NDArray out = Conv2d.conv2d(in, ws, null, new Shape(stride, stride), new Shape(1, 1), new Shape(1, 1), 1)
          .singletonOrThrow();
      dy = RelativeError.of(y, out.toFloatArray());
      gc.backward(out.mul(out).sum());
    }
    return new double[] {dy, RelativeError.of(dx, xs.getGradient().toFloatArray()),
        RelativeError.of(dw, ws.getGradient().toFloatArray())};
  }
}
