package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

  @Test
  void keepsShapeValuesConvolutionsAndGradients() {
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), ImageBatches.ENGINE)) {
      float[] xs = new float[2 * 3 * 4 * 5];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = (float) Math.sin(i * 0.7);
      }
      float[] ws = new float[6 * 3 * 3 * 3];
      for (int i = 0; i < ws.length; i++) {
        ws[i] = (float) Math.cos(i * 0.3);
      }
      float[][] outputs = new float[2][];
      float[][] inputGrads = new float[2][];
      for (int route = 0; route < 2; route++) {
        NDArray x = m.create(xs, new Shape(2, 3, 4, 5));
        x.setRequiresGradient(true);
        NDArray w = m.create(ws, new Shape(6, 3, 3, 3));
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
          NDArray in = route == 1 ? ChannelsLast.of(x) : x;
          assertEquals(x.getShape(), in.getShape());
          assertArrayEquals(xs, in.toFloatArray());
          NDArray y = Conv2d.conv2d(in, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
              .singletonOrThrow();
          outputs[route] = y.toFloatArray();
          gc.backward(y.mul(y).sum());
        }
        inputGrads[route] = x.getGradient().toFloatArray();
      }
      assertArrayEquals(outputs[0], outputs[1], 1e-4f);
      assertArrayEquals(inputGrads[0], inputGrads[1], 1e-3f);
    }
  }

  @Test
  void rejectsArraysThatAreNotFourDimensional() {
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), ImageBatches.ENGINE)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ChannelsLast.of(m.zeros(new Shape(2, 3, 4))));
      assertEquals("channels-last needs an (N, C, H, W) array, got shape (2, 3, 4)", e.getMessage());
    }
  }
}
