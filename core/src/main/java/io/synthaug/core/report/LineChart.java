package io.synthaug.core.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of one or more series, written as PNG (headless). Used for loss curves and for
 * accuracy against the synthetic-to-real ratio.
 */
public final class LineChart {

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, double[][]> series = new LinkedHashMap<>();
  private boolean markers;

  /** A chart with a title and axis labels. */
  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a series; {@code x} and {@code y} have one length. Non-finite points are skipped. */
  public LineChart series(String name, double[] x, double[] y) {
    return series(name, x, y, null);
  }

  /**
   * Adds a series with an error bar of half-height {@code err[i]} at each point (such as a mean
   * and its standard deviation); {@code err} may be null. Points whose x or y is not finite are
   * skipped; a non-finite error bar is drawn as none.
   */
  public LineChart series(String name, double[] x, double[] y, double[] err) {
    if (x.length != y.length || (err != null && err.length != x.length)) {
      throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length
          + " y values" + (err == null ? "" : " and " + err.length + " error bars"));
    }
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        n++;
      }
    }
    double[] fx = new double[n];
    double[] fy = new double[n];
    double[] fe = err == null ? null : new double[n];
    for (int i = 0, j = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        fx[j] = x[i];
        if (fe != null) {
          fe[j] = Double.isFinite(err[i]) ? err[i] : 0;
        }
        fy[j++] = y[i];
      }
    }
    series.put(name, fe == null ? new double[][] {fx, fy} : new double[][] {fx, fy, fe});
    return this;
  }

  /** Draws a marker at every point (for short series such as a ratio sweep). */
  public LineChart markers(boolean on) {
    this.markers = on;
    return this;
  }

  /**
   * Writes the chart as a PNG of the given size, through a temporary file beside it so a reader
   * never sees half a picture; the file gets the usual permissions, not a temporary file's.
   */
  public void write(Path file, int width, int height) {
    byte[] png = png(width, height);
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
      try {
        Files.write(tmp, png);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }

  /** The chart as the bytes of a PNG of the given size, for embedding in a report. */
  public byte[] png(int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(series.size() > 1);
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      double[][] xy = e.getValue();
      if (xy[0].length == 0) {
        continue;
      }
      XYSeries s = xy.length == 3 ? chart.addSeries(e.getKey(), xy[0], xy[1], xy[2])
          : chart.addSeries(e.getKey(), xy[0], xy[1]);
      s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw chart " + title, e);
    }
  }
}
