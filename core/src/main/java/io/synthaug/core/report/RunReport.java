package io.synthaug.core.report;

import io.synthaug.api.Dataset;
import io.synthaug.api.Sample;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.BoundStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code report.html} of {@code runner run}: what the run made, how the stages did, and samples to look at. */
public final class RunReport {

  private RunReport() {
  }

  /**
   * Writes the report.
   *
   * @param file where the HTML goes
   * @param pipeline the pipeline that ran
   * @param data the dataset it produced
   * @param seed the run seed
   * @param metrics the figures the stages recorded
   * @param artifactsRoot the folder holding each stage's {@code <stageId>/} artifacts
   */
  public static void write(Path file, BoundPipeline pipeline, Dataset data, long seed, Map<String, Double> metrics,
      Path artifactsRoot) {
    String spec = pipeline.specFile() == null ? "<spec>" : pipeline.specFile().getFileName().toString();
    HtmlReport report = new HtmlReport("Synthaug run: " + spec);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("spec", spec);
    facts.put("seed", Long.toString(seed));
    List<String> stages = new ArrayList<>();
    for (BoundStage bs : pipeline.stages()) {
      stages.add(bs.id() + " (" + bs.type() + ")");
    }
    facts.put("stages", stages.isEmpty() ? "none" : String.join(", ", stages));
    facts.put("images", String.format(Locale.ROOT, "%,d in %d classes", data.size(), data.classCount()));
    report.keyValues(facts);
    sources(report, data);
    metrics(report, metrics, data.classNames());
    PipelineSections.addAll(report, data, artifactsRoot, pipeline.stages().stream().map(BoundStage::id).toList());
    report.write(file);
  }

  /** Image counts by source and class. */
  static void sources(HtmlReport report, Dataset data) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Sample s : data.samples()) {
      counts.computeIfAbsent(s.origin().stage(), k -> new int[data.classCount()])[s.label()]++;
    }
    List<String> header = new ArrayList<>();
    header.add("source");
    header.addAll(data.classNames());
    header.add("total");
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      List<String> row = new ArrayList<>();
      row.add(e.getKey());
      int total = 0;
      for (int n : e.getValue()) {
        row.add(String.format(Locale.ROOT, "%,d", n));
        total += n;
      }
      row.add(String.format(Locale.ROOT, "%,d", total));
      rows.add(row);
    }
    report.section("Images by source and class");
    report.table(header, rows);
  }

  /**
   * The stages' recorded figures, if any. A figure recorded once per class (its name ends in
   * {@code .<class name>} for every class) becomes one row with a column per class, next to its
   * overall value when there is one; the rest are listed one per row.
   */
  static void metrics(HtmlReport report, Map<String, Double> metrics, List<String> classNames) {
    if (metrics.isEmpty()) {
      return;
    }
    Map<String, Double> single = new TreeMap<>(metrics);
    Map<String, double[]> perClass = new TreeMap<>();
    for (String name : new TreeMap<>(metrics).keySet()) {
      String prefix = perClassPrefix(name, classNames);
      if (prefix == null || perClass.containsKey(prefix)) {
        continue;
      }
      double[] values = new double[classNames.size()];
      boolean complete = true;
      for (int c = 0; c < classNames.size() && complete; c++) {
        Double v = metrics.get(prefix + "." + classNames.get(c));
        complete = v != null;
        values[c] = complete ? v : Double.NaN;
      }
      if (complete) {
        perClass.put(prefix, values);
        classNames.forEach(c -> single.remove(prefix + "." + c));
      }
    }
    report.section("Figures the stages recorded");
    if (!perClass.isEmpty()) {
      List<String> header = new ArrayList<>();
      header.add("figure");
      header.add("overall");
      header.addAll(classNames);
      List<List<String>> rows = new ArrayList<>();
      perClass.forEach((prefix, values) -> {
        List<String> row = new ArrayList<>();
        row.add(prefix);
        Double overall = single.remove(prefix + ".overall");
        if (overall == null) {
          overall = single.remove(prefix);
        }
        row.add(overall == null ? "" : format(overall));
        for (double v : values) {
          row.add(format(v));
        }
        rows.add(row);
      });
      report.table(header, rows);
    }
    if (!single.isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      single.forEach((k, v) -> rows.add(List.of(k, format(v))));
      report.table(List.of("figure", "value"), rows);
    }
  }

  private static String perClassPrefix(String name, List<String> classNames) {
    for (String c : classNames) {
      if (name.endsWith("." + c)) {
        return name.substring(0, name.length() - c.length() - 1);
      }
    }
    return null;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
