package io.synthaug.core.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.StageException;
import io.synthaug.core.data.Csv;
import io.synthaug.core.data.PngCodec;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report sections every pipeline gets, shared by {@code runner run} and
 * {@code runner experiment}: real and synthetic samples side by side per class, each GAN stage's
 * loss curves and quality checks, and each quality gate's FID and KID tables and decision.
 *
 * <p>Stage artifacts are read from {@code artifacts/<stageId>/} by file name (the GAN stage's
 * {@code losses.csv}, {@code losses.png} and {@code quality.json}; a gate's {@code gate.json}),
 * so a stage that did not write one simply has no section.
 */
public final class PipelineSections {

  /** Images shown per class and source. */
  public static final int SAMPLES_PER_CELL = 8;
  private static final int SCALE = 2;
  private static final int GAP = 2;

  private PipelineSections() {
  }

  /** Every pipeline section, in the order a reader wants them. */
  public static void addAll(HtmlReport report, Dataset data, Path artifactsRoot, List<String> stageIds) {
    addAll(report, data, artifactsRoot, stageIds, "");
  }

  /**
   * Every pipeline section, each heading followed by {@code suffix} (such as {@code " (seed 2)"})
   * when one report shows several runs.
   */
  public static void addAll(HtmlReport report, Dataset data, Path artifactsRoot, List<String> stageIds,
      String suffix) {
    samples(report, data, suffix);
    for (String id : stageIds) {
      stageArtifacts(report, artifactsRoot.resolve(id), id, suffix);
    }
  }

  /**
   * One row per class, one column per source ({@code real} first, then each stage that made
   * samples, in the order they first appear), each cell the first
   * {@link #SAMPLES_PER_CELL} images of that class from that source.
   */
  public static void samples(HtmlReport report, Dataset data, String suffix) {
    report.section("Samples by class" + suffix);
    if (data.size() == 0) {
      report.note("The dataset holds no images.");
      return;
    }
    Set<String> sources = new LinkedHashSet<>();
    sources.add(Origin.REAL);
    for (Sample s : data.samples()) {
      sources.add(s.origin().stage());
    }
    List<String> order = new ArrayList<>(sources);
    Map<String, List<List<Image>>> cells = new LinkedHashMap<>();
    for (String src : order) {
      List<List<Image>> perClass = new ArrayList<>();
      for (int c = 0; c < data.classCount(); c++) {
        perClass.add(new ArrayList<>());
      }
      cells.put(src, perClass);
    }
    for (Sample s : data.samples()) {
      List<Image> cell = cells.get(s.origin().stage()).get(s.label());
      if (cell.size() < SAMPLES_PER_CELL) {
        cell.add(s.image());
      }
    }
    List<String> header = new ArrayList<>();
    header.add("class");
    for (String src : order) {
      header.add(src.equals(Origin.REAL) ? "real" : "made by " + src);
    }
    List<List<byte[]>> pictures = new ArrayList<>();
    for (int c = 0; c < data.classCount(); c++) {
      List<byte[]> row = new ArrayList<>();
      for (String src : order) {
        List<Image> cell = cells.get(src).get(c);
        row.add(cell.isEmpty() ? null : PngCodec.encode(ImageGrid.compose(List.of(cell), SCALE, GAP)));
      }
      pictures.add(row);
    }
    report.note("The first " + SAMPLES_PER_CELL + " images of each class from each source, in dataset order.");
    report.pictureTable(header, data.classNames(), pictures);
  }

  /**
   * The samples {@link #samples} shows and nothing else: the first {@link #SAMPLES_PER_CELL} of
   * each class from each source, in dataset order. Keeping this instead of a whole dataset lets a
   * caller report on many pipeline runs without holding them in memory.
   */
  public static Dataset preview(Dataset data) {
    Map<String, int[]> taken = new LinkedHashMap<>();
    List<Sample> kept = new ArrayList<>();
    for (Sample s : data.samples()) {
      int[] n = taken.computeIfAbsent(s.origin().stage(), k -> new int[data.classCount()]);
      if (n[s.label()] < SAMPLES_PER_CELL) {
        n[s.label()]++;
        kept.add(s);
      }
    }
    return data.withSamples(kept);
  }

  /** The sections of one stage's artifacts folder, if it wrote any the report knows. */
  public static void stageArtifacts(HtmlReport report, Path dir, String stageId, String suffix) {
    if (Files.isRegularFile(dir.resolve("losses.csv")) || Files.isRegularFile(dir.resolve("losses.png"))) {
      ganTraining(report, dir, stageId, suffix);
    }
    if (Files.isRegularFile(dir.resolve("gate.json"))) {
      gate(report, readJson(dir.resolve("gate.json"), stageId), stageId, suffix);
    }
  }

  private static void ganTraining(HtmlReport report, Path dir, String stageId, String suffix) {
    report.section("GAN training: " + stageId + suffix);
    byte[] png = Files.isRegularFile(dir.resolve("losses.png")) ? readBytes(dir.resolve("losses.png"), stageId)
        : lossChart(dir.resolve("losses.csv"), stageId);
    if (png != null) {
      report.png(png, "discriminator and generator loss per step (" + stageId + ")");
    }
    Path quality = dir.resolve("quality.json");
    if (Files.isRegularFile(quality)) {
      ganQuality(report, readJson(quality, stageId));
    }
  }

  /**
   * Draws the losses from the CSV when the stage wrote no chart; a CSV that cannot be parsed is
   * the stage's failure, as a malformed JSON artifact is.
   */
  private static byte[] lossChart(Path csv, String stageId) {
    List<List<String>> rows;
    try {
      rows = Csv.parse(readText(csv, stageId));
    } catch (IllegalArgumentException e) {
      throw new StageException("stage '" + stageId + "' wrote a " + csv.getFileName() + " that is not valid CSV: "
          + e.getMessage() + " (" + csv + "); the report reads it, so the plugin that provides the stage must"
          + " write well-formed CSV", e);
    }
    if (rows.size() < 2) {
      return null;
    }
    List<String> head = rows.get(0);
    int step = head.indexOf("step");
    int d = head.indexOf("d_loss");
    int g = head.indexOf("g_loss");
    if (step < 0 || d < 0 || g < 0) {
      return null;
    }
    int n = rows.size() - 1;
    double[] x = new double[n];
    double[] dy = new double[n];
    double[] gy = new double[n];
    for (int i = 0; i < n; i++) {
      List<String> r = rows.get(i + 1);
      x[i] = number(r, step);
      dy[i] = number(r, d);
      gy[i] = number(r, g);
    }
    return new LineChart("GAN losses", "step", "loss").series("discriminator", x, dy).series("generator", x, gy)
        .png(800, 450);
  }

  private static double number(List<String> row, int col) {
    try {
      return col < row.size() ? Double.parseDouble(row.get(col)) : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static void ganQuality(HtmlReport report, JsonNode q) {
    JsonNode agreement = q.get("labelAgreement");
    JsonNode classes = q.get("classes");
    if (agreement != null && agreement.has("overall")) {
      report.paragraph(String.format(Locale.ROOT, "Label agreement: %.1f %% of the samples are called their"
          + " conditioning class by a classifier trained on the real images.", 100 * agreement.get("overall").asDouble()));
    }
    if (classes == null || !classes.isObject()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = classes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = e.getValue();
      rows.add(List.of(e.getKey(),
          agreement != null && agreement.has(e.getKey()) ? percent(agreement.get(e.getKey())) : "-",
          fixed(c.get("varianceRatio"), 2), percent(c.get("duplicateRate"))));
    }
    report.table(List.of("class", "label agreement", "pixel variance vs real", "near-duplicate samples"), rows);
    JsonNode collapsed = q.get("collapsedClasses");
    if (collapsed != null && collapsed.asInt() > 0) {
      report.verdict("warning", false, collapsed.asInt() + " class(es) look collapsed (low variance, many near twins).");
    }
  }

  /** The gate's decision and its FID and KID tables, following the fid plugin's gate.json contract. */
  static void gate(HtmlReport report, JsonNode g, String stageId, String suffix) {
    report.section("Quality gate: " + stageId + suffix);
    String decision = text(g, "decision");
    report.verdict(decision.isEmpty() ? "no decision recorded" : decision, "pass".equals(decision),
        text(g, "reason"));
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("action on failure", text(g, "action"));
    facts.put("feature extractor", text(g, "extractor"));
    JsonNode t = g.get("threshold");
    if (t != null && t.isObject()) {
      String kind = text(t, "kind");
      facts.put("threshold", "ratio".equals(kind) ? "FID at most " + fixed(t.get("value"), 2)
          + " x the real-vs-real floor (" + fixed(t.get("maxFid"), 2) + ")" : "FID at most " + fixed(t.get("maxFid"), 2));
    }
    JsonNode floor = g.get("floor");
    if (floor != null && floor.isObject()) {
      facts.put("real-vs-real floor (FID)", fixed(floor.get("fid"), 2));
    }
    report.keyValues(facts);
    JsonNode measured = g.get("measured");
    if (measured == null || !measured.isArray() || measured.isEmpty()) {
      report.note("The gate recorded no measurements.");
    } else {
      List<List<String>> overall = new ArrayList<>();
      for (JsonNode m : measured) {
        overall.add(List.of(text(m, "sourceStage"), integer(m.get("images")), fidCell(m), kidCell(m.get("kid")),
            yesNo(m.get("passed"), "pass", "fail"), m.path("dropped").asBoolean() ? "dropped"
                : String.join(", ", names(m.get("droppedClasses")))));
      }
      report.subsection("FID and KID, all classes");
      report.table(List.of("source stage", "images", "FID", "KID (mean ± s.e.)", "verdict", "dropped"), overall);
      for (JsonNode m : measured) {
        perClass(report, m);
      }
    }
    JsonNode protocol = g.get("protocol");
    if (protocol != null && protocol.isObject()) {
      Map<String, String> p = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = protocol.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        p.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
      report.note("Scores are comparable only when measured under the same protocol:");
      report.keyValues(p);
    }
  }

  private static void perClass(HtmlReport report, JsonNode m) {
    JsonNode pc = m.get("perClass");
    if (pc == null || !pc.isObject() || pc.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = pc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = e.getValue();
      rows.add(List.of(e.getKey(), integer(c.get("images")), fidCell(c), kidCell(c.get("kid")),
          fixed(c.get("floor"), 2), fixed(c.get("maxFid"), 2), yesNo(c.get("passed"), "pass", "fail")));
    }
    report.subsection("Per class: " + text(m, "sourceStage"));
    report.table(List.of("class", "images", "FID", "KID (mean ± s.e.)", "floor", "max FID", "verdict"), rows);
    String note = text(m, "note");
    if (!note.isEmpty()) {
      report.note(note);
    }
  }

  private static String fidCell(JsonNode m) {
    String fid = fixed(m.get("fid"), 2);
    JsonNode reliable = m.get("fidReliable");
    return reliable != null && !reliable.asBoolean(true) && !fid.equals("-") ? fid + " (unreliable)" : fid;
  }

  private static String kidCell(JsonNode kid) {
    if (kid == null || !kid.isObject() || !kid.has("mean")) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.4f ± %.4f", kid.get("mean").asDouble(), kid.path("stdError").asDouble());
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static String fixed(JsonNode v, int digits) {
    return v == null || v.isNull() || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v.asDouble());
  }

  private static String percent(JsonNode v) {
    return v == null || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v.asDouble());
  }

  private static String integer(JsonNode v) {
    return v == null || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%,d", v.asLong());
  }

  private static String yesNo(JsonNode v, String yes, String no) {
    return v == null || v.isNull() ? "-" : v.asBoolean() ? yes : no;
  }

  /**
   * A JSON artifact of stage {@code stageId}; one that cannot be read or parsed is the stage's
   * failure, reported with the reason and where in the file.
   */
  private static JsonNode readJson(Path file, String stageId) {
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? ""
          : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      int nl = reason.indexOf('\n');
      throw new StageException("stage '" + stageId + "' wrote a " + file.getFileName() + " that is not valid JSON"
          + where + ": " + (nl < 0 ? reason : reason.substring(0, nl)) + " (" + file + "); the report reads it,"
          + " so the plugin that provides the stage must write well-formed JSON", e);
    } catch (IOException e) {
      throw new StageException("stage '" + stageId + "' wrote a " + file.getFileName() + " that cannot be read: "
          + e.getMessage() + " (" + file + ")", e);
    }
  }

  private static String readText(Path file, String stageId) {
    return new String(readBytes(file, stageId), StandardCharsets.UTF_8);
  }

  /** An artifact of stage {@code stageId}; one that cannot be read is the stage's failure. */
  private static byte[] readBytes(Path file, String stageId) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StageException("stage '" + stageId + "' wrote a " + file.getFileName() + " that cannot be read: "
          + e.getMessage() + " (" + file + ")", e);
    }
  }
}
