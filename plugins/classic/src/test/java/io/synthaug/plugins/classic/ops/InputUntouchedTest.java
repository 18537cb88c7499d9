package io.synthaug.plugins.classic.ops;

import static io.synthaug.plugins.classic.TestImages.assertSameImage;
import static io.synthaug.plugins.classic.TestImages.ramp;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.synthaug.api.Image;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The ops that copy their input and then work on the copy in place must leave the input as it
 * was and hand out an array of their own.
 */
class InputUntouchedTest {

  @Test
  void opsWorkingOnACopyLeaveTheirInputAlone() {
    for (int ch : new int[] {1, 3}) {
      Image input = ramp(6, 9, ch);
      Image before = input.copy();
      float[] noise = new float[input.pixels().length];
      java.util.Arrays.fill(noise, 0.3f);
      List<UnaryOperator<Image>> ops = List.of(
          Flips::horizontal,
          im -> Rotation.rotate(im, 30),
          im -> Translation.shift(im, 0.5, -1.25),
          im -> Noise.add(im, noise),
          im -> BrightnessContrast.brightness(im, 0.2),
          im -> BrightnessContrast.adjust(im, -0.1, 1.5));
      for (UnaryOperator<Image> op : ops) {
        Image out = op.apply(input);
        assertNotSame(input.pixels(), out.pixels());
        assertSameImage(before, input);
      }
    }
  }
}
