package io.synthaug.plugins.fid;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of the {@code fid-gate} stage. Exactly one of {@code maxFid} and {@code maxRatio}
 * sets the threshold.
 *
 * <p>Example: {@code {"maxRatio": 2.0, "action": "drop-class"}}: every class of every synthetic
 * source must score at most twice the FID between two halves of the real images of that class,
 * at the same number of images; classes that do not are removed.
 *
 * @param extractor the feature extractor's name
 * @param extractorParams the extractor's parameters, bound to its own record
 * @param stages ids of the source stages to measure; empty for all
 * @param maxFid the absolute FID threshold, or null
 * @param maxRatio the threshold as a multiple of the real-vs-real floor, or null
 * @param action what happens to a failing source
 * @param fallback what happens when FID is unreliable at the available sample size
 * @param kidRatio the KID threshold as a multiple of the real-vs-real KID floor, for decisions
 *     that fall back to KID
 * @param kidSubsets random subsets KID averages over
 * @param trainShare the share of each class's real images a learning extractor trains on, held
 *     out of the measurements
 */
public record FidGateParams(
    @Param(value = "Feature extractor: classifier (a CNN trained on a share of the real images), onnx (a model you give),"
        + " or one a plugin adds", defaultValue = "\"classifier\"") String extractor,
    @Param(value = "The extractor's parameters; classifier: featureDim, epochs; onnx: path, output, input, height,"
        + " width, channels, mean, std, scale, resize", defaultValue = "{}") Map<String, Object> extractorParams,
    @Param(value = "Ids of the earlier stages whose images are measured; empty measures every stage that made images",
        defaultValue = "[]") List<String> stages,
    @Param("Largest FID a source (and each of its classes) may score; give this or maxRatio") Double maxFid,
    @Param("Largest FID as a multiple of the real-vs-real floor (FID between two halves of the real images at the"
        + " same sample size), overall and per class; give this or maxFid") Double maxRatio,
    @Param(value = "What happens to a source that fails: fail (stop, exit code 6, nothing written), drop (remove its"
        + " images) or drop-class (remove the failing classes' images)", defaultValue = "\"fail\"") GateAction action,
    @Param(value = "When a set has too few images for a reliable FID (2 per feature): kid (decide on KID against the"
        + " real-vs-real KID floor) or error", defaultValue = "\"kid\"") Fallback fallback,
    @Param("Largest KID as a multiple of the real-vs-real KID floor, for decisions taken on KID (default: maxRatio,"
        + " or 2 with maxFid)") Double kidRatio,
    @Param(value = "Random subsets KID averages over (at least 2)", defaultValue = "50") Integer kidSubsets,
    @Param(value = "Share of each class's real images an extractor that learns (classifier) trains on; the gate"
        + " measures with the rest only, since images the extractor saw sit closer together", defaultValue = "0.5")
        Double trainShare) {

  /** The KID ratio used with an absolute FID threshold when none is given. */
  public static final double DEFAULT_KID_RATIO = 2.0;

  /** The share of the real images a learning extractor trains on when none is given. */
  public static final double DEFAULT_TRAIN_SHARE = 0.5;

  /** Fills defaults and checks every value. */
  public FidGateParams {
    extractor = Checks.orDefault(extractor, "classifier");
    if (!extractor.matches("[a-z][a-z0-9-]*")) {
      throw new ParamException("extractor", "must be a name of lower case letters, digits and dashes, got '"
          + extractor + "'");
    }
    extractorParams = extractorParams == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extractorParams));
    stages = stageIds(Checks.orDefault(stages, List.of()));
    if (maxFid != null && maxRatio != null) {
      throw new ParamException("maxRatio", "give either maxFid (an absolute FID) or maxRatio (a multiple of the"
          + " real-vs-real floor), not both; got maxFid " + maxFid + " and maxRatio " + maxRatio);
    }
    if (maxFid == null && maxRatio == null) {
      throw new ParamException("maxRatio", "the gate needs a threshold: give maxRatio (for example 2.0: at most twice"
          + " the FID between two halves of the real images) or maxFid (an absolute FID)");
    }
    if (maxFid != null) {
      Checks.positive("maxFid", maxFid);
    }
    if (maxRatio != null) {
      Checks.positive("maxRatio", maxRatio);
    }
    action = Checks.orDefault(action, GateAction.FAIL);
    fallback = Checks.orDefault(fallback, Fallback.KID);
    if (kidRatio != null) {
      Checks.positive("kidRatio", kidRatio);
    }
    // KID's standard error, and with it every decision on KID, needs at least two subsets.
    kidSubsets = Checks.range("kidSubsets", Checks.orDefault(kidSubsets, 50), 2, 10_000);
    trainShare = Checks.orDefault(trainShare, DEFAULT_TRAIN_SHARE);
    if (!(trainShare > 0 && trainShare < 1)) {
      throw new ParamException("trainShare", "must be between 0 and 1 (exclusive), got " + trainShare);
    }
  }

  /** The KID ratio decisions on KID use. */
  public double effectiveKidRatio() {
    if (kidRatio != null) {
      return kidRatio;
    }
    return maxRatio != null ? maxRatio : DEFAULT_KID_RATIO;
  }

  private static List<String> stageIds(List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id == null || id.isBlank()) {
        throw new ParamException("stages", "stage ids must not be blank, got "
            + (id == null ? "null" : "\"" + id + "\"") + " at index " + i);
      }
      if (!seen.add(id)) {
        throw new ParamException("stages", "lists stage '" + id + "' twice");
      }
    }
    return List.copyOf(ids);
  }
}
