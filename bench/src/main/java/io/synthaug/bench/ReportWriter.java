package io.synthaug.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a suite's result as {@code <suite>.json} (every repetition's numbers, the environment,
 * the checks) and {@code <suite>.md} (the tables with median and range).
 */
public final class ReportWriter {

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Writes {@code <stem>.json} and {@code <stem>.md} into {@code dir} and returns the Markdown
   * text; the stem is the suite's name, or {@code <suite>-<tag>} for a tagged run (e.g. one
   * made before an optimization, kept beside the current results).
   */
  public String write(SuiteResult result, Path dir, String tag) throws IOException {
    Files.createDirectories(dir);
    String stem = tag == null || tag.isEmpty() ? result.suite() : result.suite() + "-" + tag;
    json.writeValue(dir.resolve(stem + ".json").toFile(), toJson(result, tag));
    String markdown = markdown(result, tag);
    Files.writeString(dir.resolve(stem + ".md"), markdown);
    return markdown;
  }

  private ObjectNode toJson(SuiteResult result, String tag) {
    ObjectNode root = json.createObjectNode();
    root.put("suite", result.suite());
    if (tag != null && !tag.isEmpty()) {
      root.put("tag", tag);
    }
    root.put("title", result.title());
    root.set("environment", json.valueToTree(result.environment()));
    ArrayNode rows = root.putArray("rows");
    for (Row row : result.rows()) {
      ObjectNode r = rows.addObject();
      r.put("table", row.table());
      row.key().forEach(r::put);
      side(r, "a", row.aLabel(), row.a());
      side(r, "b", row.bLabel(), row.b());
      r.set("ratio", stats(row.ratios()));
      r.set("ratios", json.valueToTree(row.ratios()));
      if (row.cpuRatios().length > 0) {
        r.set("cpuRatio", stats(row.cpuRatios()));
        r.set("cpuRatios", json.valueToTree(row.cpuRatios()));
      }
      if (row.target() != null) {
        r.put("target", row.target().minRatio());
        r.put("targetSource", row.target().source());
      }
      if (row.check() != null) {
        r.put("check", row.check());
      }
      r.put("result", row.result());
    }
    root.set("notes", json.valueToTree(result.notes()));
    return root;
  }

  private void side(ObjectNode r, String name, String label, double[] values) {
    ObjectNode s = r.putObject(name);
    s.put("label", label);
    s.setAll(stats(values));
    s.set("values", json.valueToTree(values));
  }

  private ObjectNode stats(double[] values) {
    Stats s = Stats.of(values);
    return json.createObjectNode().put("median", s.median()).put("min", s.min()).put("max", s.max());
  }

  /** The suite's tables, one per distinct {@link Row#table()}, in the order rows first name them. */
  static String markdown(SuiteResult result, String tag) {
    Map<String, List<Row>> tables = new LinkedHashMap<>();
    for (Row row : result.rows()) {
      tables.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
    }
    StringBuilder md = new StringBuilder();
    md.append("### ").append(result.title());
    if (tag != null && !tag.isEmpty()) {
      md.append(" (run tagged ").append(tag).append(')');
    }
    md.append("\n\n");
    for (Map.Entry<String, List<Row>> table : tables.entrySet()) {
      List<Row> rows = table.getValue();
      Row first = rows.get(0);
      boolean cpu = rows.stream().anyMatch(r -> r.cpuRatios().length > 0);
      md.append("#### ").append(table.getKey()).append("\n\n|");
      first.key().keySet().forEach(k -> md.append(' ').append(k).append(" |"));
      md.append(' ').append(first.aLabel()).append(" | ").append(first.bLabel()).append(" | ratio |");
      if (cpu) {
        md.append(" ratio by CPU time |");
      }
      md.append(" target | result |\n|");
      int columns = first.key().size() + (cpu ? 6 : 5);
      md.append(" --- |".repeat(columns)).append('\n');
      for (Row row : rows) {
        md.append('|');
        row.key().values().forEach(v -> md.append(' ').append(v).append(" |"));
        md.append(' ').append(Stats.of(row.a()).format()).append(" | ").append(Stats.of(row.b()).format())
            .append(" | ").append(row.ratio().format()).append(" |");
        if (cpu) {
          md.append(' ').append(row.cpuRatios().length > 0 ? Stats.of(row.cpuRatios()).format() : "-").append(" |");
        }
        md.append(' ').append(row.target() == null ? "-" : row.target().format()).append(" | ")
            .append(row.result()).append(" |\n");
      }
      md.append('\n');
    }
    md.append("Values are median [min-max] over the repetitions.\n\n");
    for (String note : result.notes()) {
      md.append("- ").append(note).append('\n');
    }
    return md.toString();
  }
}
