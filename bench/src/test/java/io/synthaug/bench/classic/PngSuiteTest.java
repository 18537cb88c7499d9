package io.synthaug.bench.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.synthaug.api.Image;
import io.synthaug.core.data.PngCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngSuiteTest {

  @TempDir
  Path tmp;

  /** The suite's "before" row must write the same pixels as the runner's encoder, or it would time other work. */
  @Test
  void imageIoAndTheRunnersEncoderWriteTheSamePixels() throws Exception {
    SplittableRandom random = new SplittableRandom(6);
    for (int[] shape : new int[][] {{28, 28, 1}, {5, 7, 3}, {1, 1, 1}}) {
      float[] pixels = new float[shape[0] * shape[1] * shape[2]];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextDouble(-0.1, 1.1);
      }
      Image image = new Image(shape[0], shape[1], shape[2], pixels);
      Path before = Files.write(tmp.resolve("before.png"), ImageIoPng.encode(image));
      Path after = Files.write(tmp.resolve("after.png"), PngCodec.encode(image));
      assertArrayEquals(PngCodec.read(before).pixels(), PngCodec.read(after).pixels(), 0f, () -> image.shape());
    }
  }
}
