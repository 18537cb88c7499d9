package io.synthaug.plugins.fid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.StageException;
import io.synthaug.core.metrics.FidResult;
import io.synthaug.core.metrics.KidResult;
import io.synthaug.core.metrics.ScoreProtocol;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The gate's artifact {@code gate.json}, the contract with the run report: field names are fixed
 * (see the plugin's README), absent figures are JSON {@code null}, and maps are written in label
 * or source order so the same run gives the same bytes.
 *
 * @param stage the gate's stage id
 * @param extractor the extractor's name
 * @param action the action
 * @param decision {@code pass}, {@code fail}, {@code dropped} or {@code dropped-classes}
 * @param reason one sentence: what was measured against what
 * @param params the gate's parameters (for the threshold)
 * @param outcome the measurements and verdicts
 * @param classNames the dataset's class names, by label
 * @param protocol how the scores were measured
 */
record GateReport(String stage, String extractor, GateAction action, String decision, String reason,
    FidGateParams params, GateOutcome outcome, List<String> classNames, ScoreProtocol protocol) {

  /** The file name inside the gate's artifact folder. */
  static final String FILE = "gate.json";

  /** The report as a JSON tree. */
  ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("stage", stage);
    root.put("extractor", extractor);
    root.put("action", Json.enumName(action));
    root.put("decision", decision);
    root.put("reason", reason);
    ObjectNode threshold = root.putObject("threshold");
    boolean ratio = params.maxRatio() != null;
    threshold.put("kind", ratio ? "ratio" : "absolute");
    threshold.put("value", ratio ? params.maxRatio() : params.maxFid());
    threshold.put("maxFid", ratio ? params.maxRatio() * outcome.floor().value() : params.maxFid());
    if (ratio) {
      ObjectNode floor = root.putObject("floor");
      floor.put("fid", outcome.floor().value());
      ObjectNode perClass = floor.putObject("perClass");
      for (Map.Entry<Integer, FidResult> e : outcome.classFloors().entrySet()) {
        perClass.put(classNames.get(e.getKey()), e.getValue() == null ? null : e.getValue().value());
      }
    } else {
      root.putNull("floor");
    }
    ArrayNode measured = root.putArray("measured");
    for (SourceVerdict v : outcome.verdicts()) {
      ObjectNode m = measured.addObject();
      m.put("sourceStage", v.stageId());
      Score whole = v.overall();
      m.put("images", whole.images());
      m.put("fid", whole.fid().value());
      m.put("fidReliable", whole.fid().reliable());
      m.put("note", whole.fid().reliable() ? "" : whole.fid().note() + "; " + whole.why());
      kid(m, whole.kid());
      ObjectNode perClass = m.putObject("perClass");
      for (Map.Entry<Integer, Score> e : v.perClass().entrySet()) {
        Score s = e.getValue();
        ObjectNode c = perClass.putObject(classNames.get(e.getKey()));
        c.put("images", s.images());
        c.put("fid", s.measured() ? s.fid().value() : null);
        c.put("fidReliable", s.measured() && s.fid().reliable());
        kid(c, s.kid());
        c.put("floor", s.measured() && ratio ? s.floorFid().value() : null);
        c.put("maxFid", s.maxFid());
        c.put("sampleSize", s.sampleSize());
        if (s.decidedOnKid()) {
          // The verdict came from KID: its limit, the real-vs-real KID it scales, and the clause.
          c.put("maxKid", s.maxKid());
          c.put("kidFloor", Math.max(s.floorKid().mean(), s.floorKid().std()));
          c.put("why", s.why());
        }
        c.put("passed", s.passed());
      }
      m.put("passed", v.passed());
      ArrayNode dropped = m.putArray("droppedClasses");
      v.droppedClasses().forEach(c -> dropped.add(classNames.get(c)));
      m.put("dropped", v.dropped());
    }
    root.set("protocol", Json.mapper().valueToTree(protocol));
    return root;
  }

  private static void kid(ObjectNode into, KidResult kid) {
    if (kid == null) {
      into.putNull("kid");
    } else {
      into.putObject("kid").put("mean", kid.mean()).put("stdError", kid.stdError());
    }
  }

  /** Writes {@link #toJson()} to {@code dir/gate.json}. */
  Path write(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      Files.writeString(file, Json.mapper().writeValueAsString(toJson()) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StageException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
