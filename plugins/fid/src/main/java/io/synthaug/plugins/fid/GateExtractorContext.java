package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Progress;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageLog;
import io.synthaug.api.features.ExtractorContext;
import java.nio.file.Path;

/** The services a gate hands its extractor: the gate's own, with the real images to train on. */
record GateExtractorContext(StageContext stage, Dataset trainingData, long seed) implements ExtractorContext {

  @Override
  public Path artifactDir() {
    return stage.artifactDir();
  }

  @Override
  public Device device() {
    return stage.device();
  }

  @Override
  public Path resolve(String path) {
    return stage.resolve(path);
  }

  @Override
  public Progress progress() {
    return stage.progress();
  }

  @Override
  public StageLog log() {
    return stage.log();
  }
}
