package io.synthaug.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV rows quoted as RFC 4180 describes: a field holding a comma, a double quote, CR or LF is
 * wrapped in double quotes with inner quotes doubled. Rows end with LF (not CRLF), as most tools
 * write and all common readers accept.
 */
public final class Csv {

  private Csv() {
  }

  /** One row, with its line feed. */
  public static String row(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendField(sb, fields.get(i));
    }
    return sb.append('\n').toString();
  }

  private static void appendField(StringBuilder sb, String field) {
    String f = field == null ? "" : field;
    boolean quote = false;
    for (int i = 0; i < f.length() && !quote; i++) {
      char c = f.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      sb.append(f);
      return;
    }
    sb.append('"');
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /**
   * Parses CSV text into rows of fields, accepting LF or CRLF line ends and quoted fields that
   * span lines.
   *
   * @throws IllegalArgumentException for an unterminated quoted field or text after a closing quote
   */
  public static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = text.length();
    boolean rowStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      rowStarted = true;
      if (c == '"' && field.length() == 0) {
        int close = i + 1;
        while (true) {
          if (close >= n) {
            throw new IllegalArgumentException("unterminated quoted field in CSV row " + (rows.size() + 1));
          }
          if (text.charAt(close) == '"') {
            if (close + 1 < n && text.charAt(close + 1) == '"') {
              field.append('"');
              close += 2;
              continue;
            }
            break;
          }
          field.append(text.charAt(close++));
        }
        i = close + 1;
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          throw new IllegalArgumentException("text after a closing quote in CSV row " + (rows.size() + 1));
        }
        continue;
      }
      if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        rowStarted = false;
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        field.append(c);
      }
      i++;
    }
    if (rowStarted) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
