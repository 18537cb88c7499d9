package io.synthaug.core.data;

import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Reads PNG and JPEG files into {@link Image}s and writes images as 8-bit PNG.
 *
 * <p>Channels on reading follow the file's colour type, not its content:
 * <ul>
 *   <li>grayscale (PNG gray or gray+alpha, grayscale JPEG) gives 1 channel; alpha is dropped;
 *   <li>RGB, RGBA and palette images give 3 channels; alpha is dropped, not composited, so
 *       the colour stored under a transparent pixel is what you get;
 *   <li>an RGB file whose pixels happen to be gray (R = G = B) stays 3-channel, so that the
 *       shape of an image never depends on its pixel values.
 * </ul>
 * Samples are divided by their maximum ({@code 255} for 8-bit, {@code 65535} for 16-bit files).
 * Gray samples are taken as stored: Java2D would otherwise apply a gamma conversion when it
 * turns gray into sRGB.
 *
 * <p>Writing stores {@code round(v * 255)} clamped to {@code [0, 255]}: 1-channel images as
 * 8-bit grayscale PNG, 3-channel images as 8-bit RGB PNG, with no timestamp or other ancillary
 * chunk, so the same image always gives the same bytes with the same zlib, the one the Java
 * runtime uses ({@link PngEncoder}).
 */
public final class PngCodec {

  /**
   * The largest width or height {@link #read} accepts, so at most {@code 2^28} pixels: a decoded
   * RGB image of that size takes about 3 GiB as floats.
   */
  public static final int MAX_SIDE = 16384;

  private PngCodec() {
  }

  /**
   * Reads a PNG or JPEG file (any format ImageIO decodes).
   *
   * <p>The size the file declares is checked before any pixel is decoded: images wider or taller
   * than {@value #MAX_SIDE} pixels are refused, so that a small damaged or hostile file cannot
   * exhaust memory. A JPEG the decoder has to guess at (ImageIO reports a warning, such as
   * "premature end of JPEG file") is refused too, rather than read as a partly grey image; a
   * PNG's warnings (an ancillary chunk it ignores) leave its pixels whole and are not refused,
   * while a truncated PNG fails to decode anyway.
   *
   * @throws InputException when the file is missing, unreadable, not an image, damaged or too large
   */
  public static Image read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(file.toString(), Files.isDirectory(file) ? "is a folder, expected an image file"
          : "file not found; check the path");
    }
    ImageInputStream opened;
    try {
      // Opened here rather than through ImageIO.createImageInputStream, which answers null for a
      // file it cannot open, and that would be reported as "not an image".
      opened = new FileImageInputStream(file.toFile());
    } catch (IOException | SecurityException e) {
      throw new InputException(file.toString(), "cannot be read (" + e.getMessage()
          + "); check that the file is readable", e);
    }
    try (ImageInputStream in = opened) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InputException(file.toString(), "is not a PNG or JPEG image; remove it or convert it to PNG");
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, false);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        checkSize(file, reader.getWidth(0), reader.getHeight(0));
        BufferedImage buffered = reader.read(0);
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (!warnings.isEmpty() && "jpeg".equalsIgnoreCase(reader.getFormatName())) {
          throw new InputException(file.toString(), "is damaged: the decoder reports \""
              + firstLine(warnings.get(0)) + "\"; re-save it as PNG or remove it");
        }
        return fromBuffered(buffered, storedAsGray(metadata, buffered));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException ie) {
        throw ie;
      }
      throw new InputException(file.toString(), "cannot be decoded as an image (" + e.getMessage()
          + "); re-save it as PNG or remove it", e);
    }
  }

  /** Refuses a declared size above {@link #MAX_SIDE} a side. */
  private static void checkSize(Path file, int width, int height) {
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new InputException(file.toString(), "declares an image of " + width + "x" + height
          + " pixels, larger than the " + MAX_SIDE + " pixels a side images may have; scale it down or remove it");
    }
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /**
   * Whether the file stores gray samples. The format-neutral metadata tells a 1, 2 or 4-bit gray
   * PNG (which ImageIO decodes with a gray palette) apart from a real palette image.
   */
  private static boolean storedAsGray(IIOMetadata metadata, BufferedImage buffered) {
    if (metadata != null && metadata.isStandardMetadataFormatSupported()) {
      Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
      for (Node chroma = root.getFirstChild(); chroma != null; chroma = chroma.getNextSibling()) {
        if (!"Chroma".equals(chroma.getNodeName())) {
          continue;
        }
        for (Node n = chroma.getFirstChild(); n != null; n = n.getNextSibling()) {
          if ("ColorSpaceType".equals(n.getNodeName())) {
            Node name = n.getAttributes().getNamedItem("name");
            return name != null && "GRAY".equals(name.getNodeValue());
          }
        }
      }
    }
    ColorModel cm = buffered.getColorModel();
    return !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /** Converts a decoded image following the channel rules in the class description. */
  static Image fromBuffered(BufferedImage buffered, boolean gray) {
    int w = buffered.getWidth();
    int h = buffered.getHeight();
    ColorModel cm = buffered.getColorModel();
    Raster raster = buffered.getRaster();
    if (gray) {
      // Gray samples are linear steps of the bit depth even when ImageIO used a gray palette.
      return new Image(h, w, 1, bands(raster, 1));
    }
    if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
        && raster.getNumBands() >= 3) {
      return new Image(h, w, 3, bands(raster, 3));
    }
    // Palette and other colour spaces: let Java2D convert to sRGB.
    float[] px = new float[h * w * 3];
    int[] argb = buffered.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      px[3 * i] = PixelBytes.toFloat(p >>> 16);
      px[3 * i + 1] = PixelBytes.toFloat(p >>> 8);
      px[3 * i + 2] = PixelBytes.toFloat(p);
    }
    return new Image(h, w, 3, px);
  }

  /** The first {@code keep} bands of the raster, scaled by each band's maximum value. */
  private static float[] bands(Raster raster, int keep) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int nb = raster.getNumBands();
    int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
    int[] sizes = raster.getSampleModel().getSampleSize();
    float[] scale = new float[keep];
    for (int b = 0; b < keep; b++) {
      scale[b] = 1f / ((1L << sizes[b]) - 1);
    }
    float[] px = new float[w * h * keep];
    for (int i = 0, n = w * h; i < n; i++) {
      for (int b = 0; b < keep; b++) {
        int s = samples[i * nb + b];
        px[i * keep + b] = sizes[b] == 8 ? PixelBytes.toFloat(s) : s * scale[b];
      }
    }
    return px;
  }

  /**
   * Writes {@code img} as an 8-bit PNG, replacing the file.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Image img, Path file) {
    byte[] png = encode(img);
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The PNG bytes {@link #write} would store (see {@link PngEncoder}).
   */
  public static byte[] encode(Image img) {
    return PngEncoder.encode(img);
  }
}
