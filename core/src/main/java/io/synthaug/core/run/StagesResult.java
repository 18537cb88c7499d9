package io.synthaug.core.run;

import io.synthaug.api.Dataset;
import java.util.Map;

/**
 * What a pipeline's stages produced when run in memory by
 * {@link PipelineRunner#runStages}.
 *
 * @param dataset the final dataset: the real images and every sample the stages made, each
 *     with the {@link io.synthaug.api.Origin} of the stage that made it
 * @param metrics the figures the stages recorded, by {@code <stageId>.<name>}
 */
public record StagesResult(Dataset dataset, Map<String, Double> metrics) {
}
