package io.synthaug.plugins.fid;

import java.util.List;
import java.util.Map;

/**
 * What the gate measured and decided for one source stage.
 *
 * @param stageId the source stage
 * @param overall all its images against all real images
 * @param perClass each class it has images of, by label, in label order
 * @param passed whether the source passes as a whole (see {@link GateEvaluator} for the rule per
 *     action)
 * @param droppedClasses labels whose images the gate removes
 * @param dropped whether the gate removes all of the source's images
 */
record SourceVerdict(String stageId, Score overall, Map<Integer, Score> perClass, boolean passed,
    List<Integer> droppedClasses, boolean dropped) {
}
