package io.synthaug.core.run;

import io.synthaug.api.Device;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.Progress;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageLog;
import io.synthaug.api.SynthaugException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The engine's {@link StageContext} for one stage of one run. */
final class RunStageContext implements StageContext {

  private final String stageId;
  private final int stageIndex;
  private final long seed;
  private final List<String> classNames;
  private final Path artifactDir;
  private final Path checkpointDir;
  private final boolean resume;
  private final Device device;
  private final Function<String, Path> resolver;
  private final Progress progress;
  private final StageLog log;
  private final ExtensionLookup extensions;
  private final Map<String, Double> metrics;
  private final StageFacts facts;

  RunStageContext(String stageId, int stageIndex, long seed, List<String> classNames, Path artifactDir,
      Path checkpointDir, boolean resume, Device device, Function<String, Path> resolver, Progress progress,
      RunLog runLog, ExtensionLookup extensions, Map<String, Double> metrics,
      StageFacts facts) {
    this.stageId = stageId;
    this.stageIndex = stageIndex;
    this.seed = seed;
    this.classNames = List.copyOf(classNames);
    this.artifactDir = artifactDir;
    this.checkpointDir = checkpointDir;
    this.resume = resume;
    this.device = device;
    this.resolver = resolver;
    this.progress = progress;
    this.extensions = extensions;
    this.metrics = metrics;
    this.facts = facts;
    String prefix = "[" + stageId + "] ";
    this.log = new StageLog() {
      @Override
      public void info(String message) {
        runLog.info(prefix + message);
      }

      @Override
      public void warn(String message) {
        runLog.warn(prefix + message);
      }

      @Override
      public void debug(String message) {
        runLog.debug(prefix + message);
      }
    };
  }

  @Override
  public String stageId() {
    return stageId;
  }

  @Override
  public int stageIndex() {
    return stageIndex;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public Path artifactDir() {
    return created(artifactDir);
  }

  @Override
  public Path checkpointDir() {
    return created(checkpointDir);
  }

  private static Path created(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SynthaugException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean resume() {
    return resume;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public void usedDevice(String part, Device used) {
    facts.device(stageId, part, used);
  }

  @Override
  public void record(String name, String value) {
    if ("devices".equals(name)) {
      throw new IllegalArgumentException("stage '" + stageId + "' records a fact named 'devices', the name usedDevice"
          + " writes under; choose another name");
    }
    facts.fact(stageId, name, value);
  }

  @Override
  public Path resolve(String path) {
    return resolver.apply(path);
  }

  @Override
  public Progress progress() {
    return progress;
  }

  @Override
  public StageLog log() {
    return log;
  }

  @Override
  public ExtensionLookup extensions() {
    return extensions;
  }

  @Override
  public void metric(String name, double value) {
    synchronized (metrics) {
      metrics.put(stageId + "." + name, value);
    }
  }
}
