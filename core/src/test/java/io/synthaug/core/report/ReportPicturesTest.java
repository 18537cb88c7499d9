package io.synthaug.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPicturesTest {

  @TempDir
  Path dir;

  @Test
  void gridPlacesScaledCellsWithGaps() {
    Image white = new Image(1, 2, 1, new float[] {1f, 0.25f});
    Image small = new Image(1, 1, 1, new float[] {0.75f});
    Image grid = ImageGrid.compose(List.of(List.of(white, small), List.of(small)), 2, 1);
    // 2 columns of 2*2 px + 3 gaps; 2 rows of 1*2 px + 3 gaps
    assertEquals(7, grid.height());
    assertEquals(11, grid.width());
    assertEquals(0.5f, grid.get(0, 0, 0), "gap is mid gray");
    assertEquals(1f, grid.get(1, 1, 0));
    assertEquals(1f, grid.get(2, 2, 0), "a pixel becomes a 2x2 block");
    assertEquals(0.25f, grid.get(1, 3, 0));
    assertEquals(0.75f, grid.get(1, 6, 0), "second cell starts after cell width + gap");
    assertEquals(0f, grid.get(1, 8, 0), "a smaller image leaves its cell black");
    assertEquals(0.75f, grid.get(4, 1, 0), "second row");
    assertEquals(0.5f, grid.get(4, 6, 0), "a shorter row leaves gray");
  }

  @Test
  void gridRejectsMixedChannels() {
    Image g = Image.blank(2, 2, 1);
    Image rgb = Image.blank(2, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.compose(List.of(List.of(g, rgb)), 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.compose(List.of(List.of()), 1, 0));
  }

  @Test
  void lineChartWritesAPngOfTheAskedSizeIdenticallyTwice() throws Exception {
    double[] x = {0, 1, 2, 3};
    LineChart chart = new LineChart("losses", "step", "loss")
        .series("d", x, new double[] {1.4, 1.2, Double.NaN, 1.0})
        .series("g", x, new double[] {0.7, 0.9, 1.1, 1.3});
    chart.write(dir.resolve("a.png"), 400, 300);
    chart.write(dir.resolve("b.png"), 400, 300);
    BufferedImage img = ImageIO.read(dir.resolve("a.png").toFile());
    assertEquals(400, img.getWidth());
    assertEquals(300, img.getHeight());
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files stay behind");
    }
    assertTrue(Files.size(dir.resolve("a.png")) > 1000);
  }
}
