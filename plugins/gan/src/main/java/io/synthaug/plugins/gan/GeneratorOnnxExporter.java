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
 * op for op as the generator's javadoc lists them, under the {@link GeneratorOnnxContract}
 * (inputs {@code noise} and {@code label}, output {@code image} in [-1, 1], tanh range).
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

    String h = l.linear("fc", GeneratorOnnxContract.NOISE, get(w, "fc.weight"), get(w, "fc.bias"), dense, arch.zDim());
    String e = l.embedding("embed", GeneratorOnnxContract.LABEL, get(w, "embed"), arch.classes(), dense);
    h = l.reshape(l.add(h, e), -1, c0, s0, s0);
    h = l.relu(norm(l, w, "bn0", h));
    h = l.conv2d("conv1", l.upsampleNearest2x(h), get(w, "conv1.weight"), null, c1, c0, 3, 3, 1, 1);
    h = l.relu(norm(l, w, "bn1", h));
    h = l.conv2d("conv2", l.upsampleNearest2x(h), get(w, "conv2.weight"), null, c2, c1, 3, 3, 1, 1);
    h = l.relu(norm(l, w, "bn2", h));
    h = l.conv2d("out", h, get(w, "out.weight"), get(w, "out.bias"), arch.channels(), c2, 3, 3, 1, 1);
    l.rename(l.tanh(h), GeneratorOnnxContract.IMAGE);
    try {
      g.write(file);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + file, ex);
    }
  }

  private static String norm(OnnxLayers l, Map<String, float[]> w, String prefix, String x) {
    return l.batchNorm(prefix, x, get(w, prefix + ".gamma"), get(w, prefix + ".beta"), get(w, prefix + ".runningMean"),
        get(w, prefix + ".runningVar"), GanOps.BN_EPS);
  }

  private static float[] get(Map<String, float[]> w, String name) {
    float[] v = w.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the generator has no parameter '" + name + "'; known: " + w.keySet());
    }
    return v;
  }
}
