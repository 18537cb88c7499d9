package io.synthaug.core.ort;

import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;

/**
 * A small class-conditional generator in the shape Synthaug's DCGAN exporter writes (label
 * embedding concatenated to the noise, linear, batch norm, ReLU, reshape, nearest x2 upsampling,
 * convolution, batch norm, leaky ReLU, convolution, final activation), with fixed-seed weights and a
 * plain-Java forward pass to check ONNX Runtime against.
 */
final class MiniGenerator {

  final int zDim;
  final int numClasses = 3;
  final int embDim = 2;
  final int seedChannels = 4;
  final int seedSize = 2;
  final int hidden = 3;
  final int channels;
  final int size = 4;
  static final float EPS = 1e-5f;

  private final float[] table;
  private final float[] fcW;
  private final float[] fcB;
  private final float[] bn1Gamma;
  private final float[] bn1Beta;
  private final float[] bn1Mean;
  private final float[] bn1Var;
  private final float[] conv1W;
  private final float[] conv1B;
  private final float[] bn2Gamma;
  private final float[] bn2Beta;
  private final float[] bn2Mean;
  private final float[] bn2Var;
  private final float[] conv2W;
  private final float[] conv2B;

  MiniGenerator(int zDim, int channels, long seed) {
    this.zDim = zDim;
    this.channels = channels;
    int fcOut = seedChannels * seedSize * seedSize;
    table = ReferenceOps.random(seed, numClasses * embDim);
    fcW = ReferenceOps.random(seed + 1, fcOut * (zDim + embDim));
    fcB = ReferenceOps.random(seed + 2, fcOut);
    bn1Gamma = ReferenceOps.random(seed + 3, fcOut);
    bn1Beta = ReferenceOps.random(seed + 4, fcOut);
    bn1Mean = ReferenceOps.random(seed + 5, fcOut);
    bn1Var = positive(ReferenceOps.random(seed + 6, fcOut));
    conv1W = ReferenceOps.random(seed + 7, hidden * seedChannels * 9);
    conv1B = ReferenceOps.random(seed + 8, hidden);
    bn2Gamma = ReferenceOps.random(seed + 9, hidden);
    bn2Beta = ReferenceOps.random(seed + 10, hidden);
    bn2Mean = ReferenceOps.random(seed + 11, hidden);
    bn2Var = positive(ReferenceOps.random(seed + 12, hidden));
    conv2W = ReferenceOps.random(seed + 13, channels * hidden * 9);
    conv2B = ReferenceOps.random(seed + 14, channels);
  }

  private static float[] positive(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = 0.1f + Math.abs(a[i]);
    }
    return a;
  }

  /** The ONNX graph, with the contract's inputs, output and metadata. */
  OnnxGraphBuilder graph(OutputRange range) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("mini_generator").producer("synthaug-test", "1");
    GeneratorOnnxContract.declare(g, zDim, numClasses, channels, size, size, range);
    OnnxLayers l = new OnnxLayers(g);
    int fcOut = seedChannels * seedSize * seedSize;
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, table, numClasses, embDim);
    String h = l.concat(1, GeneratorOnnxContract.NOISE, e);
    h = l.linear("fc", h, fcW, fcB, fcOut, zDim + embDim);
    h = l.batchNorm("bn1", h, bn1Gamma, bn1Beta, bn1Mean, bn1Var, EPS);
    h = l.relu(h);
    h = l.reshape(h, -1, seedChannels, seedSize, seedSize);
    h = l.upsampleNearest2x(h);
    h = l.conv2d("conv1", h, conv1W, conv1B, hidden, seedChannels, 3, 3, 1, 1);
    h = l.batchNorm("bn2", h, bn2Gamma, bn2Beta, bn2Mean, bn2Var, EPS);
    h = l.leakyRelu(h, 0.2f);
    h = l.conv2d("conv2", h, conv2W, conv2B, channels, hidden, 3, 3, 1, 1);
    h = range == OutputRange.TANH ? l.tanh(h) : l.sigmoid(h);
    l.rename(h, GeneratorOnnxContract.IMAGE);
    return g;
  }

  /** The raw NCHW output for these labels and noise, computed in Java. */
  float[] forward(int[] labels, float[] noise, OutputRange range) {
    int n = labels.length;
    int fcOut = seedChannels * seedSize * seedSize;
    float[] h = ReferenceOps.noiseWithEmbedding(noise, zDim, labels, table, embDim);
    h = ReferenceOps.linear(h, n, zDim + embDim, fcW, fcB, fcOut);
    h = ReferenceOps.batchNorm(h, n, fcOut, 1, bn1Gamma, bn1Beta, bn1Mean, bn1Var, EPS);
    h = ReferenceOps.relu(h);
    h = ReferenceOps.upsampleRowsThenColumns(h, n, seedChannels, seedSize, seedSize);
    h = ReferenceOps.conv2d(h, n, seedChannels, size, size, conv1W, conv1B, hidden, 3, 1, 1);
    h = ReferenceOps.batchNorm(h, n, hidden, size * size, bn2Gamma, bn2Beta, bn2Mean, bn2Var, EPS);
    h = ReferenceOps.leakyRelu(h, 0.2f);
    h = ReferenceOps.conv2d(h, n, hidden, size, size, conv2W, conv2B, channels, 3, 1, 1);
    return range == OutputRange.TANH ? ReferenceOps.tanh(h) : ReferenceOps.sigmoid(h);
  }
}
