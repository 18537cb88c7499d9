package io.synthaug.plugins.classic.ops;

import io.synthaug.api.Image;

/**
 * Brightness and contrast changes, clamped to {@code [0, 1]}.
 *
 * <p>Contrast scales each channel around that channel's mean over the image, not around 0.5:
 * typical small datasets (digits, scans) are mostly dark, and scaling around 0.5 would lift
 * their background when contrast drops. Around the mean, a contrast change alone keeps the
 * image's average (before clamping).
 */
public final class BrightnessContrast {

  private BrightnessContrast() {
  }

  /** Adds {@code delta} to every value: {@code clamp(v + delta)}. */
  public static Image brightness(Image image, double delta) {
    float[] in = image.pixels();
    // Clone and update in place: a clone is not zeroed first (see Flips.horizontal).
    float[] out = in.clone();
    float d = (float) delta;
    for (int i = 0; i < out.length; i++) {
      out[i] = Pixels.clamp01(out[i] + d);
    }
    return new Image(image.height(), image.width(), image.channels(), out);
  }

  /** Scales around each channel's mean: {@code clamp((v - mean) * factor + mean)}. */
  public static Image contrast(Image image, double factor) {
    return adjust(image, 0.0, factor);
  }

  /**
   * Contrast then brightness in one pass: {@code clamp((v - mean) * factor + mean + delta)}, with
   * {@code mean} the mean of the value's channel over the input image.
   */
  public static Image adjust(Image image, double delta, double factor) {
    float[] in = image.pixels();
    int ch = image.channels();
    float[] offset = channelMeans(image);
    float f = (float) factor;
    for (int c = 0; c < ch; c++) {
      offset[c] = (float) (offset[c] - offset[c] * factor + delta);
    }
    // Clone and update in place: a clone is not zeroed first (see Flips.horizontal).
    float[] out = in.clone();
    if (ch == 1) {
      float o = offset[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = Pixels.clamp01(out[i] * f + o);
      }
    } else {
      // Image allows 1 or 3 channels; unrolled, the three offsets stay in registers.
      float o0 = offset[0];
      float o1 = offset[1];
      float o2 = offset[2];
      for (int i = 0; i < out.length; i += 3) {
        out[i] = Pixels.clamp01(out[i] * f + o0);
        out[i + 1] = Pixels.clamp01(out[i + 1] * f + o1);
        out[i + 2] = Pixels.clamp01(out[i + 2] * f + o2);
      }
    }
    return new Image(image.height(), image.width(), ch, out);
  }

  /** The mean of each channel, summed in double so large images lose no precision. */
  public static float[] channelMeans(Image image) {
    int ch = image.channels();
    double[] sums = new double[ch];
    float[] in = image.pixels();
    if (ch == 1) {
      double s = 0;
      for (float v : in) {
        s += v;
      }
      sums[0] = s;
    } else {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < in.length; i += 3) {
        s0 += in[i];
        s1 += in[i + 1];
        s2 += in[i + 2];
      }
      sums[0] = s0;
      sums[1] = s1;
      sums[2] = s2;
    }
    float[] means = new float[ch];
    int count = image.height() * image.width();
    for (int c = 0; c < ch; c++) {
      means[c] = (float) (sums[c] / count);
    }
    return means;
  }
}
