package io.synthaug.plugins.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.StageException;
import io.synthaug.api.features.ExtractorProtocol;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.core.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default extractor: a CNN trained on the real images, exported to ONNX, read by ONNX Runtime. */
class ClassifierExtractorTest {

  @TempDir
  Path dir;

  /** Three classes of 16x16 images: a bright square in the top-left, centre or bottom-right, with noise. */
  private static Dataset squares(int perClass) {
    SplittableRandom r = new SplittableRandom(5);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass * 3; i++) {
      int label = i % 3;
      float[] px = new float[256];
      int at = 2 + label * 5;
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          boolean in = y >= at && y < at + 4 && x >= at && x < at + 4;
          px[y * 16 + x] = (float) Math.min(1, Math.max(0, (in ? 0.9 : 0.1) + 0.1 * (r.nextDouble() - 0.5)));
        }
      }
      samples.add(new Sample(new Image(16, 16, 1, px), label, Origin.real("s#" + i)));
    }
    return new Dataset(List.of("tl", "mid", "br"), samples);
  }

  private FeatureExtractor open(Path where, Dataset data) {
    return new ClassifierExtractorFactory().create(new ClassifierExtractorParams(8, 2),
        new GateExtractorContext(new GateTestContext(where, 0, List.of()), data, 42));
  }

  @Test
  void trainsExportsAndRecordsTheOnnxFilesHash() throws Exception {
    Dataset data = squares(10);
    List<Image> images = data.samples().stream().map(Sample::image).toList();
    ExtractorProtocol first;
    float[][] a;
    try (FeatureExtractor fx = open(dir.resolve("one"), data)) {
      Path model = dir.resolve("one/artifacts/gate").resolve(ClassifierExtractorFactory.MODEL_FILE);
      assertTrue(Files.isRegularFile(model));
      first = fx.protocol();
      assertEquals(new ExtractorProtocol("classifier", Hashes.sha256(model), 16, 16, "none"), first);
      assertEquals(8, fx.featureDim());
      a = fx.features(images);
      assertEquals(30, a.length);
      for (float[] row : a) {
        assertEquals(8, row.length);
        for (float v : row) {
          assertTrue(Float.isFinite(v) && v >= 0, "penultimate features come after a ReLU: " + v);
        }
      }
    }
    try (FeatureExtractor again = open(dir.resolve("two"), data)) {
      assertEquals(first, again.protocol(), "one seed trains the same network, byte for byte");
      float[][] b = again.features(images);
      for (int i = 0; i < a.length; i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], 0f);
      }
    }
  }

  @Test
  void oneClassCannotTrainAClassifier() {
    Dataset one = new Dataset(List.of("only"), squares(4).samples().stream()
        .map(s -> new Sample(s.image(), 0, s.origin())).toList());
    StageException e = assertThrows(StageException.class, () -> open(dir, one));
    assertTrue(e.getMessage().contains("use the onnx extractor"), e.getMessage());
  }
}
