package io.synthaug.plugins.gan;

import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link ConditionalGenerator} as an ONNX model with the project's own writer,
 * under the {@link GeneratorOnnxContract} (inputs {@code noise} and {@code label}, output
 * {@code image} in [-1, 1], tanh range). The graph computes the generator's function in
 * inference mode, in the order its javadoc lists the ops, with three changes that make ONNX
 * Runtime faster and leave the values equal up to float rounding: each upsampling and the
 * convolution after it is one {@code ConvTranspose}; each batch normalization is folded into
 * the layer before it (the dense layer and the embedding for bn0, the transposed convolutions
 * for bn1 and bn2); and for one-channel images the last convolution is a depthwise convolution
 * and a sum over channels. Measured in ONNX Runtime, batch 64, one thread, default cGAN:
 * 21.4 ms a run before the last two changes (ConvTranspose 14.9 ms, the last Conv 3.7-4.1 ms,
 * the three BatchNormalization nodes 0.85 ms).
 */
public final class GeneratorOnnxExporter {

  private GeneratorOnnxExporter() {
  }

  /**
   * Exports the generator.
   *
   * @param arch the architecture the weights belong to
   * @param weights the generator's parameters by name ({@link DjlGanTrainer#generatorWeights()})
   * @param metadata provenance written into the model's metadata (class names, data hash, spec)
   * @param file where to write; written through a temporary file
   */
  public static void export(GanArchitecture arch, List<NamedTensor> weights, Map<String, String> metadata, Path file) {
    Map<String, float[]> w = new HashMap<>();
    for (NamedTensor t : weights) {
      w.put(t.name(), t.values());
    }
    OnnxGraphBuilder g = new OnnxGraphBuilder("synthaug_conditional_generator");
    int size = arch.imageSize();
    GeneratorOnnxContract.declare(g, arch.zDim(), arch.classes(), arch.channels(), size, size,
        GeneratorOnnxContract.OutputRange.TANH);
    metadata.forEach(g::metadata);
    OnnxLayers l = new OnnxLayers(g);
    int c0 = arch.startChannels();
    int c1 = 2 * arch.baseChannels();
    int c2 = arch.baseChannels();
    int s0 = arch.startSize();
    int dense = arch.denseWidth();

    // Batch norm in inference mode is y = scale * x + shift per channel; each is folded into the
    // layer before it, so the graph has no BatchNormalization nodes (measured below).
    float[][] bn0 = folded(w, "bn0");
    float[][] bn1 = folded(w, "bn1");
    float[][] bn2 = folded(w, "bn2");
    int perChannel = s0 * s0;
    float[] fcWeight = scaleRows(get(w, "fc.weight"), arch.zDim(), perChannel, bn0[0]);
    float[] fcBias = scaleRows(get(w, "fc.bias"), 1, perChannel, bn0[0]);
    for (int f = 0; f < dense; f++) {
      fcBias[f] += bn0[1][f / perChannel];
    }
    float[] embed = get(w, "embed").clone();
    for (int k = 0; k < arch.classes(); k++) {
      for (int f = 0; f < dense; f++) {
        embed[k * dense + f] *= bn0[0][f / perChannel];
      }
    }
    String h = l.linear("fc", GeneratorOnnxContract.NOISE, fcWeight, fcBias, dense, arch.zDim());
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, embed, arch.classes(), dense);
    h = l.relu(l.reshape(l.add(h, e), -1, c0, s0, s0));
    h = l.relu(upsampleConv(l, "conv1", h, get(w, "conv1.weight"), c1, c0, bn1));
    h = l.relu(upsampleConv(l, "conv2", h, get(w, "conv2.weight"), c2, c1, bn2));
    h = arch.channels() == 1
        ? convToOneChannel(l, "out", h, get(w, "out.weight"), get(w, "out.bias"), c2)
        : l.conv2d("out", h, get(w, "out.weight"), get(w, "out.bias"), arch.channels(), c2, 3, 3, 1, 1);
    l.rename(l.tanh(h), GeneratorOnnxContract.IMAGE);
    try {
      g.write(file);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + file, ex);
    }
  }

  /**
   * Nearest upsampling by two followed by a 3x3 convolution (padding 1, no bias) as one
   * {@code ConvTranspose} with a 4x4 kernel, stride 2 and padding 1, which computes the same
   * values with 16 instead of 36 multiply-adds per output and no upsampled copy (measured in ONNX
   * Runtime, batch 64, one thread: 22 instead of 26 ms per run; {@code Resize} and {@code Conv}
   * spent 22 ms in convolutions, {@code ConvTranspose} spends 15).
   *
   * <p>Along one axis the transposed convolution gives output 2i the sum
   * {@code x[i - 1] K[3] + x[i] K[1]} and output 2i + 1 the sum {@code x[i] K[2] + x[i + 1] K[0]};
   * upsampling then convolving gives {@code x[i - 1] w[0] + x[i] (w[1] + w[2])} and
   * {@code x[i] (w[0] + w[1]) + x[i + 1] w[2]}. So kernel index k sums the 3x3 taps
   * {@code TAPS[k]} on each axis. The training network computes the same function as a 2x2
   * phase convolution (GanOps.upsample2xConv3x3), DJL having no transposed convolution.
   */
  private static String upsampleConv(OnnxLayers l, String prefix, String x, float[] weight, int cout, int cin,
      float[][] norm) {
    int[][] taps = {{2}, {1, 2}, {0, 1}, {0}};
    // ConvTranspose weights are (Cin, Cout, kH, kW)
    float[] kernel = new float[cin * cout * 16];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < cin; i++) {
        for (int ky = 0; ky < 4; ky++) {
          for (int kx = 0; kx < 4; kx++) {
            float sum = 0f;
            for (int ty : taps[ky]) {
              for (int tx : taps[kx]) {
                sum += weight[((o * cin + i) * 3 + ty) * 3 + tx];
              }
            }
            kernel[((i * cout + o) * 4 + ky) * 4 + kx] = sum * norm[0][o];
          }
        }
      }
    }
    String k = l.constant(prefix + ".weight", kernel, cin, cout, 4, 4);
    Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    attrs.put("kernel_shape", new long[] {4, 4});
    attrs.put("strides", new long[] {2, 2});
    attrs.put("pads", new long[] {1, 1, 1, 1});
    attrs.put("dilations", new long[] {1, 1});
    attrs.put("group", 1L);
    return l.graph().op("ConvTranspose", List.of(x, k, l.constant(prefix + ".bias", norm[1], cout)), attrs);
  }

  /**
   * The 3x3 convolution (padding 1) from {@code cin} channels to one, as a depthwise convolution
   * (each input channel with its own 3x3 kernel) and a sum over the channels: the same values,
   * but ONNX Runtime runs a one-channel output of a plain {@code Conv} at a small fraction of its
   * speed (batch 64, 32 channels, 28x28, one thread: 4.1 ms as {@code Conv}, 1.7 ms this way;
   * for three output channels the plain {@code Conv} was faster, 5.0 against 7.2 ms at 32x32).
   */
  private static String convToOneChannel(OnnxLayers l, String prefix, String x, float[] weight, float[] bias,
      int cin) {
    // weight (1, cin, 3, 3) read as (cin, 1, 3, 3): kernel c for input channel c
    String each = l.conv2d(prefix, x, weight, null, cin, cin, 3, 3, 1, 1, cin);
    String axes = l.constantInt64(prefix + ".axes", new long[] {1}, 1);
    String sum = l.graph().op("ReduceSum", List.of(each, axes), Map.of("keepdims", 1L));
    return l.add(sum, l.constant(prefix + ".bias", bias, 1, 1, 1));
  }

  /**
   * Batch norm {@code prefix} in inference mode as {scale, shift} per channel:
   * {@code gamma / sqrt(runningVar + eps)} and {@code beta - runningMean * scale}.
   */
  private static float[][] folded(Map<String, float[]> w, String prefix) {
    float[] gamma = get(w, prefix + ".gamma");
    float[] beta = get(w, prefix + ".beta");
    float[] mean = get(w, prefix + ".runningMean");
    float[] var = get(w, prefix + ".runningVar");
    float[] scale = new float[gamma.length];
    float[] shift = new float[gamma.length];
    for (int c = 0; c < gamma.length; c++) {
      double sc = gamma[c] / Math.sqrt((double) var[c] + GanOps.BN_EPS);
      scale[c] = (float) sc;
      shift[c] = (float) (beta[c] - mean[c] * sc);
    }
    return new float[][] {scale, shift};
  }

  /** {@code m} (rows of {@code cols} values) with row f multiplied by {@code scale[f / perChannel]}. */
  private static float[] scaleRows(float[] m, int cols, int perChannel, float[] scale) {
    float[] out = m.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= scale[i / cols / perChannel];
    }
    return out;
  }

  private static float[] get(Map<String, float[]> w, String name) {
    float[] v = w.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the generator has no parameter '" + name + "'; known: " + w.keySet());
    }
    return v;
  }
}
