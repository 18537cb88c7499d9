package io.synthaug.core.ort;

import java.util.Random;

/**
 * Plain-Java versions of the layers, written from their definitions, that ONNX Runtime's results
 * are checked against. Tensors are row-major float arrays with the shape passed alongside.
 */
public final class ReferenceOps {

  private ReferenceOps() {
  }

  /** Values from a fixed-seed uniform in [-1, 1), so tests see varied, signed inputs. */
  static float[] random(long seed, int n) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat() * 2f - 1f;
    }
    return a;
  }

  /** {@code x [n, in]} times {@code w [out, in]} transposed, plus {@code b [out]} (may be null). */
  static float[] linear(float[] x, int n, int in, float[] w, float[] b, int out) {
    float[] y = new float[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int k = 0; k < in; k++) {
          s += (double) x[i * in + k] * w[o * in + k];
        }
        y[i * out + o] = (float) s;
      }
    }
    return y;
  }

  /** Output size of a convolution along one axis. */
  public static int convOut(int size, int k, int stride, int pad) {
    return (size + 2 * pad - k) / stride + 1;
  }

  /** NCHW convolution, weight {@code [co, ci, k, k]}, zero padding, bias may be null. */
  public static float[] conv2d(float[] x, int n, int ci, int h, int wd, float[] w, float[] b, int co, int k,
      int stride, int pad) {
    int oh = convOut(h, k, stride, pad);
    int ow = convOut(wd, k, stride, pad);
    float[] y = new float[n * co * oh * ow];
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < co; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double acc = b == null ? 0 : b[o];
            for (int c = 0; c < ci; c++) {
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int iy = oy * stride - pad + ky;
                  int ix = ox * stride - pad + kx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    acc += (double) x[((s * ci + c) * h + iy) * wd + ix] * w[((o * ci + c) * k + ky) * k + kx];
                  }
                }
              }
            }
            y[((s * co + o) * oh + oy) * ow + ox] = (float) acc;
          }
        }
      }
    }
    return y;
  }

  /** Inference batch norm over axis 1 of {@code [n, c, spatial]}. */
  static float[] batchNorm(float[] x, int n, int c, int spatial, float[] gamma, float[] beta, float[] mean,
      float[] var, float eps) {
    float[] y = new float[x.length];
    for (int s = 0; s < n; s++) {
      for (int ch = 0; ch < c; ch++) {
        double scale = gamma[ch] / Math.sqrt(var[ch] + (double) eps);
        for (int p = 0; p < spatial; p++) {
          int i = (s * c + ch) * spatial + p;
          y[i] = (float) ((x[i] - mean[ch]) * scale + beta[ch]);
        }
      }
    }
    return y;
  }

  /**
   * Nearest x2 upsampling the way DJL's generator does it: every row duplicated, then every
   * column duplicated.
   */
  static float[] upsampleRowsThenColumns(float[] x, int n, int c, int h, int w) {
    float[] rows = new float[n * c * 2 * h * w];
    for (int p = 0; p < n * c; p++) {
      for (int y = 0; y < 2 * h; y++) {
        System.arraycopy(x, (p * h + y / 2) * w, rows, (p * 2 * h + y) * w, w);
      }
    }
    float[] out = new float[rows.length * 2];
    for (int r = 0; r < n * c * 2 * h; r++) {
      for (int xx = 0; xx < 2 * w; xx++) {
        out[r * 2 * w + xx] = rows[r * w + xx / 2];
      }
    }
    return out;
  }

  static float[] relu(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0f);
    }
    return y;
  }

  static float[] leakyRelu(float[] x, float alpha) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] >= 0 ? x[i] : alpha * x[i];
    }
    return y;
  }

  static float[] tanh(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
    return y;
  }

  static float[] sigmoid(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }
    return y;
  }

  /** Per sample, the noise vector followed by the label's embedding row. */
  static float[] noiseWithEmbedding(float[] noise, int zDim, int[] labels, float[] table, int embDim) {
    int n = labels.length;
    float[] y = new float[n * (zDim + embDim)];
    for (int i = 0; i < n; i++) {
      System.arraycopy(noise, i * zDim, y, i * (zDim + embDim), zDim);
      System.arraycopy(table, labels[i] * embDim, y, i * (zDim + embDim) + zDim, embDim);
    }
    return y;
  }
}
