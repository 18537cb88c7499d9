package io.synthaug.core.ml;

import static io.synthaug.core.ml.ClassifierOnnxContract.*;

import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxLayers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a trained {@link CnnLayout} network as an ONNX graph of {@code Sub}, {@code Mul},
 * {@code Conv}, {@code BatchNormalization}, {@code Relu}, {@code MaxPool}, {@code Flatten} and
 * {@code Gemm} nodes computing exactly what {@link CnnNetwork#forward} computes in inference mode
 * (dropout is the identity there and is left out).
 */
final class ClassifierOnnxExporter {

  private ClassifierOnnxExporter() {
  }

  /** The graph, with contract metadata plus {@code extra} (which may not use reserved keys). */
  static OnnxGraphBuilder build(CnnWeights weights, List<String> classNames, Map<String, String> extra) {
    CnnLayout layout = weights.layout();
    ClassifierConfig cfg = layout.config();
    int c = cfg.channels();
    OnnxGraphBuilder g = new OnnxGraphBuilder("synthaug_classifier")
        .docString("Synthaug CNN classifier: image [batch, C, H, W] in [0, 1] -> logits, features")
        .input(IMAGE, OnnxGraphBuilder.FLOAT, List.of(BATCH, c, cfg.height(), cfg.width()));
    OnnxLayers l = new OnnxLayers(g);
    String mean = l.constant("input.mean", weights.get("input.mean"), 1, c, 1, 1);
    String scale = l.constant("input.scale", weights.get("input.scale"), 1, c, 1, 1);
    String x = g.op("Mul", g.op("Sub", IMAGE, mean), scale);
    int in = c;
    List<Integer> widths = cfg.convWidths();
    for (int s = 0; s < widths.size(); s++) {
      int out = widths.get(s);
      for (int j = 0; j < CnnLayout.CONVS_PER_STAGE; j++) {
        String bn = CnnLayout.bn(s, j);
        x = l.conv2d("s" + s + ".conv" + j, x, weights.get(CnnLayout.conv(s, j)), null, out, in, CnnLayout.KERNEL,
            CnnLayout.KERNEL, 1, 1);
        x = l.batchNorm(bn, x, weights.get(bn + ".gamma"), weights.get(bn + ".beta"), weights.get(bn + ".mean"),
            weights.get(bn + ".var"), CnnLayout.BN_EPSILON);
        x = l.relu(x);
        in = out;
      }
      Map<String, Object> pool = new LinkedHashMap<>();
      pool.put("kernel_shape", new long[] {2, 2});
      pool.put("strides", new long[] {2, 2});
      pool.put("pads", new long[] {0, 0, 0, 0});
      pool.put("ceil_mode", 0L);
      x = g.op("MaxPool", List.of(x), pool);
    }
    x = l.flatten(x);
    int f = cfg.featureDim();
    int k = cfg.classes();
    String fc = l.linear("fc", x, weights.get("fc.weight"), weights.get("fc.bias"), f, layout.flatDim());
    String features = l.rename(l.relu(fc), FEATURES);
    l.rename(l.linear("out", features, weights.get("out.weight"), weights.get("out.bias"), k, f), LOGITS);
    g.output(LOGITS, OnnxGraphBuilder.FLOAT, List.of(BATCH, k));
    g.output(FEATURES, OnnxGraphBuilder.FLOAT, List.of(BATCH, f));

    for (String key : extra.keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException("metadata key '" + key
            + "' is written by the exporter itself; use another key for your value");
      }
    }
    extra.forEach(g::metadata);
    g.metadata(META_MODEL, MODEL_CLASSIFIER)
        .metadata(META_CLASSES, joinClasses(classNames))
        .metadata(META_NUM_CLASSES, Integer.toString(k))
        .metadata(META_INPUT_SHAPE, c + "," + cfg.height() + "," + cfg.width())
        .metadata(META_CHANNELS, Integer.toString(c))
        .metadata(META_HEIGHT, Integer.toString(cfg.height()))
        .metadata(META_WIDTH, Integer.toString(cfg.width()))
        .metadata(META_FEATURE_DIM, Integer.toString(f))
        .metadata(META_PIXEL_RANGE, "0,1")
        .metadata(META_ARCHITECTURE, architecture(cfg))
        .metadata(META_TRAIN_SEED, Long.toString(cfg.seed()))
        .metadata(META_WEIGHTS_SHA256, weights.sha256());
    return g;
  }

  /** The architecture in words, such as {@code cnn conv[32,64] fc128}. */
  static String architecture(ClassifierConfig cfg) {
    return "cnn conv[" + cfg.convWidths().stream().map(String::valueOf).collect(Collectors.joining(",")) + "] fc"
        + cfg.featureDim();
  }
}
