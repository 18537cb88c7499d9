package io.synthaug.core.ort;

import io.synthaug.api.Device;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sampling throughput of an MNIST-sized conditional DCGAN generator on the CPU (not a test: run
 * its {@code main} by hand). The generator: label embedding 10 + noise 100, linear to 128x7x7,
 * batch norm, ReLU, upsample to 14x14, conv 3x3 128->64, batch norm, leaky ReLU, upsample to
 * 28x28, conv 3x3 64->1, tanh. Weights are random; speed does not depend on their values.
 *
 * <p>Arguments: {@code threads spinning(true|false) images}.
 */
public final class OrtSamplerBenchmark {

  private OrtSamplerBenchmark() {
  }

  static OnnxGraphBuilder mnistGenerator() {
    int z = 100;
    int classes = 10;
    int emb = 10;
    int fc = 128 * 7 * 7;
    OnnxGraphBuilder g = new OnnxGraphBuilder("bench_generator");
    GeneratorOnnxContract.declare(g, z, classes, 1, 28, 28, OutputRange.TANH);
    OnnxLayers l = new OnnxLayers(g);
    long seed = 1;
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, ReferenceOps.random(seed++, classes * emb), classes, emb);
    String h = l.linear("fc", l.concat(1, GeneratorOnnxContract.NOISE, e),
        scaled(ReferenceOps.random(seed++, fc * (z + emb)), 0.1f), ReferenceOps.random(seed++, fc), fc, z + emb);
    h = l.batchNorm("bn1", h, ones(fc), new float[fc], new float[fc], ones(fc), 1e-5f);
    h = l.relu(h);
    h = l.reshape(h, -1, 128, 7, 7);
    h = l.upsampleNearest2x(h);
    h = l.conv2d("conv1", h, scaled(ReferenceOps.random(seed++, 64 * 128 * 9), 0.03f), new float[64], 64, 128, 3, 3, 1, 1);
    h = l.batchNorm("bn2", h, ones(64), new float[64], new float[64], ones(64), 1e-5f);
    h = l.leakyRelu(h, 0.2f);
    h = l.upsampleNearest2x(h);
    h = l.conv2d("conv2", h, scaled(ReferenceOps.random(seed, 64 * 9), 0.05f), new float[1], 1, 64, 3, 3, 1, 1);
    l.rename(l.tanh(h), GeneratorOnnxContract.IMAGE);
    return g;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    Arrays.fill(a, 1f);
    return a;
  }

  private static float[] scaled(float[] a, float s) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= s;
    }
    return a;
  }

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    boolean spinning = args.length > 1 && Boolean.parseBoolean(args[1]);
    int images = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
    Path dir = Files.createTempDirectory("ort-bench");
    Path file = dir.resolve("gen.onnx");
    mnistGenerator().write(file);
    System.out.printf(Locale.ROOT, "model %d bytes, threads %d, spinning %b, %d cores%n", Files.size(file), threads,
        spinning, Runtime.getRuntime().availableProcessors());
    OrtRuntime runtime = new OrtRuntime(threads, spinning);
    float[] noise = ReferenceOps.random(7, images * 100);
    int[] labels = new int[images];
    for (int i = 0; i < images; i++) {
      labels[i] = i % 10;
    }
    for (int batch : new int[] {1, 64, 256}) {
      try (OrtGeneratorSampler s = OrtGeneratorSampler.open(runtime, file, Device.CPU, batch, System.out::println)) {
        s.sample(Arrays.copyOf(labels, Math.min(images, 2 * batch)),
            Arrays.copyOf(noise, Math.min(images, 2 * batch) * 100));
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
          long t0 = System.nanoTime();
          s.sample(labels, noise);
          best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "batch %4d: %8.0f images/s (best of 3, %d images in %.3f s)%n", batch,
            images / best, images, best);
      }
    }
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }
}
