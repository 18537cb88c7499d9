package io.synthaug.core.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of Synthaug's generators and classifiers expressed as ONNX nodes, with the tensor
 * layouts PyTorch and DJL use, so an exporter copies parameter arrays over unchanged.
 *
 * <p>Conventions: activations are NCHW; a linear weight is {@code [out, in]} (DJL {@code Linear},
 * PyTorch {@code nn.Linear}) and becomes {@code Gemm} with {@code transB = 1}; a convolution
 * weight is {@code [out, in, kh, kw]}; batch normalization takes gamma, beta, running mean and
 * running variance per channel with its epsilon written explicitly; upsampling is nearest
 * neighbour by 2, each source pixel copied into a 2x2 block (what DJL's stack-and-reshape
 * upsampling computes). Each method adds nodes (and weights, named after {@code prefix}) to the
 * builder and returns the name of its output.
 */
public final class OnnxLayers {

  private final OnnxGraphBuilder graph;

  /** Layers added to {@code graph}. */
  public OnnxLayers(OnnxGraphBuilder graph) {
    this.graph = graph;
  }

  /** The builder the layers are added to. */
  public OnnxGraphBuilder graph() {
    return graph;
  }

  /** A float constant under a fresh name derived from {@code base}; returns the name. */
  public String constant(String base, float[] data, long... dims) {
    String name = graph.uniqueName(base);
    graph.initializer(name, data, dims);
    return name;
  }

  /** An int64 constant under a fresh name derived from {@code base}; returns the name. */
  public String constantInt64(String base, long[] data, long... dims) {
    String name = graph.uniqueName(base);
    graph.initializerInt64(name, data, dims);
    return name;
  }

  /**
   * {@code y = x W^T + b} for {@code x} of shape {@code [N, in]} and {@code weight} of shape
   * {@code [out, in]} (row-major, as DJL and PyTorch store it); {@code bias} of length
   * {@code out}, or {@code null} for none.
   */
  public String linear(String prefix, String x, float[] weight, float[] bias, int out, int in) {
    List<String> inputs = new ArrayList<>(List.of(x, constant(prefix + ".weight", weight, out, in)));
    if (bias != null) {
      inputs.add(constant(prefix + ".bias", bias, out));
    }
    return graph.op("Gemm", inputs, Map.of("transB", 1L));
  }

  /**
   * A 2-D convolution of NCHW input with {@code weight} of shape {@code [out, in, kh, kw]}, the
   * same stride and zero padding on both axes, and {@code bias} of length {@code out} or
   * {@code null}.
   */
  public String conv2d(String prefix, String x, float[] weight, float[] bias, int out, int in, int kh,
      int kw, int stride, int pad) {
    return conv2d(prefix, x, weight, bias, out, in, kh, kw, stride, pad, 1);
  }

  /**
   * As {@link #conv2d(String, String, float[], float[], int, int, int, int, int, int)}, in
   * {@code groups} groups: {@code weight} has shape {@code [out, in / groups, kh, kw]}, and
   * {@code groups == in} is a depthwise convolution.
   */
  public String conv2d(String prefix, String x, float[] weight, float[] bias, int out, int in, int kh,
      int kw, int stride, int pad, int groups) {
    if (groups < 1 || in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException(groups + " groups do not divide " + in + " input and " + out
          + " output channels");
    }
    List<String> inputs = new ArrayList<>(List.of(x,
        constant(prefix + ".weight", weight, out, in / groups, kh, kw)));
    if (bias != null) {
      inputs.add(constant(prefix + ".bias", bias, out));
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("kernel_shape", new long[] {kh, kw});
    attrs.put("strides", new long[] {stride, stride});
    attrs.put("pads", new long[] {pad, pad, pad, pad});
    attrs.put("dilations", new long[] {1, 1});
    attrs.put("group", (long) groups);
    return graph.op("Conv", inputs, attrs);
  }

  /**
   * Inference-mode batch normalization over axis 1 (channels of NCHW, or features of
   * {@code [N, F]}): {@code gamma * (x - mean) / sqrt(var + epsilon) + beta}. DJL's and PyTorch's
   * default epsilon is {@code 1e-5}.
   */
  public String batchNorm(String prefix, String x, float[] gamma, float[] beta, float[] mean, float[] var,
      float epsilon) {
    int c = gamma.length;
    if (beta.length != c || mean.length != c || var.length != c) {
      throw new IllegalArgumentException(prefix + ": gamma, beta, mean and var must have one value per channel");
    }
    List<String> inputs = List.of(x, constant(prefix + ".gamma", gamma, c), constant(prefix + ".beta", beta, c),
        constant(prefix + ".running_mean", mean, c), constant(prefix + ".running_var", var, c));
    return graph.op("BatchNormalization", inputs, Map.of("epsilon", epsilon));
  }

  /**
   * Looks up rows of {@code table} (shape {@code [numClasses, dim]}) for int64 {@code labels} of
   * shape {@code [N]}, giving {@code [N, dim]}: DJL's {@code Embedding} as a {@code Gather}.
   */
  public String embedding(String prefix, String labels, float[] table, int numClasses, int dim) {
    String weights = constant(prefix + ".weight", table, numClasses, dim);
    return graph.op("Gather", List.of(weights, labels), Map.of("axis", 0L));
  }

  /** Concatenates along {@code axis}. */
  public String concat(int axis, String... inputs) {
    return graph.op("Concat", List.of(inputs), Map.of("axis", (long) axis));
  }

  /** Reshapes; a 0 keeps that input dimension, a -1 is inferred (ONNX semantics). */
  public String reshape(String x, long... shape) {
    String s = constantInt64("shape", shape, shape.length);
    return graph.op("Reshape", List.of(x, s), Map.of());
  }

  /** Flattens {@code [N, ...]} to {@code [N, rest]}. */
  public String flatten(String x) {
    return graph.op("Flatten", List.of(x), Map.of("axis", 1L));
  }

  /**
   * Nearest-neighbour upsampling of NCHW by 2 on height and width: output pixel {@code (y, x)}
   * is input pixel {@code (y / 2, x / 2)}. Uses {@code Resize} with scales {@code [1, 1, 2, 2]},
   * {@code asymmetric} coordinates and {@code floor} rounding, which make that mapping exact.
   */
  public String upsampleNearest2x(String x) {
    String scales = constant("upsample_scales", new float[] {1f, 1f, 2f, 2f}, 4);
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("mode", "nearest");
    attrs.put("coordinate_transformation_mode", "asymmetric");
    attrs.put("nearest_mode", "floor");
    return graph.op("Resize", List.of(x, "", scales), attrs);
  }

  /** {@code max(x, 0)}. */
  public String relu(String x) {
    return graph.op("Relu", x);
  }

  /** {@code x} for positive {@code x}, {@code alpha * x} otherwise. */
  public String leakyRelu(String x, float alpha) {
    return graph.op("LeakyRelu", List.of(x), Map.of("alpha", alpha));
  }

  /** Hyperbolic tangent. */
  public String tanh(String x) {
    return graph.op("Tanh", x);
  }

  /** Logistic sigmoid. */
  public String sigmoid(String x) {
    return graph.op("Sigmoid", x);
  }

  /** Element-wise product with broadcasting. */
  public String mul(String a, String b) {
    return graph.op("Mul", a, b);
  }

  /** Element-wise sum with broadcasting. */
  public String add(String a, String b) {
    return graph.op("Add", a, b);
  }

  /**
   * Adds an {@code Identity} node that renames {@code x} to {@code name}, so a graph output gets
   * its contract name (such as {@link GeneratorOnnxContract#IMAGE}) whatever layer produced it.
   */
  public String rename(String x, String name) {
    graph.node("Identity", List.of(x), List.of(name), Map.of());
    return name;
  }
}
