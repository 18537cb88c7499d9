package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.Progress;
import io.synthaug.api.StageLog;
import io.synthaug.api.features.ExtractorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An extractor context over a folder: files resolve there, artifacts go to {@code artifacts/}. */
final class TestExtractorContext implements ExtractorContext {

  final List<String> lines = new ArrayList<>();
  private final Path dir;
  private final Dataset training;
  private final long seed;

  TestExtractorContext(Path dir, Dataset training, long seed) {
    this.dir = dir;
    this.training = training;
    this.seed = seed;
  }

  @Override
  public Dataset trainingData() {
    return training;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public Path artifactDir() {
    try {
      return Files.createDirectories(dir.resolve("artifacts"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public Path resolve(String path) {
    return dir.resolve(path);
  }

  @Override
  public Progress progress() {
    return new GateTestContext(dir, 0, List.of()).progress();
  }

  @Override
  public StageLog log() {
    return new StageLog() {
      @Override
      public void info(String message) {
        lines.add(message);
      }

      @Override
      public void warn(String message) {
        lines.add(message);
      }

      @Override
      public void debug(String message) {
      }
    };
  }
}
