package io.synthaug.core.data;

import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import io.synthaug.core.IoErrors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
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
   * Reads a PNG or JPEG file.
   *
   * <p>The size the file declares is checked before any pixel is decoded: images wider or taller
   * than {@value #MAX_SIDE} pixels are refused, so that a small damaged or hostile file cannot
   * exhaust memory. A JPEG the decoder has to guess at (ImageIO reports a warning, such as
   * "premature end of JPEG file") is refused too, rather than read as a partly grey image; a
   * PNG's warnings (an ancillary chunk it ignores) leave its pixels whole and are not refused,
   * while a truncated PNG fails to decode anyway.
   *
   * <p>Only PNG and JPEG files are read, whatever their names: a BMP or GIF named {@code .png}
   * is refused, naming its format. A PNG the decoder fails on is checked chunk by chunk, so that
   * the message says what is damaged (a CRC that does not match, a truncated chunk).
   *
   * @throws InputException when the file is missing, unreadable, not a PNG or JPEG image, damaged
   *     or too large
   */
  public static Image read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(file.toString(), Files.isDirectory(file) ? "is a folder, expected an image file"
          : Files.isSymbolicLink(file) ? ImageFolderFormat.brokenLink(file) + "; fix the link or remove it"
          : "file not found; check the path");
    }
    InputStream opened;
    try {
      // Opened through the Path, not a java.io.File: a listed path keeps the bytes of its name,
      // which the locale's charset may not be able to turn into a String and back.
      opened = Files.newInputStream(file);
    } catch (IOException | SecurityException e) {
      String why = e instanceof IOException io ? IoErrors.reason(io) : e.getMessage();
      throw new InputException(file.toString(), "cannot be read (" + why + "); check that the file is readable", e);
    }
    String format = null;
    try (InputStream raw = opened;
        ImageInputStream in = new MemoryCacheImageInputStream(new BufferedInputStream(raw, 1 << 16))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InputException(file.toString(), "is not a PNG or JPEG image; remove it or convert it to PNG");
      }
      ImageReader reader = readers.next();
      format = reader.getFormatName().toLowerCase(Locale.ROOT);
      if (!format.equals("png") && !format.equals("jpeg")) {
        reader.dispose();
        throw new InputException(file.toString(), "is a " + format.toUpperCase(Locale.ROOT) + " image, whatever its"
            + " name says; only PNG and JPEG images are read: convert it to PNG");
      }
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
      String damage = "png".equals(format) ? pngDamage(file) : null;
      throw new InputException(file.toString(), damage != null ? "is a damaged PNG: " + damage
          + "; re-save it or remove it" : "cannot be decoded as an image (" + decoderReason(e)
          + "); re-save it as PNG or remove it", e);
    }
  }

  /**
   * What the decoder said, its causes included, since its own message is often a bare prefix
   * ("Caught exception during read: ").
   */
  static String decoderReason(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : firstLine(t.getMessage()).replaceAll("[:\\s]+$", "");
      if (!m.isEmpty() && !parts.contains(m)) {
        parts.add(m);
      }
    }
    return parts.isEmpty() ? "the decoder gave no reason" : String.join(": ", parts);
  }

  /**
   * The first flaw in the chunk structure of a PNG file (a chunk whose CRC does not match its
   * bytes, a truncated chunk, a missing IHDR, IDAT or IEND), or null when there is none. Java's
   * decoder ignores CRCs and fails with messages of its internals, so a file it cannot decode is
   * looked at here to tell the user what is wrong.
   */
  static String pngDamage(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException | OutOfMemoryError e) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    if (b.length < 8 || buf.getLong(0) != 0x89504E470D0A1A0AL) {
      return "it does not start with the PNG signature";
    }
    boolean idat = false;
    int pos = 8;
    for (int chunk = 0; ; chunk++) {
      if (pos + 8 > b.length) {
        return "it ends after " + pos + " bytes, before its IEND chunk (the file is truncated)";
      }
      long length = buf.getInt(pos) & 0xFFFFFFFFL;
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > b.length) {
        return "chunk " + chunk + " ('" + type + "', at byte " + pos + ") announces " + length
            + " data bytes but the file ends before them (the file is truncated)";
      }
      CRC32 crc = new CRC32();
      crc.update(b, pos + 4, (int) length + 4);
      if (crc.getValue() != (buf.getInt(pos + 8 + (int) length) & 0xFFFFFFFFL)) {
        return "chunk " + chunk + " ('" + type + "', at byte " + pos + ") fails its CRC check, so its bytes are"
            + " not the ones written";
      }
      if (chunk == 0 && !type.equals("IHDR")) {
        return "its first chunk is '" + type + "', not IHDR";
      }
      idat |= type.equals("IDAT");
      if (type.equals("IEND")) {
        return idat ? null : "it has no IDAT chunk, so no pixels";
      }
      pos += 12 + (int) length;
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
   * @throws OutputWriteException when the file cannot be written (a full disk, no permission)
   */
  public static void write(Image img, Path file) {
    byte[] png = encode(img);
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw OutputWriteException.writing(file, e);
    }
  }

  /**
   * The PNG bytes {@link #write} would store (see {@link PngEncoder}).
   */
  public static byte[] encode(Image img) {
    return PngEncoder.encode(img);
  }
}
