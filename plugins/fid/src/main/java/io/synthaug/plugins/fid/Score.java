package io.synthaug.plugins.fid;

import io.synthaug.core.metrics.FidResult;
import io.synthaug.core.metrics.KidResult;

/**
 * One set of synthetic images (a source, or one class of it) measured against the real
 * reference, with the real-vs-real floor at the same sample size and the verdict.
 *
 * @param images the synthetic images there are (the measurement may use fewer, see
 *     {@code sampleSize})
 * @param sampleSize images per set in the measurement; 0 when too few images to measure
 * @param fid synthetic against real half A, or null when not measured
 * @param kid the same pair by KID, or null when not measured
 * @param floorFid real half A against real half B, or null when not measured
 * @param floorKid the same pair by KID, or null when not measured
 * @param maxFid the FID threshold that applied, or null when not measured
 * @param maxKid the KID threshold, when the decision was taken on KID; otherwise null
 * @param passed the verdict
 * @param why one clause saying what was compared with what
 */
record Score(int images, int sampleSize, FidResult fid, KidResult kid, FidResult floorFid, KidResult floorKid,
    Double maxFid, Double maxKid, boolean passed, String why) {

  /** Whether the set had enough images to be measured at all. */
  boolean measured() {
    return fid != null;
  }

  /** Whether the verdict came from KID because FID was unreliable. */
  boolean decidedOnKid() {
    return maxKid != null;
  }
}
