package io.synthaug.plugins.fid;

import io.synthaug.core.metrics.FidResult;
import java.util.List;
import java.util.Map;

/**
 * Everything the gate measured and decided, before the action is carried out.
 *
 * @param sampleSize images per set in the overall measurements: the smallest source, capped by
 *     half the real images
 * @param classSampleSizes images per set in each class's measurements, by label (0 where a class
 *     could not be measured)
 * @param floor real half A against real half B at {@code sampleSize}
 * @param classFloors the same per class, by label, for classes some source has images of; null
 *     values for classes too small to measure
 * @param verdicts one per source stage, in the order their images first appear
 */
record GateOutcome(int sampleSize, int[] classSampleSizes, FidResult floor, Map<Integer, FidResult> classFloors,
    List<SourceVerdict> verdicts) {

  /** Whether every source passed. */
  boolean allPassed() {
    return verdicts.stream().allMatch(SourceVerdict::passed);
  }
}
