package io.synthaug.api.features;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Progress;
import io.synthaug.api.StageLog;
import java.nio.file.Path;

/** What a gate offers a {@link FeatureExtractorFactory} when it makes an extractor. */
public interface ExtractorContext {

  /**
   * Real images of the dataset the gate measures, in dataset order: what an extractor that learns
   * its features (a classifier trained for the purpose) trains on. Never synthetic images. For a
   * factory whose {@link FeatureExtractorFactory#trainsOnData()} is true these are a seeded share
   * of each class that the gate then leaves out of its measurements; otherwise all real images.
   */
  Dataset trainingData();

  /** The extractor's seed, derived from the gate's seed; training must draw only from it. */
  long seed();

  /**
   * A folder for the extractor's files (an exported model), inside the gate's artifacts, created
   * on first call.
   */
  Path artifactDir();

  /** The compute device the user asked for. */
  Device device();

  /** Resolves a path from the spec (a model file) against the spec file's folder. */
  Path resolve(String path);

  /** Where long work (training) reports progress. */
  Progress progress();

  /** Where the extractor writes log lines; the gate's id prefixes them. */
  StageLog log();
}
