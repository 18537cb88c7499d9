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
   * @return the dataset handed to the next stage
   */
  Dataset apply(Dataset in, StageContext context);
}
