package io.synthaug.plugins.classic;

import io.synthaug.api.Device;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.Progress;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageLog;
import java.nio.file.Path;
import java.util.List;

/**
 * A stage context for tests. The classic stage needs only its id; every other service fails
 * loudly, so a test notices if the stage starts to depend on one.
 */
final class TestContext implements StageContext {

  private final String stageId;
  private final List<String> classNames;

  TestContext(String stageId, List<String> classNames) {
    this.stageId = stageId;
    this.classNames = List.copyOf(classNames);
  }

  TestContext(String stageId) {
    this(stageId, List.of("zero", "one", "two"));
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String stageId() {
    return stageId;
  }

  @Override
  public int stageIndex() {
    return 0;
  }

  @Override
  public long seed() {
    return 99;
  }

  @Override
  public Path artifactDir() {
    throw new UnsupportedOperationException("the classic stage writes no artifacts");
  }

  @Override
  public Path checkpointDir() {
    throw new UnsupportedOperationException("the classic stage keeps no checkpoints");
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
    throw new UnsupportedOperationException("the classic stage reads no files");
  }

  @Override
  public Progress progress() {
    throw new UnsupportedOperationException("the classic stage reports no progress of its own");
  }

  @Override
  public StageLog log() {
    throw new UnsupportedOperationException("the classic stage logs nothing");
  }

  @Override
  public ExtensionLookup extensions() {
    throw new UnsupportedOperationException("the classic stage looks up no extensions");
  }

  @Override
  public void metric(String name, double value) {
    throw new UnsupportedOperationException("the classic stage records no metrics");
  }
}
