package io.synthaug.core.report;

import io.synthaug.api.Image;
import io.synthaug.api.SynthaugException;
import io.synthaug.core.IoErrors;
import io.synthaug.core.data.PngCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report built section by section: one file with its style sheet inline
 * and every picture embedded as a base64 {@code data:} URI, so it opens anywhere, offline, and can
 * be mailed or archived as one file. Nothing in it depends on the time or the machine, so the
 * same content gives the same bytes.
 *
 * <p>All text passed in is escaped; callers never write markup.
 */
public final class HtmlReport {

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:1200px;"
          + "padding:0 1em;color:#1d2330;background:#fff;line-height:1.45}",
      "h1{font-size:1.7em;border-bottom:2px solid #3b6fb6;padding-bottom:.3em}",
      "h2{font-size:1.35em;margin-top:2em;border-bottom:1px solid #d5dbe5;padding-bottom:.2em}",
      "h3{font-size:1.1em;margin-top:1.5em}",
      "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}",
      "th,td{border:1px solid #d5dbe5;padding:.3em .6em;text-align:left;vertical-align:middle}",
      "th{background:#eef2f8}",
      "td.num{text-align:right;font-variant-numeric:tabular-nums}",
      "tr.highlight td{background:#f6f9ee}",
      "figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}",
      "figcaption{font-size:.85em;color:#555}",
      "img{image-rendering:pixelated;max-width:100%}",
      "p.note{color:#666;font-size:.9em}",
      ".pass{color:#1d7a2e;font-weight:600}.fail{color:#b3261e;font-weight:600}");

  private final String title;
  private final StringBuilder body = new StringBuilder();

  /** An empty report with a page title and top heading. */
  public HtmlReport(String title) {
    this.title = title;
  }

  /** A top-level section heading. */
  public HtmlReport section(String heading) {
    body.append("<h2>").append(escape(heading)).append("</h2>\n");
    return this;
  }

  /** A heading inside a section. */
  public HtmlReport subsection(String heading) {
    body.append("<h3>").append(escape(heading)).append("</h3>\n");
    return this;
  }

  /** A paragraph of text. */
  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A paragraph in small grey type, for explanations and missing parts. */
  public HtmlReport note(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * A paragraph whose first words are a verdict shown in green ({@code pass}) or red.
   *
   * @param verdict the verdict, such as {@code pass} or {@code dropped}
   * @param good whether it is good news
   * @param text the rest of the sentence
   */
  public HtmlReport verdict(String verdict, boolean good, String text) {
    body.append("<p><span class=\"").append(good ? "pass" : "fail").append("\">").append(escape(verdict))
        .append("</span> ").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A two-column table of names and values, in map order. */
  public HtmlReport keyValues(Map<String, String> entries) {
    body.append("<table>\n");
    for (Map.Entry<String, String> e : entries.entrySet()) {
      body.append("<tr><th>").append(escape(e.getKey())).append("</th>").append(cell(e.getValue())).append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A table with a header row; numeric cells are right-aligned. */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    return table(header, rows, -1);
  }

  /**
   * A table with a header row whose row {@code highlight} (or none when negative) stands out,
   * such as the baseline arm.
   */
  public HtmlReport table(List<String> header, List<List<String>> rows, int highlight) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (int r = 0; r < rows.size(); r++) {
      body.append(r == highlight ? "<tr class=\"highlight\">" : "<tr>");
      for (String c : rows.get(r)) {
        body.append(cell(c));
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /**
   * A table whose cells are pictures, with a text column first and a header row: for example one
   * row per class and one column per image source.
   *
   * @param header the column headings, the text column's first
   * @param labels the text of each row
   * @param pictures each row's PNG files' bytes, one per remaining column; null leaves a cell empty
   */
  public HtmlReport pictureTable(List<String> header, List<String> labels, List<List<byte[]>> pictures) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (int r = 0; r < labels.size(); r++) {
      body.append("<tr><th>").append(escape(labels.get(r))).append("</th>");
      for (byte[] png : pictures.get(r)) {
        body.append("<td>");
        if (png != null) {
          body.append(img(png, header.get(0) + " " + labels.get(r)));
        }
        body.append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A PNG picture with a caption. */
  public HtmlReport png(byte[] png, String caption) {
    body.append("<figure>").append(img(png, caption)).append("<figcaption>").append(escape(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  /** An image encoded as PNG, with a caption. */
  public HtmlReport image(Image image, String caption) {
    return png(PngCodec.encode(image), caption);
  }

  /** The whole document. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "\n</style>\n</head>\n<body>\n<h1>"
        + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
  }

  /** Writes the document as UTF-8. */
  public void write(Path file) {
    try {
      Files.writeString(file, html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SynthaugException("cannot write the report " + file + ": " + IoErrors.describe(file, e), e);
    }
  }

  /** Text safe inside an element or a quoted attribute. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return (looksNumeric(text) ? "<td class=\"num\">" : "<td>") + escape(text) + "</td>";
  }

  /** Numbers, percentages and signed differences line up on the right. */
  private static boolean looksNumeric(String text) {
    return text != null && text.matches("[-+−]?[0-9][0-9,.]*(e[-+]?[0-9]+)?\\s*(%|pp)?( ± [0-9.,]+\\s*(%|pp)?)?");
  }

  /**
   * An {@code img} element with the picture inline. Width and height come from the PNG header so
   * the layout does not jump while pictures decode.
   */
  private static String img(byte[] png, String alt) {
    StringBuilder sb = new StringBuilder("<img alt=\"").append(escape(alt)).append('"');
    if (png.length >= 24 && png[12] == 'I' && png[13] == 'H' && png[14] == 'D' && png[15] == 'R') {
      sb.append(" width=\"").append(bigEndian(png, 16)).append("\" height=\"").append(bigEndian(png, 20)).append('"');
    }
    return sb.append(" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">")
        .toString();
  }

  private static int bigEndian(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }
}
