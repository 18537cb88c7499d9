package io.synthaug.core.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a finished run produced.
 *
 * @param output the output folder
 * @param samples the number of samples written
 * @param bySource the sample count of each source ({@code real} or a stage id)
 * @param metrics the figures the stages recorded, by {@code <stageId>.<name>}
 */
public record RunResult(Path output, int samples, Map<String, Integer> bySource, Map<String, Double> metrics) {
}
