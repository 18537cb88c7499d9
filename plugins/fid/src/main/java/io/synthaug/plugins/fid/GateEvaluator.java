package io.synthaug.plugins.fid;

import io.synthaug.api.Seeds;
import io.synthaug.api.StageException;
import io.synthaug.core.metrics.Fid;
import io.synthaug.core.metrics.FidResult;
import io.synthaug.core.metrics.Kid;
import io.synthaug.core.metrics.KidResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Measures synthetic sources against the real images and decides, on features alone (no images,
 * no extractor), so the rules can be tested with features whose FID is known.
 *
 * <h2>Sample sizes and the floor</h2>
 * FID falls as images are added, so a score means something only next to a reference taken at
 * the same size. The real images are split in two halves with a seeded shuffle; every source is
 * measured at one common size {@code m}: the smallest source's image count, capped by half the
 * real images. The score is FID(real half A, {@code m} seeded synthetic images) and the floor is
 * FID(real half A, real half B), both at {@code m} images a set: what images from the real
 * distribution itself score at that size. Classes are split and sized the same way on their own
 * images ({@code m_c}: the fewest images of that class in any measured source that has some,
 * capped by half the class's real images, which are the held-out ones when the extractor
 * learns). A class with fewer than 2 images a set cannot be measured, and neither can one whose
 * verdict would be taken on KID (FID unreliable, fallback {@code kid}) at fewer than
 * {@link #MIN_KID_IMAGES}; such a class follows its source's overall verdict. The same floors
 * apply to {@code m}, where a set too small is an error.
 *
 * <h2>Verdicts</h2>
 * A set passes when its FID is at most {@code maxFid}, or {@code maxRatio} times the floor. When
 * {@code m} is below {@link Fid#MIN_IMAGES_PER_FEATURE} images per feature the FID is unreliable:
 * with fallback {@code kid} the set passes when its KID is at most {@code kidRatio} times the
 * real-vs-real KID at the same size, where that floor is never taken below its own spread over
 * subsets (a floor of about 0 would otherwise fail every candidate); with fallback {@code error}
 * the gate stops and says how many images are needed. KID's subsets have half a set's images
 * (at least 2), so at 2 images a set every subset is the whole set: one estimate, no spread, a
 * verdict near chance. KID decides only from {@link #MIN_KID_IMAGES} images a set.
 *
 * <h2>KID's feature scale</h2>
 * KID's kernel {@code (x . y / dim + 1)^3} assumes features of order 1 (as Inception's pooled
 * features are). A classifier's penultimate ReLU features can be tens of times larger; the
 * kernel then reduces to its cubic term, which compares third moments only and is dominated by a
 * few large rows. So KID (never FID) is computed on features divided by one number: the root mean
 * square of the real images' features. One global factor keeps the features' geometry, and FID,
 * which does not see it, keeps its standard meaning.
 *
 * <h2>Which verdict counts</h2>
 * With actions {@code fail} and {@code drop}
 * a source passes when it passes overall and in every class; with {@code drop-class} the classes
 * decide and the overall score is reported.
 */
final class GateEvaluator {

  private static final long HALVES_KEY = 1;
  private static final long CANDIDATE_KEY = 2;
  private static final long KID_KEY = 3;
  /** The fewest images a set on which KID decides: below, its subsets cannot differ. */
  static final int MIN_KID_IMAGES = 3;
  /** The fewest real images to measure with: two halves of 2 images. */
  static final int MIN_REAL_IMAGES = 4;

  private final FidGateParams params;
  private final List<String> classNames;
  private final long seed;
  /** Divides features before KID; set from the real features in {@link #evaluate}. */
  private double kidScale = 1;

  GateEvaluator(FidGateParams params, List<String> classNames, long seed) {
    this.params = params;
    this.classNames = List.copyOf(classNames);
    this.seed = seed;
  }

  /**
   * Measures every source and decides.
   *
   * @param real the real images' features
   * @param realLabels their classes
   * @param sources the synthetic sources, each with at least one image
   * @throws StageException when the sets are too small to measure, or FID is unreliable and the
   *     fallback is {@code error}
   */
  GateOutcome evaluate(float[][] real, int[] realLabels, List<SourceFeatures> sources) {
    int dim = real.length == 0 ? 0 : real[0].length;
    int half = real.length / 2;
    SourceFeatures smallest = sources.get(0);
    for (SourceFeatures s : sources) {
      if (s.features().length < smallest.features().length) {
        smallest = s;
      }
    }
    int m = Math.min(half, smallest.features().length);
    if (m < 2) {
      throw new StageException(String.format(Locale.ROOT, "too few images to measure: %d real images and %d from"
          + " source stage '%s'; FID and KID need at least 2 images a set, so at least 4 real images (two halves) and"
          + " 2 synthetic ones", real.length, smallest.features().length, smallest.stageId()));
    }
    if (m < MIN_KID_IMAGES && decidesOnKid(m, dim)) {
      throw new StageException(String.format(Locale.ROOT, "too few images to measure: %d real images and %d from"
          + " source stage '%s' give %d images a set, where FID is unreliable (it needs %d x %d = %d) and KID, which"
          + " would decide instead, needs at least %d (at 2 every KID subset is the whole set: one estimate, no"
          + " spread); so at least %d real images (two halves) and %d synthetic ones", real.length,
          smallest.features().length, smallest.stageId(), m, Fid.MIN_IMAGES_PER_FEATURE, dim,
          Fid.MIN_IMAGES_PER_FEATURE * dim, MIN_KID_IMAGES, 2 * MIN_KID_IMAGES, MIN_KID_IMAGES));
    }
    kidScale = rootMeanSquare(real);
    int[] realOrder = shuffled(range(real.length), Seeds.derive(seed, HALVES_KEY));
    float[][] refA = rows(real, realOrder, 0, m);
    Reference overall = reference(refA, rows(real, realOrder, half, m), 0);

    int classes = classNames.size();
    int[] classSizes = new int[classes];
    Map<Integer, Reference> classRefs = new TreeMap<>();
    Map<Integer, FidResult> classFloors = new TreeMap<>();
    Map<Integer, String> classTooSmall = new TreeMap<>();
    for (int c = 0; c < classes; c++) {
      int fewest = Integer.MAX_VALUE;
      for (SourceFeatures s : sources) {
        int n = count(s.labels(), c);
        if (n > 0) {
          fewest = Math.min(fewest, n);
        }
      }
      if (fewest == Integer.MAX_VALUE) {
        continue;
      }
      int[] own = shuffled(indicesOf(realLabels, c), Seeds.derive(seed, HALVES_KEY, c + 1));
      int classHalf = own.length / 2;
      int mc = Math.min(classHalf, fewest);
      String tooSmall = tooSmall(mc, fewest, own.length, dim);
      if (tooSmall != null) {
        classFloors.put(c, null);
        classTooSmall.put(c, tooSmall);
        continue;
      }
      classSizes[c] = mc;
      Reference ref = reference(rows(real, own, 0, mc), rows(real, own, classHalf, mc), c + 1);
      classRefs.put(c, ref);
      classFloors.put(c, ref.fid());
    }

    List<SourceVerdict> verdicts = new ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      SourceFeatures s = sources.get(k);
      String what = "source stage '" + s.stageId() + "'";
      float[][] candidate = rows(s.features(), shuffled(range(s.features().length),
          Seeds.derive(seed, CANDIDATE_KEY, k)), 0, m);
      Score whole = score(what, s.features().length, overall, candidate, Seeds.derive(seed, KID_KEY, k + 1, 0), dim);
      Map<Integer, Score> perClass = new LinkedHashMap<>();
      for (int c = 0; c < classes; c++) {
        int[] own = indicesOf(s.labels(), c);
        if (own.length == 0) {
          continue;
        }
        Reference ref = classRefs.get(c);
        if (ref == null) {
          perClass.put(c, unmeasured(own.length, classTooSmall.get(c), whole.passed()));
          continue;
        }
        int mc = classSizes[c];
        float[][] cand = rows(s.features(), shuffled(own, Seeds.derive(seed, CANDIDATE_KEY, k, c + 1)), 0, mc);
        perClass.put(c, score("class '" + classNames.get(c) + "' of " + what, own.length, ref, cand,
            Seeds.derive(seed, KID_KEY, k + 1, c + 1), dim));
      }
      verdicts.add(verdict(s.stageId(), whole, perClass));
    }
    return new GateOutcome(m, classSizes, overall.fid(), classFloors, verdicts);
  }

  private SourceVerdict verdict(String stageId, Score whole, Map<Integer, Score> perClass) {
    List<Integer> failing = new ArrayList<>();
    perClass.forEach((c, score) -> {
      if (!score.passed()) {
        failing.add(c);
      }
    });
    if (params.action() == GateAction.DROP_CLASS) {
      return new SourceVerdict(stageId, whole, perClass, failing.isEmpty(), List.copyOf(failing),
          !perClass.isEmpty() && failing.size() == perClass.size());
    }
    boolean passed = whole.passed() && failing.isEmpty();
    return new SourceVerdict(stageId, whole, perClass, passed, List.of(),
        params.action() == GateAction.DROP && !passed);
  }

  /** Real half A and the floor measured against real half B; {@code name} says which real images. */
  private record Reference(float[][] halfA, FidResult fid, KidResult kid, String name) {
  }

  private Reference reference(float[][] halfA, float[][] halfB, int classKey) {
    String name = classKey == 0 ? "the real images" : "class '" + classNames.get(classKey - 1) + "'";
    if (constant(halfA, halfB)) {
      throw noSpread(name, classKey == 0, halfA.length + halfB.length);
    }
    return new Reference(halfA, Fid.compute(halfA, halfB),
        kid(halfA, halfB, Seeds.derive(seed, KID_KEY, 0, classKey)), name);
  }

  private KidResult kid(float[][] a, float[][] b, long kidSeed) {
    // Half-size subsets, so that the subsets differ and their spread measures the noise.
    return Kid.compute(scaled(a), scaled(b), params.kidSubsets(), Math.max(2, a.length / 2), kidSeed);
  }

  private float[][] scaled(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new float[rows[i].length];
      for (int c = 0; c < out[i].length; c++) {
        out[i][c] = (float) (rows[i][c] / kidScale);
      }
    }
    return out;
  }

  /** Whether every row of {@code a} and {@code b} is the same vector. */
  static boolean constant(float[][] a, float[][] b) {
    float[] first = a.length > 0 ? a[0] : b.length > 0 ? b[0] : null;
    for (float[][] rows : List.of(a, b)) {
      for (float[] row : rows) {
        if (!Arrays.equals(row, first)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The error for real features with no spread: the real-vs-real floor is then 0, so a threshold
   * taken from it (or KID's, never below that spread) would fail every source. That is the
   * extractor's fault, or the data's, not the synthetic images', and is said so, not as a gate
   * failure on a threshold of 0.
   *
   * @param which "the real images" or "class 'c'"
   * @param all whether the reference is all real images (else one class's)
   */
  private StageException noSpread(String which, boolean all, int images) {
    return new StageException(String.format(Locale.ROOT, "the feature extractor '%s' gives no spread for %s: its"
        + " features of the %d real images the gate measures %s with are all the same (an extractor that has not"
        + " learnt to tell them apart, or identical images), so the real-vs-real floor is 0 and no threshold can be"
        + " set from it; train the extractor longer (classifier: extractorParams.epochs) or on more real images, or"
        + " check that your extractor's output depends on the image", params.extractor(), which, images,
        all ? "them" : "that class"));
  }

  /** The root mean square of all values, or 1 when they are all 0. */
  static double rootMeanSquare(float[][] rows) {
    double sum = 0;
    long count = 0;
    for (float[] row : rows) {
      for (float v : row) {
        sum += (double) v * v;
      }
      count += row.length;
    }
    return sum > 0 ? Math.sqrt(sum / count) : 1;
  }

  private Score score(String what, int images, Reference ref, float[][] candidate, long kidSeed, int dim) {
    int m = candidate.length;
    FidResult fid = Fid.compute(ref.halfA(), candidate);
    KidResult kid = kid(ref.halfA(), candidate, kidSeed);
    double maxFid = params.maxFid() != null ? params.maxFid() : params.maxRatio() * ref.fid().value();
    String limit = params.maxFid() != null ? "the absolute maximum"
        : fmt(params.maxRatio()) + " x the real-vs-real FID " + fmt(ref.fid().value());
    if (fid.reliable()) {
      boolean passed = fid.value() <= maxFid;
      return new Score(images, m, fid, kid, ref.fid(), ref.kid(), maxFid, null, passed,
          String.format(Locale.ROOT, "FID %s %s %s (%s) at %d images a set", fmt(fid.value()), passed ? "<=" : ">",
              fmt(maxFid), limit, m));
    }
    if (params.fallback() == Fallback.ERROR) {
      int need = Fid.MIN_IMAGES_PER_FEATURE * dim;
      throw new StageException(String.format(Locale.ROOT, "%s is measured at %d images a set, too few for a reliable"
          + " FID with the extractor's %d features: it needs at least %d x %d = %d images in each set (the %s"
          + " gets the smaller of its own image count and half the real images); add images, use an extractor with"
          + " fewer features (classifier: featureDim), or set fallback to \"kid\" to decide on KID",
          what, m, dim, Fid.MIN_IMAGES_PER_FEATURE, dim, need, what));
    }
    double floorScale = Math.max(ref.kid().mean(), ref.kid().std());
    if (!(floorScale > 0)) {
      // features that vary, but whose KID subsets all agree on a floor of at most 0: no scale to decide with
      throw new StageException(String.format(Locale.ROOT, "the real-vs-real KID of %s has no spread over its %d"
          + " subsets (floor %s, spread %s), so no KID threshold can be set from it; give the gate more real images,"
          + " or train the feature extractor longer (classifier: extractorParams.epochs)", ref.name(),
          params.kidSubsets(), fmt(ref.kid().mean()), fmt(ref.kid().std())));
    }
    double maxKid = params.effectiveKidRatio() * floorScale;
    boolean passed = kid.mean() <= maxKid;
    return new Score(images, m, fid, kid, ref.fid(), ref.kid(), maxFid, maxKid, passed,
        String.format(Locale.ROOT, "FID unreliable at %d images a set for %d features, decided on KID: %s %s %s"
            + " (%s x the real-vs-real KID %s)", m, dim, fmt(kid.mean()), passed ? "<=" : ">", fmt(maxKid),
            fmt(params.effectiveKidRatio()), fmt(floorScale)));
  }

  /** Whether a set of {@code m} images is decided on KID: FID is unreliable and the fallback is KID. */
  private boolean decidesOnKid(int m, int dim) {
    return m < Fid.MIN_IMAGES_PER_FEATURE * dim && params.fallback() == Fallback.KID;
  }

  /**
   * Why a class measured at {@code mc} images a set cannot be measured, or null when it can.
   *
   * @param fewest the fewest images of the class in a measured source that has some
   * @param realImages the class's real images (the held-out ones when the extractor learns)
   */
  private String tooSmall(int mc, int fewest, int realImages, int dim) {
    String size = String.format(Locale.ROOT, "%d images a set (the fewest images of this class in a measured source,"
        + " %d, capped by half of its %d real images)", mc, fewest, realImages);
    if (mc < 2) {
      return "not measured: " + size + ", and FID and KID need at least 2";
    }
    if (mc < MIN_KID_IMAGES && decidesOnKid(mc, dim)) {
      return String.format(Locale.ROOT, "not measured: %s, where FID is unreliable (it needs %d x %d = %d) and KID,"
          + " which would decide instead, needs at least %d (at 2 every KID subset is the whole set: one estimate,"
          + " no spread)", size, Fid.MIN_IMAGES_PER_FEATURE, dim, Fid.MIN_IMAGES_PER_FEATURE * dim, MIN_KID_IMAGES);
    }
    return null;
  }

  private static Score unmeasured(int images, String why, boolean overallPassed) {
    return new Score(images, 0, null, null, null, null, null, null, overallPassed,
        why + "; follows the source's overall verdict");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 0.01 || v == 0 ? "%.3f" : "%.3g", v);
  }

  private static int count(int[] labels, int c) {
    int n = 0;
    for (int l : labels) {
      if (l == c) {
        n++;
      }
    }
    return n;
  }

  private static int[] indicesOf(int[] labels, int c) {
    int[] out = new int[count(labels, c)];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == c) {
        out[k++] = i;
      }
    }
    return out;
  }

  private static int[] range(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  /** A Fisher-Yates shuffle of a copy of {@code idx} on its own seeded stream. */
  private static int[] shuffled(int[] idx, long streamSeed) {
    int[] out = idx.clone();
    SplittableRandom random = new SplittableRandom(streamSeed);
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private static float[][] rows(float[][] features, int[] order, int from, int count) {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = features[order[from + i]];
    }
    return out;
  }
}
