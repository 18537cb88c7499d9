package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.gray;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.Image;
import org.junit.jupiter.api.Test;

class NoiseTest {

  @Test
  void addsGivenValuesAndClamps() {
    Image img = gray(new double[][] {{0.2, 0.9, 0.1, 0.5}});
    Image out = Noise.add(img, new float[] {0.1f, 0.3f, -0.5f, 0f});
    assertEquals(0.3f, out.get(0, 0, 0), 1e-6);
    assertEquals(1.0f, out.get(0, 1, 0));
    assertEquals(0.0f, out.get(0, 2, 0));
    assertEquals(0.5f, out.get(0, 3, 0));
  }

  @Test
  void noiseIsAddedPerValueInHwcOrderForRgb() {
    Image rgb = ramp(2, 3, 3);
    float[] noise = new float[18];
    noise[rgb.index(1, 2, 1)] = -1f;
    Image out = Noise.add(rgb, noise);
    for (int i = 0; i < 18; i++) {
      assertEquals(i == rgb.index(1, 2, 1) ? 0f : rgb.pixels()[i], out.pixels()[i], "value " + i);
    }
  }

  @Test
  void zeroNoiseIsIdentity() {
    Image rgb = ramp(3, 5, 3);
    assertSameImage(rgb, Noise.add(rgb, new float[45]));
  }

  @Test
  void rejectsNoiseOfTheWrongLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Noise.add(ramp(2, 2, 3), new float[4]));
    assertEquals("noise has 4 values but the 2x2x3 image has 12", e.getMessage());
  }
}
