package io.synthaug.plugins.fid;

import io.synthaug.api.Device;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.Progress;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageLog;
import io.synthaug.api.features.FeatureExtractorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stage context for gate tests: keeps log lines and metrics, offers the given extractors. */
final class GateTestContext implements StageContext {

  final List<String> lines = new ArrayList<>();
  final Map<String, Double> metrics = new TreeMap<>();
  private final Path dir;
  private final int index;
  private final List<FeatureExtractorFactory<?>> extractors;

  GateTestContext(Path dir, int index, List<FeatureExtractorFactory<?>> extractors) {
    this.dir = dir;
    this.index = index;
    this.extractors = List.copyOf(extractors);
  }

  @Override
  public String stageId() {
    return "gate";
  }

  @Override
  public int stageIndex() {
    return index;
  }

  @Override
  public List<String> classNames() {
    return List.of();
  }

  @Override
  public long seed() {
    return 1234;
  }

  @Override
  public Path artifactDir() {
    try {
      return Files.createDirectories(dir.resolve("artifacts/gate"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Path checkpointDir() {
    throw new UnsupportedOperationException("the gate keeps no checkpoints");
  }

  @Override
  public boolean resume() {
    return false;
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
    return Progress.silent();
  }

  @Override
  public StageLog log() {
    return new StageLog() {
      @Override
      public void info(String message) {
        lines.add("INFO " + message);
      }

      @Override
      public void warn(String message) {
        lines.add("WARN " + message);
      }

      @Override
      public void debug(String message) {
      }
    };
  }

  @Override
  public ExtensionLookup extensions() {
    return new ExtensionLookup() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> List<T> all(Class<T> type) {
        return type == FeatureExtractorFactory.class ? (List<T>) extractors : List.of();
      }
    };
  }

  @Override
  public void metric(String name, double value) {
    metrics.put(name, value);
  }
}
