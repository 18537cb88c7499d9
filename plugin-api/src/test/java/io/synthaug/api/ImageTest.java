package io.synthaug.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The shape check of {@link Image}, including shapes whose size overflows an int. */
class ImageTest {

  @Test
  void theArrayIsTakenOverNotCopied() {
    float[] px = new float[2 * 3 * 3];
    px[px.length - 1] = 0.5f;
    Image img = new Image(2, 3, 3, px);
    assertSame(px, img.pixels());
    assertEquals(0.5f, img.get(1, 2, 2));
    assertEquals(18, Image.blank(2, 3, 3).pixels().length);
  }

  @Test
  void aLengthThatMatchesOnlyModulo2To32IsRefused() {
    // 65536 x 65536 is 2^32, 0 in int arithmetic; 65536 x 65537 is 2^32 + 65536.
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new Image(65536, 65536, 1, new float[0]));
    assertEquals("pixel array length 0 does not match 65536x65536x1", empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Image(65536, 65537, 1, new float[65536]));
    // 3 x 2^31-ish: 37837 x 37837 x 3 overflows an int to a negative number.
    assertThrows(IllegalArgumentException.class, () -> new Image(37837, 37837, 3, new float[1]));
  }

  @Test
  void blankRefusesShapesTooLargeForOneArray() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Image.blank(65536, 65536, 1));
    assertEquals("pixel array length 0 does not match 65536x65536x1", e.getMessage());
    // 46341^2 overflows an int to a negative length.
    assertThrows(IllegalArgumentException.class, () -> Image.blank(46341, 46341, 1));
    assertThrows(IllegalArgumentException.class, () -> Image.blank(Integer.MAX_VALUE, Integer.MAX_VALUE, 3));
  }

  @Test
  void badSizesAndChannelsAreStillRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Image(0, 2, 1, new float[0]));
    assertThrows(IllegalArgumentException.class, () -> new Image(2, 2, 2, new float[8]));
    assertThrows(IllegalArgumentException.class, () -> new Image(2, 2, 1, null));
    assertThrows(IllegalArgumentException.class, () -> Image.blank(-1, -1, 1));
  }
}
