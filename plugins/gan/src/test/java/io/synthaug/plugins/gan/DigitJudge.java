package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small CNN digit classifier trained in DJL, used by the experiments to judge whether a
 * generated digit shows the class it was asked for. Trained on the MNIST images outside the
 * GAN's training subset, so it is independent of the GAN's data. Inputs are 28x28 images in
 * [0, 1], 784 values each.
 */
final class DigitJudge implements AutoCloseable {

  private final Model model;
  private final SequentialBlock net;

  private DigitJudge(Model model, SequentialBlock net) {
    this.model = model;
    this.net = net;
  }

  private static SequentialBlock network() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(10).build());
  }

  /**
   * The judge, loaded from {@code cache} when present, otherwise trained for {@code epochs} on
   * {@code split} with Adam (lr 1e-3, batch 64, a fixed shuffle) and saved there.
   */
  static DigitJudge trainOrLoad(MnistDigits.Split split, int epochs, Path cache) {
    SequentialBlock net = network();
    Model model = Model.newInstance("digit-judge", Device.cpu(), "PyTorch");
    model.setBlock(net);
    DigitJudge judge = new DigitJudge(model, net);
    if (Files.isRegularFile(cache)) {
      net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28));
      try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
        net.loadParameters(model.getNDManager(), in);
      } catch (IOException | MalformedModelException e) {
        throw new IllegalStateException("cannot load the judge from " + cache + "; delete it to retrain", e);
      }
      return judge;
    }
    DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
    try (Trainer trainer = model.newTrainer(cfg)) {
      trainer.initialize(new Shape(64, 1, 28, 28));
      int n = split.count();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      SplitMixRandom random = new SplitMixRandom(20251122L);
      for (int epoch = 0; epoch < epochs; epoch++) {
        random.shuffle(order);
        for (int from = 0; from + 64 <= n; from += 64) {
          float[] x = new float[64 * 784];
          float[] y = new float[64];
          for (int i = 0; i < 64; i++) {
            System.arraycopy(split.images(), order[from + i] * 784, x, i * 784, 784);
            y[i] = split.labels()[order[from + i]];
          }
          try (NDManager s = model.getNDManager().newSubManager()) {
            NDArray xs = s.create(x, new Shape(64, 1, 28, 28));
            NDArray ys = s.create(y, new Shape(64));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
              NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(logits));
              gc.backward(loss);
            }
            trainer.step();
          }
        }
      }
    }
    try {
      Files.createDirectories(cache.toAbsolutePath().getParent());
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(cache))) {
        net.saveParameters(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return judge;
  }

  /** The predicted digit of every image (784 values in [0, 1] each). */
  int[] predict(float[] images) {
    int n = images.length / 784;
    int[] out = new int[n];
    for (int from = 0; from < n; from += 500) {
      int to = Math.min(n, from + 500);
      float[] chunk = new float[(to - from) * 784];
      System.arraycopy(images, from * 784, chunk, 0, chunk.length);
      try (NDManager s = model.getNDManager().newSubManager()) {
        NDArray x = s.create(chunk, new Shape(to - from, 1, 28, 28));
        NDArray logits = net.forward(new ai.djl.training.ParameterStore(s, false), new NDList(x), false)
            .singletonOrThrow();
        long[] pred = logits.argMax(1).toLongArray();
        for (int i = 0; i < pred.length; i++) {
          out[from + i] = (int) pred[i];
        }
      }
    }
    return out;
  }

  /** Share of {@code images} predicted as their label. */
  double accuracy(float[] images, int[] labels) {
    int[] pred = predict(images);
    int ok = 0;
    for (int i = 0; i < pred.length; i++) {
      if (pred[i] == labels[i]) {
        ok++;
      }
    }
    return (double) ok / pred.length;
  }

  @Override
  public void close() {
    model.close();
  }
}
