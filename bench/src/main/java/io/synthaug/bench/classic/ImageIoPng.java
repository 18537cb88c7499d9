package io.synthaug.bench.classic;

import io.synthaug.api.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The PNG encoding the output folder used before {@code PngEncoder}: ImageIO's PNG writer on an
 * 8-bit {@link BufferedImage}, a writer and a memory-cached stream per image. Kept here as the
 * png suite's "before" row; the product no longer uses it.
 */
final class ImageIoPng {

  private ImageIoPng() {
  }

  static byte[] encode(Image img) {
    int w = img.width();
    int h = img.height();
    int c = img.channels();
    BufferedImage buffered = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY
        : BufferedImage.TYPE_3BYTE_BGR);
    float[] src = img.pixels();
    int[] samples = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      float v = src[i];
      samples[i] = !(v > 0f) ? 0 : v >= 1f ? 255 : Math.round(v * 255f);
    }
    // raster band order is R, G, B for TYPE_3BYTE_BGR, the HWC order of Image
    buffered.getRaster().setPixels(0, 0, w, h, samples);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(h * w * c / 2 + 128);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(buffered);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
