package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.synthaug.api.InputException;
import io.synthaug.api.Progress;
import io.synthaug.api.StageException;
import io.synthaug.core.ml.ConvolutionCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DjlGanTrainerTest {

  @TempDir
  Path tmp;

  private static List<NamedTensor> train(GanTrainingConfig config, int steps) {
    try (DjlGanTrainer t = TinyGan.trainer(config)) {
      for (int i = 0; i < steps; i++) {
        t.trainStep();
      }
      List<NamedTensor> all = new ArrayList<>(t.generatorWeights());
      all.addAll(t.liveGeneratorWeights());
      all.addAll(t.discriminatorWeights());
      return all;
    }
  }

  @Test
  void aNewTrainerWarmsUpTheMathLibraryBeforeItsFirstStep() throws Exception {
    // in a fresh process: in this one another test may have run the warm-up already
    FreshJvm.Result r = FreshJvm.run(WarmupProbe.class, List.of());
    assertEquals(0, r.code(), r.out());
    assertEquals("false true", r.out(), "MathWarmup (see its javadoc) runs when the trainer is made");
  }

  @Test
  void aTrainerThatFailsToConstructClosesItsManager() throws Exception {
    // in a fresh process, so the failure comes from the trainer's first allocation on its manager
    // (the warm-up), outside the engine check that closed the manager before
    FreshJvm.Result r = FreshJvm.run(ManagerLeakProbe.class, List.of());
    assertEquals(0, r.code(), r.out());
    String[] f = r.out().split(" ");
    assertEquals(6, f.length, r.out());
    assertEquals("EngineException", f[0], "CPU index 1 cannot be allocated on: " + r.out());
    assertEquals("false", f[1], "the warm-up failed, so the failure was its: " + r.out());
    assertEquals(f[2], f[3], "no manager is left open by the failed trainer: " + r.out());
    assertEquals(Integer.parseInt(f[2]) + 1, Integer.parseInt(f[4]), "an open trainer holds one: " + r.out());
    assertEquals(f[2], f[5], "closing it frees it: " + r.out());
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void sameSeedGivesBitIdenticalWeights(GanFamily family) {
    GanTrainingConfig config = TinyGan.config(family).build();
    List<NamedTensor> a = train(config, 6);
    List<NamedTensor> b = train(config, 6);
    assertEquals(a, b);
    List<NamedTensor> other = train(config.toBuilder().optSeed(8).build(), 6);
    assertNotEquals(a, other);
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void resumedRunEndsWithTheUninterruptedWeights(GanFamily family) {
    GanTrainingConfig config = TinyGan.config(family).build();
    GanData data = TinyGan.data(48);
    List<NamedTensor> straight;
    List<StepLosses> straightLosses;
    try (DjlGanTrainer t = DjlGanTrainer.create(config, data, Device.cpu())) {
      t.train(Progress.silent(), null, 1);
      straight = t.generatorWeights();
      straightLosses = List.copyOf(t.losses());
      assertEquals(20, t.stepsDone());
    }
    Path ck = tmp.resolve("gan.ckpt");
    try (DjlGanTrainer t = DjlGanTrainer.create(config, data, Device.cpu())) {
      for (int i = 0; i < 10; i++) {
        t.trainStep();
      }
      t.saveCheckpoint(ck);
      // steps after the checkpoint are lost with the process
      t.trainStep();
    }
    try (DjlGanTrainer t = DjlGanTrainer.resume(ck, data, Device.cpu())) {
      assertEquals(10, t.stepsDone());
      assertEquals(10, t.losses().size());
      t.train(Progress.silent(), null, 1);
      assertEquals(20, t.stepsDone());
      assertEquals(straight, t.generatorWeights());
      assertEquals(straightLosses, t.losses());
    }
  }

  @Test
  void trainWritesCheckpointsAndReportsProgress() throws Exception {
    GanTrainingConfig config = TinyGan.config(GanFamily.CGAN).optSteps(5).build();
    Path ck = tmp.resolve("sub").resolve("run.ckpt");
    RecordingProgress progress = new RecordingProgress();
    try (DjlGanTrainer t = TinyGan.trainer(config)) {
      t.train(progress, ck, 2);
      assertEquals(ck, t.lastCheckpoint());
    }
    assertEquals("train cgan/5/step", progress.started);
    assertEquals(5, progress.advanced);
    assertTrue(progress.lastStatus.matches("D -?\\d+\\.\\d{3} G -?\\d+\\.\\d{3}"), progress.lastStatus);
    GanCheckpoint cp = GanCheckpoint.read(ck);
    assertEquals("5", cp.meta("step"));
    try (var files = Files.list(ck.getParent())) {
      assertEquals(List.of(ck), files.toList(), "no temporary files are left behind");
    }
  }

  @Test
  void lossesAreRecordedPerStep() {
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.WGAN_GP).optSteps(3).build())) {
      StepLosses first = t.trainStep();
      t.trainStep();
      assertEquals(2, t.losses().size());
      assertEquals(1, first.step());
      assertEquals(2, t.losses().get(1).step());
      assertTrue(first.gradientPenalty() > 0, "WGAN-GP records its penalty");
      assertEquals(first.fakeScore() - first.realScore() + 10 * first.gradientPenalty(),
          first.discriminatorLoss(), 1e-3);
      assertEquals(8, first.toCsvRow().split(",").length);
      assertEquals(8, StepLosses.CSV_HEADER.split(",").length);
    }
  }

  @Test
  void generateIsDeterministicBoundedAndLabelDependent() {
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      for (int i = 0; i < 3; i++) {
        t.trainStep();
      }
      float[] noise = new float[4 * 8];
      new SplitMixRandom(3).fillGaussian(noise, 0f, 1f);
      float[] a = t.generate(new int[] {0, 1, 2, 0}, noise);
      float[] b = t.generate(new int[] {0, 1, 2, 0}, noise);
      assertArrayEquals(a, b);
      assertEquals(4 * 784, a.length);
      for (float v : a) {
        assertTrue(v >= -1f && v <= 1f, "tanh output in [-1, 1]: " + v);
      }
      float[] relabeled = t.generate(new int[] {1, 1, 2, 0}, noise);
      assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(a, 0, 784),
          java.util.Arrays.copyOfRange(relabeled, 0, 784)), "the label changes the image");
      // each image depends only on its own label and noise (inference-mode batch norm)
      float[] single = t.generate(new int[] {2}, java.util.Arrays.copyOfRange(noise, 16, 24));
      assertArrayEquals(java.util.Arrays.copyOfRange(a, 2 * 784, 3 * 784), single, 1e-6f);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.generate(new int[] {0}, new float[7]));
      assertTrue(e.getMessage().contains("noise has 7 values, expected labels.length * zDim = 8"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> t.generate(new int[] {3}, new float[8]));
      assertTrue(e.getMessage().contains("label 3 at position 0 is outside 0..2"), e.getMessage());
    }
  }

  @Test
  void generatorWeightsFollowTheDocumentedNamesAndShapes() {
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      List<NamedTensor> w = t.generatorWeights();
      List<String> names = w.stream().map(NamedTensor::name).toList();
      assertEquals(List.of("fc.weight", "fc.bias", "embed",
          "bn0.gamma", "bn0.beta", "bn0.runningMean", "bn0.runningVar", "conv1.weight",
          "bn1.gamma", "bn1.beta", "bn1.runningMean", "bn1.runningVar", "conv2.weight",
          "bn2.gamma", "bn2.beta", "bn2.runningMean", "bn2.runningVar", "out.weight", "out.bias"), names);
      assertArrayEquals(new long[] {16 * 7 * 7, 8}, w.get(0).shape());
      assertArrayEquals(new long[] {3, 16 * 7 * 7}, w.get(2).shape());
      assertArrayEquals(new long[] {8, 16, 3, 3}, w.get(7).shape());
      assertArrayEquals(new long[] {4, 8, 3, 3}, w.get(12).shape());
      assertArrayEquals(new long[] {1, 4, 3, 3}, w.get(17).shape());
      // before any step the average equals the live generator
      assertEquals(t.liveGeneratorWeights(), w);
    }
  }

  @Test
  void divergenceStopsWithTheLastGoodCheckpointIntact() throws Exception {
    // a learning rate this large drives the non-saturating losses to huge values within steps
    GanTrainingConfig config = TinyGan.config(GanFamily.CGAN).optLearningRate(50).optSteps(200)
        .optDivergenceLimit(50).build();
    Path ck = tmp.resolve("diverge.ckpt");
    GanDivergedException e;
    try (DjlGanTrainer t = TinyGan.trainer(config)) {
      e = assertThrows(GanDivergedException.class, () -> t.train(Progress.silent(), ck, 1));
      assertEquals(e.step() - 1, t.stepsDone(), "the failing step is not counted");
    }
    assertTrue(e.step() > 1, "diverged only at step " + e.step());
    assertTrue(e.getMessage().startsWith("GAN training diverged at step " + e.step() + ": the " + e.loss() + " loss is "),
        e.getMessage());
    assertTrue(e.getMessage().contains("the last good checkpoint is " + ck), e.getMessage());
    assertTrue(e instanceof StageException);
    try (DjlGanTrainer resumed = DjlGanTrainer.resume(ck, TinyGan.data(48), Device.cpu())) {
      assertEquals(e.step() - 1, resumed.stepsDone());
      for (NamedTensor t : resumed.generatorWeights()) {
        for (float v : t.values()) {
          assertTrue(Float.isFinite(v), t.name());
        }
      }
    }
  }

  @Test
  void nanLossStopsAtOnce() {
    GanTrainingConfig config = TinyGan.config(GanFamily.WGAN_GP).optLearningRate(1e30).optSteps(50).build();
    try (DjlGanTrainer t = TinyGan.trainer(config)) {
      GanDivergedException e = assertThrows(GanDivergedException.class, () -> t.train(Progress.silent(), null, 1));
      assertTrue(e.getMessage().contains("no checkpoint was written yet"), e.getMessage());
    }
  }

  @Test
  void aCheckpointRecordsItsDeviceAndThreadsAndAResumeElsewhereSaysSo() {
    Path ck = tmp.resolve("here.ckpt");
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      t.trainStep();
      t.saveCheckpoint(ck);
    }
    GanCheckpoint written = GanCheckpoint.read(ck);
    assertEquals("cpu()", written.meta(DjlGanTrainer.DEVICE_KEY));
    String threads = written.meta(DjlGanTrainer.THREADS_KEY);
    assertTrue(Integer.parseInt(threads) >= 1, threads);
    try (DjlGanTrainer same = DjlGanTrainer.resume(ck, TinyGan.data(48), Device.cpu())) {
      assertEquals(List.of(), same.resumedElsewhere());
    }

    Path elsewhere = tmp.resolve("elsewhere.ckpt");
    String version = written.meta(DjlGanTrainer.TORCH_VERSION_KEY);
    assertEquals(ai.djl.engine.Engine.getEngine("PyTorch").getVersion(), version);
    assertEquals(ConvolutionCheck.cpuModel(), written.meta(DjlGanTrainer.CPU_KEY));
    assertEquals(ConvolutionCheck.oneDnnLimit(), written.meta(DjlGanTrainer.ONEDNN_ISA_KEY));
    written.put(DjlGanTrainer.THREADS_KEY, "9" + threads).put(DjlGanTrainer.TORCH_VERSION_KEY, "1.0.0")
        .put(DjlGanTrainer.CPU_KEY, "Other CPU (family 1, model 2)").put(DjlGanTrainer.ONEDNN_ISA_KEY, "SSE41")
        .write(elsewhere);
    String isaNow = ConvolutionCheck.oneDnnLimit().equals("unset") ? "ONEDNN_MAX_CPU_ISA unset"
        : "ONEDNN_MAX_CPU_ISA=" + ConvolutionCheck.oneDnnLimit();
    try (DjlGanTrainer moved = DjlGanTrainer.resume(elsewhere, TinyGan.data(48), Device.cpu())) {
      assertEquals(List.of("written with PyTorch 1.0.0, resumed with " + version,
          "written with 9" + threads + " PyTorch threads, resumed with " + threads,
          "written on the CPU Other CPU (family 1, model 2), resumed on " + ConvolutionCheck.cpuModel(),
          "written with ONEDNN_MAX_CPU_ISA=SSE41, resumed with " + isaNow),
          moved.resumedElsewhere());
      assertEquals(1, moved.stepsDone(), "the checkpoint is used all the same");
    }
    // written on a GPU: the device says it all; the CPU's settings of that machine did no sums
    Path fromGpu = tmp.resolve("gpu.ckpt");
    written.put(DjlGanTrainer.DEVICE_KEY, "gpu(0)").write(fromGpu);
    try (DjlGanTrainer moved = DjlGanTrainer.resume(fromGpu, TinyGan.data(48), Device.cpu())) {
      assertEquals(List.of("written on gpu(0), resumed on cpu()", "written with PyTorch 1.0.0, resumed with "
          + version), moved.resumedElsewhere());
    }

    // a checkpoint of an earlier version records neither: nothing to compare, nothing said
    GanCheckpoint older = new GanCheckpoint();
    written.meta().forEach((k, v) -> {
      if (!k.equals(DjlGanTrainer.DEVICE_KEY) && !k.equals(DjlGanTrainer.THREADS_KEY)
          && !k.equals(DjlGanTrainer.TORCH_VERSION_KEY) && !k.equals(DjlGanTrainer.CPU_KEY)
          && !k.equals(DjlGanTrainer.ONEDNN_ISA_KEY)) {
        older.put(k, v);
      }
    });
    written.tensors().values().forEach(older::put);
    older.put("batch.order", written.ints("batch.order"));
    Path old = tmp.resolve("older.ckpt");
    older.write(old);
    try (DjlGanTrainer fromOld = DjlGanTrainer.resume(old, TinyGan.data(48), Device.cpu())) {
      assertEquals(List.of(), fromOld.resumedElsewhere());
      assertEquals(1, fromOld.stepsDone());
    }
  }

  @Test
  void resumeRejectsOtherData() {
    Path ck = tmp.resolve("a.ckpt");
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      t.trainStep();
      t.saveCheckpoint(ck);
    }
    InputException e = assertThrows(InputException.class, () -> DjlGanTrainer.resume(ck, TinyGan.data(47), Device.cpu()));
    assertTrue(e.getMessage().startsWith(ck + ": checkpoint was written for other training data"), e.getMessage());
  }

  @Test
  void dataMustFitTheArchitecture() {
    GanTrainingConfig config = GanTrainingConfig.builder(GanFamily.CGAN, new GanArchitecture(8, 4, 32, 1, 3))
        .optBatchSize(8).build();
    StageException e = assertThrows(StageException.class, () -> DjlGanTrainer.create(config, TinyGan.data(48),
        Device.cpu()));
    assertEquals("training data of 1x28x28 images in 3 classes does not fit the architecture (1x32x32, 3 classes)",
        e.getMessage());
    GanTrainingConfig big = TinyGan.config(GanFamily.CGAN).optBatchSize(64).build();
    e = assertThrows(StageException.class, () -> DjlGanTrainer.create(big, TinyGan.data(48), Device.cpu()));
    assertEquals("batchSize 64 is larger than the 48 training images; lower batchSize", e.getMessage());
  }

  @Test
  void deviceFollowsTheRequestAndWarnsWhenNoGpuIsThere() {
    List<String> warnings = new ArrayList<>();
    io.synthaug.api.StageLog log = new io.synthaug.api.StageLog() {
      @Override
      public void info(String message) {
      }

      @Override
      public void warn(String message) {
        warnings.add(message);
      }

      @Override
      public void debug(String message) {
      }
    };
    assertEquals(Device.cpu(), DjlGanTrainer.device(io.synthaug.api.Device.CPU, log));
    Device auto = DjlGanTrainer.device(io.synthaug.api.Device.AUTO, log);
    assertEquals(DjlGanTrainer.defaultDevice(), auto);
    assertTrue(warnings.isEmpty(), "AUTO falls back silently");
    Device gpu = DjlGanTrainer.device(io.synthaug.api.Device.GPU, log);
    if (gpu.isGpu()) {
      assertTrue(warnings.isEmpty());
    } else {
      assertEquals(List.of("device GPU was asked for, but DJL's PyTorch engine sees no usable GPU; training on the CPU"
          + " (the bundled libtorch is the CPU build; for CUDA set PYTORCH_LIBRARY_PATH to the lib folder of a PyTorch"
          + " 2.7.1 cu128 install, with PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 (README, \"On a GPU\"))"), warnings);
    }
  }

  static final class RecordingProgress implements Progress {
    String started;
    long advanced;
    String lastStatus = "";

    @Override
    public Task start(String name, long total, String unit) {
      started = name + "/" + total + "/" + unit;
      return new Task() {
        @Override
        public void advance(long steps) {
          advanced += steps;
        }

        @Override
        public void status(String text) {
          lastStatus = text;
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
