package io.synthaug.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Origin;
import io.synthaug.api.SpecException;
import io.synthaug.core.plugin.StageTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks an experiment file and the pipeline spec it names. Every problem is a
 * {@link SpecException} with the file, the JSON path (such as {@code $.arms["real+gan"][0]}),
 * the line and the column; problems inside the pipeline spec name the pipeline file.
 */
public final class ExperimentReader {

  private final SpecReader pipelines;

  /** A reader whose pipelines find their stage types in {@code types}. */
  public ExperimentReader(StageTypes types) {
    this.pipelines = new SpecReader(types);
  }

  /** Reads the experiment file; relative paths in it resolve against its folder. */
  public BoundExperiment read(Path file) {
    String text = SpecDocument.readText(file, "experiment");
    return read(text, file, file.toAbsolutePath().normalize().getParent());
  }

  /**
   * Reads an experiment from text.
   *
   * @param text the JSON
   * @param file the file it came from, for messages (may be null)
   * @param baseDir the folder relative paths resolve against
   */
  public BoundExperiment read(String text, Path file, Path baseDir) {
    SpecDocument doc = SpecDocument.parse(text, file);
    JsonNode root = doc.root();
    SpecPath top = SpecPath.ROOT;
    if (root == null || !root.isObject()) {
      throw doc.error(top, "an experiment must be a JSON object with pipeline, test and arms");
    }
    if (root.has("stages") && !root.has("arms")) {
      throw doc.error(top, "this is a pipeline spec (it has 'stages'; an experiment file has 'pipeline', 'test' and"
          + " 'arms'): run it with 'runner run', or name it in an experiment file's 'pipeline'");
    }
    ExperimentSpec spec = doc.bind(root, top, ExperimentSpec.class);
    if (spec.version() != ExperimentSpec.CURRENT_VERSION) {
      throw doc.error(top.field("version"), "unsupported experiment version " + spec.version()
          + "; this runner reads version " + ExperimentSpec.CURRENT_VERSION);
    }
    if (spec.pipeline() == null || spec.pipeline().isBlank()) {
      throw doc.error(top.field("pipeline"), "missing required field 'pipeline' (the pipeline spec file, relative to"
          + " this file)");
    }
    if (spec.test() == null) {
      throw doc.error(top.field("test"), "missing required field 'test' (the held-out dataset the classifiers are"
          + " tested on, for example {\"format\": \"mnist\", \"split\": \"test\"})");
    }
    SpecReader.checkInput(doc, top.field("test"), spec.test());
    if (spec.output() != null && (spec.output().path() == null || spec.output().path().isBlank())) {
      throw doc.error(top.field("output").field("path"), "missing required field 'path' (the results folder)");
    }
    if (spec.output() != null && spec.output().idx()) {
      throw doc.error(top.field("output").field("idx"), "an experiment writes results (results.json, results.csv and"
          + " a report), no dataset: idx applies to a pipeline spec's output; remove it");
    }
    String seedProblem = BoundExperiment.seedProblem(spec.seeds());
    if (seedProblem != null) {
      throw doc.error(top.field("seeds"), seedProblem);
    }

    BoundPipeline pipeline = pipelines.read(baseDir.resolve(spec.pipeline()).normalize());
    List<String> stageIds = pipeline.stages().stream().map(BoundStage::id).toList();
    Map<String, List<String>> arms = checkArms(doc, spec, stageIds);
    checkRatios(doc, spec, stageIds, arms.keySet());
    if (!arms.containsKey(spec.baseline())) {
      boolean named = root.has("baseline");
      throw doc.error(top.field("baseline"), (named ? "unknown baseline arm '" + spec.baseline() + "'"
          : "no arm is named '" + ExperimentSpec.DEFAULT_BASELINE + "', the default baseline; name the baseline"
              + " arm with \"baseline\"") + "; the arms are: " + String.join(", ", arms.keySet()));
    }
    if (arms.size() < 2 && spec.ratios() == null) {
      throw doc.error(top.field("arms"), "an experiment compares arms with the baseline, but the only arm is the"
          + " baseline '" + spec.baseline() + "', so nothing would be compared; add an arm (or a \"ratios\" sweep),"
          + " for example {\"real+classic\": [\"classic\"], \"real+gan\": [\"cgan\"]}");
    }
    if (spec.resample() && pipeline.spec().input().perClass() == null) {
      throw doc.error(top.field("resample"), "resample draws each seed's own perClass real images from the"
          + " pipeline's input, but that input ($.input in " + pipeline.specName() + ") has no perClass, so every"
          + " seed would get all of it; give the pipeline's input a perClass, or remove resample");
    }
    return new BoundExperiment(file, baseDir, spec, pipeline, arms, spec.seeds(), doc);
  }

  private static Map<String, List<String>> checkArms(SpecDocument doc, ExperimentSpec spec, List<String> stageIds) {
    SpecPath at = SpecPath.ROOT.field("arms");
    if (spec.arms() == null || spec.arms().isEmpty()) {
      throw doc.error(at, "missing required field 'arms': name each arm and the stage ids whose images join the"
          + " real ones, for example {\"real\": [], \"real+classic\": [\"classic\"]}");
    }
    Map<String, List<String>> arms = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : spec.arms().entrySet()) {
      SpecPath armAt = at.key(e.getKey());
      if (e.getKey().isBlank()) {
        throw doc.error(armAt, "an arm needs a name");
      }
      if (e.getValue() == null) {
        throw doc.error(armAt, "an arm is a list of stage ids; use [] for real images only");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        String id = e.getValue().get(i);
        if (Origin.REAL.equals(id)) {
          throw doc.error(armAt.index(i), "real images are in every arm; list only the stages whose images join them");
        }
        if (id == null || !stageIds.contains(id)) {
          throw doc.error(armAt.index(i), "no stage with id '" + id + "' in the pipeline; its stage ids are: "
              + String.join(", ", stageIds));
        }
        if (!seen.add(id)) {
          throw doc.error(armAt.index(i), "stage '" + id + "' is listed twice in this arm");
        }
      }
      arms.put(e.getKey(), e.getValue());
    }
    return arms;
  }

  private static void checkRatios(SpecDocument doc, ExperimentSpec spec, List<String> stageIds, Set<String> armNames) {
    ExperimentSpec.RatioSweep sweep = spec.ratios();
    if (sweep == null) {
      return;
    }
    SpecPath at = SpecPath.ROOT.field("ratios");
    if (sweep.stage() == null || !stageIds.contains(sweep.stage())) {
      throw doc.error(at.field("stage"), (sweep.stage() == null ? "missing required field 'stage'"
          : "no stage with id '" + sweep.stage() + "' in the pipeline") + "; its stage ids are: "
          + String.join(", ", stageIds));
    }
    if (sweep.values() == null || sweep.values().isEmpty()) {
      throw doc.error(at.field("values"), "missing required field 'values': the ratios of that stage's images to real"
          + " images per class, for example [0, 0.5, 1, 2, 4, 8]");
    }
    List<Double> seen = new ArrayList<>();
    for (int i = 0; i < sweep.values().size(); i++) {
      Double r = sweep.values().get(i);
      if (r == null || !(r >= 0) || r > ExperimentSpec.MAX_RATIO) {
        throw doc.error(at.field("values").index(i), "a ratio must be a number from 0 to "
            + formatRatio(ExperimentSpec.MAX_RATIO) + " (synthetic images per real image of a class), got " + r);
      }
      // 0 and -0.0 are one ratio (and one sweep point name), though Double.equals tells them apart
      double ratio = r == 0 ? 0.0 : r;
      if (seen.contains(ratio)) {
        throw doc.error(at.field("values").index(i), "ratio " + formatRatio(ratio) + " is listed twice");
      }
      seen.add(ratio);
      String name = ratioArmName(sweep.stage(), r);
      if (armNames.contains(name)) {
        throw doc.error(at.field("values").index(i), "the sweep point is named '" + name
            + "', which is also an arm's name; rename that arm");
      }
    }
  }

  /** The name of a sweep point in the results, such as {@code gan x0.5}. */
  public static String ratioArmName(String stage, double ratio) {
    return stage + " x" + formatRatio(ratio);
  }

  /** A ratio without a needless {@code .0}. */
  public static String formatRatio(double ratio) {
    return ratio == Math.rint(ratio) && Math.abs(ratio) < 1e15 ? Long.toString((long) ratio) : Double.toString(ratio);
  }
}
