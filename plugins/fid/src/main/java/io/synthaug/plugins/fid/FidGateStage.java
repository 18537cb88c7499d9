package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.DatasetStage;
import io.synthaug.api.Image;
import io.synthaug.api.Progress;
import io.synthaug.api.QualityGateException;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageException;
import io.synthaug.api.features.ExtractorProtocol;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import io.synthaug.core.data.Lineage;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.metrics.ScoreProtocol;
import io.synthaug.core.spec.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measures each earlier stage's synthetic images against the real ones with FID and KID, overall
 * and per class, decides with {@link GateEvaluator}, writes {@code gate.json} and metrics, and
 * carries out the action. See the plugin's README for the threshold semantics.
 */
final class FidGateStage implements DatasetStage {

  /** Where the gate's reference split is described in the protocol. */
  static final String REFERENCE_SPLIT = "real half A of a seeded split (half B gives the floor)";

  /** The same, for an extractor that trained on the other real images. */
  static final String REFERENCE_SPLIT_HELD_OUT = "real half A of a seeded split of the real images the extractor"
      + " did not train on (half B gives the floor)";

  private static final long EXTRACTOR_KEY = 0;
  private static final long EVALUATOR_KEY = 1;
  private static final long SPLIT_KEY = 2;

  private final FidGateParams params;

  FidGateStage(FidGateParams params) {
    this.params = params;
  }

  @Override
  public Dataset apply(Dataset in, StageContext ctx) {
    Map<String, List<Sample>> sources = sources(in, ctx);
    Dataset allReal = in.real();
    if (allReal.size() == 0) {
      throw new StageException("the gate at stage index " + ctx.stageIndex() + " has no real images to compare the"
          + " synthetic ones with; the input dataset must enter the pipeline before the gate");
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<FeatureExtractorFactory<?>> available = (List) ctx.extensions().all(FeatureExtractorFactory.class);
    FeatureExtractorFactory<?> factory = Extractors.find(params.extractor(), available);
    // An extractor that learns trains on one share of the real images and the gate measures with
    // the other, so the reference, the floor and the synthetic images are all unseen by it.
    Dataset training = allReal;
    Dataset real = allReal;
    if (factory.trainsOnData()) {
      // checked against the input before the first stage ran; again here, on the real images that reached the gate
      String problem = heldOutProblem(allReal.countByClass(), params.trainShare(), factory.name());
      if (problem != null) {
        throw new StageException("parameter trainShare: " + problem);
      }
      Dataset[] parts = Subsets.split(allReal, params.trainShare(), Seeds.derive(ctx.seed(), SPLIT_KEY));
      training = parts[0];
      real = parts[1];
    } else if (params.trainShare() != FidGateParams.DEFAULT_TRAIN_SHARE) {
      // Only a value other than the default shows that trainShare was set on purpose.
      ctx.log().warn(String.format(Locale.ROOT, "trainShare %s is ignored: extractor '%s' does not learn from the"
          + " real images, so the gate measures with all %d of them", GateEvaluator.fmt(params.trainShare()),
          params.extractor(), allReal.size()));
    }

    GateOutcome outcome;
    ExtractorProtocol extractorProtocol;
    try (FeatureExtractor extractor = Extractors.open(factory, params.extractorParams(),
        new GateExtractorContext(ctx, training, Seeds.derive(ctx.seed(), EXTRACTOR_KEY)))) {
      extractorProtocol = extractor.protocol();
      List<SourceFeatures> features = new ArrayList<>();
      float[][] realFeatures;
      try (Progress.Task task = ctx.progress().start("fid features", in.size(), "img")) {
        realFeatures = features(extractor, real.samples(), "the real images", task);
        for (Map.Entry<String, List<Sample>> e : sources.entrySet()) {
          features.add(new SourceFeatures(e.getKey(), features(extractor, e.getValue(),
              "the images of stage '" + e.getKey() + "'", task), labels(e.getValue())));
        }
      }
      outcome = new GateEvaluator(params, in.classNames(), Seeds.derive(ctx.seed(), EVALUATOR_KEY))
          .evaluate(realFeatures, labels(real.samples()), features);
    }
    ScoreProtocol protocol = new ScoreProtocol(extractorProtocol.name(), extractorProtocol.weightsSha256(),
        extractorProtocol.inputHeight(), extractorProtocol.inputWidth(), extractorProtocol.resize(),
        outcome.sampleSize(), outcome.sampleSize(), factory.trainsOnData() ? REFERENCE_SPLIT_HELD_OUT : REFERENCE_SPLIT,
        ctx.seed());
    GateReport report = new GateReport(ctx.stageId(), extractorProtocol.name(), params.action(),
        decision(outcome), reason(outcome, real.size(), allReal.size() - real.size()), params, outcome,
        in.classNames(), protocol);
    report.write(ctx.artifactDir());
    record(outcome, in.classNames(), ctx);
    explain(outcome, in.classNames(), ctx);
    if (params.action() == GateAction.FAIL && !outcome.allPassed()) {
      throw failure(outcome, in.classNames());
    }
    return drop(in, outcome, ctx);
  }

  /**
   * Why an extractor that learns leaves too few real images to measure with, or null when it
   * leaves enough: it trains on {@code round(n x trainShare)} of each class's {@code n} real
   * images (as {@link Subsets#split} takes them), and the gate needs
   * {@link GateEvaluator#MIN_REAL_IMAGES} of the others for two halves of 2.
   *
   * @param counts real images of each class, by label
   */
  static String heldOutProblem(int[] counts, double trainShare, String extractor) {
    int all = 0;
    int heldOut = 0;
    for (int n : counts) {
      all += n;
      heldOut += n - (int) Math.round(n * trainShare);
    }
    if (heldOut >= GateEvaluator.MIN_REAL_IMAGES) {
      return null;
    }
    return String.format(Locale.ROOT, "%s of each class's real images (rounded) train the %s extractor, %d of the"
        + " %d, which leaves %d for the gate to measure with; FID and KID need at least %d (two halves of 2 images);"
        + " lower trainShare (a class of n images keeps n - round(n x trainShare)), give the classes more real images,"
        + " or use an extractor that does not learn from them (onnx)", GateEvaluator.fmt(trainShare), extractor,
        all - heldOut, all, heldOut, GateEvaluator.MIN_REAL_IMAGES);
  }

  /** The synthetic images by the stage that made them, in order of first appearance. */
  private Map<String, List<Sample>> sources(Dataset in, StageContext ctx) {
    Map<String, List<Sample>> all = new LinkedHashMap<>();
    for (Sample s : in.samples()) {
      if (!s.origin().isReal()) {
        all.computeIfAbsent(s.origin().stage(), k -> new ArrayList<>()).add(s);
      }
    }
    if (all.isEmpty()) {
      throw new StageException("the gate at stage index " + ctx.stageIndex() + " has no synthetic images to measure:"
          + " every image entering it is real; place the fid-gate after a stage that makes images (gan, classic),"
          + " that is at an index above that stage's");
    }
    if (params.stages().isEmpty()) {
      return all;
    }
    for (String id : params.stages()) {
      if (!all.containsKey(id)) {
        throw new StageException("stages lists '" + id + "', but no image entering the gate at stage index "
            + ctx.stageIndex() + " was made by a stage of that id; stages that made images: " + all.keySet()
            + " (a gate measures only stages placed before it)");
      }
    }
    Map<String, List<Sample>> chosen = new LinkedHashMap<>();
    all.forEach((id, samples) -> {
      if (params.stages().contains(id)) {
        chosen.put(id, samples);
      }
    });
    return chosen;
  }

  private static float[][] features(FeatureExtractor extractor, List<Sample> samples, String what,
      Progress.Task task) {
    List<Image> images = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      images.add(s.image());
    }
    float[][] out = extractor.features(images);
    if (out == null || out.length != images.size()) {
      throw new StageException("the feature extractor returned " + (out == null ? "nothing" : out.length + " rows")
          + " for " + images.size() + " images (" + what + ")");
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null || out[i].length != extractor.featureDim()) {
        throw new StageException("the feature extractor returned " + (out[i] == null ? "no" : out[i].length)
            + " features for image " + i + " of " + what + ", but declares " + extractor.featureDim());
      }
    }
    task.advance(images.size());
    return out;
  }

  private static int[] labels(List<Sample> samples) {
    int[] out = new int[samples.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = samples.get(i).label();
    }
    return out;
  }

  private String decision(GateOutcome outcome) {
    return switch (params.action()) {
      case FAIL -> outcome.allPassed() ? "pass" : "fail";
      case DROP -> outcome.verdicts().stream().anyMatch(SourceVerdict::dropped) ? "dropped" : "pass";
      case DROP_CLASS -> outcome.verdicts().stream().anyMatch(v -> !v.droppedClasses().isEmpty())
          ? "dropped-classes" : "pass";
    };
  }

  private String reason(GateOutcome outcome, int realImages, int extractorImages) {
    String sources = outcome.verdicts().stream().map(SourceVerdict::stageId).collect(Collectors.joining(", "));
    String threshold = params.maxRatio() != null
        ? "at most " + GateEvaluator.fmt(params.maxRatio()) + " x the FID between two halves of the real images"
        : "at most FID " + GateEvaluator.fmt(params.maxFid());
    long failed = outcome.verdicts().stream().filter(v -> !v.passed()).count();
    String features = extractorImages == 0 ? params.extractor() + " features"
        : params.extractor() + " features (learned from " + extractorImages + " other real images)";
    return String.format(Locale.ROOT, "The images of %s were each compared with %d of the %d real images (%d images a"
        + " set overall; each class is measured at its own, smaller size) by FID and KID on %s, allowing %s; %d of %d"
        + " sources failed.", sources, outcome.sampleSize(), realImages, outcome.sampleSize(), features, threshold, failed,
        outcome.verdicts().size());
  }

  private static void record(GateOutcome outcome, List<String> classNames, StageContext ctx) {
    for (SourceVerdict v : outcome.verdicts()) {
      ctx.metric("fid." + v.stageId(), v.overall().fid().value());
      ctx.metric("kid." + v.stageId(), v.overall().kid().mean());
      v.perClass().forEach((c, s) -> {
        if (s.measured()) {
          ctx.metric("fid." + v.stageId() + "." + classNames.get(c), s.fid().value());
        }
      });
    }
    ctx.metric("gate.passed", outcome.allPassed() ? 1 : 0);
  }

  private void explain(GateOutcome outcome, List<String> classNames, StageContext ctx) {
    for (SourceVerdict v : outcome.verdicts()) {
      // Only measured classes fail on their own; an unmeasured class takes the overall verdict.
      List<String> failing = new ArrayList<>();
      List<String> inherited = new ArrayList<>();
      v.perClass().forEach((c, s) -> {
        if (!s.passed()) {
          (s.measured() ? failing : inherited).add(classNames.get(c));
        }
      });
      // what the overall score did, not only what the rule is: a source may fail on one class alone
      String overall = (v.overall().passed() ? "it passes" : "it fails");
      String basis = params.action() == GateAction.DROP_CLASS
          ? "on its classes (overall, reported only, " + overall + ": " + v.overall().why() + ")"
          : "(overall and every class must pass): overall " + overall + " (" + v.overall().why() + ")";
      String consequence = v.dropped() ? "; all its images are dropped"
          : !v.droppedClasses().isEmpty() ? "; the failing classes are dropped" : "";
      ctx.log().info(String.format(Locale.ROOT, "source '%s' (%d images) %s %s; classes failing on their own: %s%s%s",
          v.stageId(), v.overall().images(), v.passed() ? "passes" : "fails", basis,
          failing.isEmpty() ? "none" : String.join(", ", failing),
          inherited.isEmpty() ? "" : "; too small to measure, failing with the overall score: "
              + String.join(", ", inherited), consequence));
      for (int c : v.droppedClasses()) {
        Score s = v.perClass().get(c);
        ctx.log().info(String.format(Locale.ROOT, "dropped class '%s' of source '%s' (%d images): %s",
            classNames.get(c), v.stageId(), s.images(), s.why()));
      }
      v.perClass().forEach((c, s) -> {
        if (!s.measured()) {
          ctx.log().warn(String.format(Locale.ROOT, "class '%s' of source '%s' %s", classNames.get(c), v.stageId(),
              s.why()));
        }
      });
    }
    ctx.log().info("gate decision: " + decision(outcome) + " (action " + Json.enumName(params.action()) + ")");
  }

  private QualityGateException failure(GateOutcome outcome, List<String> classNames) {
    List<String> failed = outcome.verdicts().stream().filter(v -> !v.passed()).map(SourceVerdict::stageId).toList();
    SourceVerdict v = outcome.verdicts().stream().filter(x -> !x.passed()).findFirst().orElseThrow();
    // Name the overall score when it failed, otherwise the first class that failed on its own.
    Score s = v.overall();
    String where = v.stageId();
    if (s.passed()) {
      for (Map.Entry<Integer, Score> e : v.perClass().entrySet()) {
        if (!e.getValue().passed() && e.getValue().measured()) {
          s = e.getValue();
          where = v.stageId() + "." + classNames.get(e.getKey());
          break;
        }
      }
    }
    boolean onKid = s.decidedOnKid();
    return new QualityGateException((onKid ? "kid." : "fid.") + where, onKid ? s.kid().mean() : s.fid().value(),
        onKid ? s.maxKid() : s.maxFid(), s.why() + "; sources failing: " + String.join(", ", failed) + "; the run"
        + " stops and writes"
        + " nothing (action fail); use action drop or drop-class to go on without them, or improve the generator"
        + " (a run with action drop keeps artifacts/<gate>/gate.json with every figure)");
  }

  private static Dataset drop(Dataset in, GateOutcome outcome, StageContext ctx) {
    Set<String> droppedSources = new HashSet<>();
    Map<String, Set<Integer>> droppedClasses = new HashMap<>();
    for (SourceVerdict v : outcome.verdicts()) {
      if (v.dropped()) {
        droppedSources.add(v.stageId());
      } else if (!v.droppedClasses().isEmpty()) {
        droppedClasses.put(v.stageId(), Set.copyOf(v.droppedClasses()));
      }
    }
    if (droppedSources.isEmpty() && droppedClasses.isEmpty()) {
      return in;
    }
    // A copy a later stage made of a dropped image goes with it, and so does a copy of that copy:
    // a copy's origin is the copying stage, its parent attributes lead back through the chain.
    Lineage lineage = Lineage.of(in);
    Map<String, Integer> derived = new LinkedHashMap<>();
    Dataset out = in.filter(s -> {
      if (s.origin().isReal()) {
        return true;
      }
      if (dropped(s.origin().stage(), s.label(), droppedSources, droppedClasses)) {
        return false;
      }
      for (String parent : lineage.parentStages(s.origin())) {
        if (dropped(parent, s.label(), droppedSources, droppedClasses)) {
          derived.merge(parent, 1, Integer::sum);
          return false;
        }
      }
      return true;
    });
    derived.forEach((parent, n) -> ctx.log().info(String.format(Locale.ROOT,
        "dropped %d derived copies of images of source '%s' (made by later stages from its dropped images)",
        n, parent)));
    return out;
  }

  /** Whether the gate drops the images of class {@code label} made by {@code stage}. */
  private static boolean dropped(String stage, int label, Set<String> droppedSources,
      Map<String, Set<Integer>> droppedClasses) {
    return droppedSources.contains(stage) || droppedClasses.getOrDefault(stage, Set.of()).contains(label);
  }
}
