package io.synthaug.core.report;

import io.synthaug.api.Image;
import io.synthaug.core.data.PngCodec;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays images out in a grid (one row per class, say) with a gap between cells, as one image
 * that {@link PngCodec} writes. Cells of a smaller image stay black; all images must share a
 * channel count.
 */
public final class ImageGrid {

  private ImageGrid() {
  }

  /**
   * Composes rows of images into one image.
   *
   * @param rows the images of each row, left to right; rows may differ in length
   * @param scale each image pixel becomes a scale x scale block (nearest neighbour), at least 1
   * @param gap pixels between cells, filled with mid gray
   * @return the grid
   */
  public static Image compose(List<List<Image>> rows, int scale, int gap) {
    if (scale < 1 || gap < 0) {
      throw new IllegalArgumentException("scale must be >= 1 and gap >= 0, got " + scale + ", " + gap);
    }
    int cellH = 0;
    int cellW = 0;
    int cols = 0;
    int channels = -1;
    for (List<Image> row : rows) {
      cols = Math.max(cols, row.size());
      for (Image img : row) {
        cellH = Math.max(cellH, img.height());
        cellW = Math.max(cellW, img.width());
        if (channels >= 0 && channels != img.channels()) {
          throw new IllegalArgumentException("all grid images need one channel count, got " + channels + " and "
              + img.channels());
        }
        channels = img.channels();
      }
    }
    if (channels < 0) {
      throw new IllegalArgumentException("a grid needs at least one image");
    }
    int outW = cols * cellW * scale + (cols + 1) * gap;
    int outH = rows.size() * cellH * scale + (rows.size() + 1) * gap;
    float[] px = new float[outH * outW * channels];
    java.util.Arrays.fill(px, 0.5f);
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        Image img = rows.get(r).get(c);
        int oy = gap + r * (cellH * scale + gap);
        int ox = gap + c * (cellW * scale + gap);
        for (int y = 0; y < cellH * scale; y++) {
          for (int x = 0; x < cellW * scale; x++) {
            int sy = y / scale;
            int sx = x / scale;
            int dst = ((oy + y) * outW + ox + x) * channels;
            for (int ch = 0; ch < channels; ch++) {
              px[dst + ch] = sy < img.height() && sx < img.width() ? img.get(sy, sx, ch) : 0f;
            }
          }
        }
      }
    }
    return new Image(outH, outW, channels, px);
  }

  /** Composes the grid and writes it as a PNG file. */
  public static void write(Path file, List<List<Image>> rows, int scale, int gap) {
    PngCodec.write(compose(rows, scale, gap), file);
  }
}
