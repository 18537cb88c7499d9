package io.synthaug.core.data;

/** Conversion between float pixel values in {@code [0, 1]} and 8-bit samples. */
final class PixelBytes {

  private static final float[] TO_FLOAT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      TO_FLOAT[i] = i / 255f;
    }
  }

  private PixelBytes() {
  }

  /**
   * {@code round(v * 255)} clamped to {@code [0, 255]}; NaN becomes 0 so that a broken stage
   * cannot make the encoder throw halfway through a dataset.
   */
  static int toByte(float v) {
    if (!(v > 0f)) {
      return 0;
    }
    if (v >= 1f) {
      return 255;
    }
    return Math.round(v * 255f);
  }

  /** The float value of an unsigned 8-bit sample. */
  static float toFloat(int unsignedByte) {
    return TO_FLOAT[unsignedByte & 0xFF];
  }
}
