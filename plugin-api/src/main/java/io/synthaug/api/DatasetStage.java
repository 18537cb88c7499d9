package io.synthaug.api;

/**
 * A stage that needs the whole dataset at once, such as training a generator or gating on a
 * quality metric.
 */
public non-sealed interface DatasetStage extends Stage {

  /**
   * Transforms the dataset.
   *
   * @param in the dataset produced by the previous stages
   * @param context services for this run: seed, artifacts, progress, logging
   * @return the dataset handed to the next stage, with the input's class names in their order
   *     (a stage adds and drops images, never classes: the engine checks every stage's params
   *     against the input's classes before the first one runs, and fails a stage that changes
   *     them)
   */
  Dataset apply(Dataset in, StageContext context);
}
