package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.synthaug.api.InputException;
import io.synthaug.api.ParamException;
import io.synthaug.api.Seeds;
import io.synthaug.api.Progress;
import io.synthaug.api.StageException;
import io.synthaug.api.StageLog;
import io.synthaug.api.gan.DiffAugment;
import io.synthaug.api.gan.DiffAugmentPolicy;
import io.synthaug.core.GpuHints;
import io.synthaug.core.ml.ConvolutionCheck;
import io.synthaug.core.ml.MathWarmup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a class-conditional GAN ({@link GanFamily#CGAN} or {@link GanFamily#WGAN_GP}) with DJL's
 * PyTorch engine, on the CPU or a GPU with the same code.
 *
 * <p>One {@link #trainStep()} is one generator update preceded by
 * {@link GanTrainingConfig#discriminatorSteps()} discriminator updates. Each step runs in its
 * own child {@link NDManager}, so the arrays it creates are freed when it ends; gradients are
 * zeroed before every backward pass because DJL 0.35.1 accumulates them.
 *
 * <p>Determinism: every random number (initial weights, noise, labels, batch order, penalty
 * mixing weights) comes from a {@link SplitMixRandom} seeded with the configuration's seed, and
 * enters the engine as an array built on the Java side, so no hidden engine generator matters.
 * The same data, configuration and machine give bit-identical weights, and a run resumed from
 * a checkpoint ends with the weights of an uninterrupted one, because the checkpoint holds all
 * state: both networks, the moving average, both optimizers' moments and step counts, the
 * random generator's state, the batch order and the loss history. ("Same machine" includes the
 * engine's thread count: parallel reductions may sum in another order with other threads.)
 *
 * <p>The WGAN-GP penalty needs the gradient of the penalty, which itself contains dD/dx, with
 * respect to D's weights. A create-graph backward pass would give it, but DJL cannot release the
 * graph that the weights' gradients then keep (measured: 732 kB per critic step on a small
 * critic, growing with the network and batch). Instead
 * {@link ConditionalDiscriminator#inputGradient} writes dD/dx out as ordinary operations, and one
 * first-order backward pass differentiates the whole critic loss.
 *
 * <p>DiffAugment ({@link GanTrainingConfig#augment()}): every batch the discriminator sees, real
 * and fake alike, goes through the configured {@link DiffAugmentPolicy policies} in both the
 * discriminator and the generator update; in the generator update the augmentation sits between
 * G and D, so the generator's gradient flows through it. The augmentation's random draws come from
 * a stream of their own, so turning augmentation on changes neither the batches nor the noise, and
 * with no policies the step is exactly the plain GAN's. With {@link AugmentConfig#adaptive()} each
 * policy is applied to each image with a probability that follows the discriminator's
 * overfitting signal (see {@link AugmentConfig}); both are recorded in {@link #losses()}.
 *
 * <p>The trainer is not thread-safe. Close it to free its native memory.
 */
public final class DjlGanTrainer implements AutoCloseable {

  private static final String ENGINE = "PyTorch";
  private static final int GENERATE_CHUNK = 256;
  /** Key of the augmentation's own random stream, derived from the run's seed. */
  private static final long AUGMENT_STREAM = 0x41554721L;
  /**
   * Checkpoint entries: the device, the PyTorch intra-op thread count and the PyTorch version it
   * was written with, the settings that change a resumed run's arithmetic.
   */
  static final String DEVICE_KEY = "device";
  static final String THREADS_KEY = "torch.threads";
  static final String TORCH_VERSION_KEY = "torch.version";
  static final String CPU_KEY = "cpu.model";
  static final String ONEDNN_ISA_KEY = "onednn.max.isa";

  private final GanTrainingConfig config;
  private final GanData data;
  private final long dataFingerprint;
  private final NDManager manager;
  private final ParameterStore store;
  private final ConditionalGenerator generator;
  private final ConditionalGenerator average;
  private final ConditionalDiscriminator discriminator;
  private final Adam generatorOptimizer;
  private final Adam discriminatorOptimizer;
  private final SplitMixRandom random;
  private final int[] order;
  private int cursor;
  private int step;
  private final List<StepLosses> losses = new ArrayList<>();
  private Path lastCheckpoint;
  private final HostUpload upload = new HostUpload();
  private final List<DiffAugmentPolicy> policies;
  private final SplitMixRandom augmentRandom;
  private double augmentP;
  private double signalSum;
  private final ConvolutionCheck.Result engineCheck;
  private int signalSteps;
  /** What differs between where a resumed checkpoint was written and where training goes on. */
  private final List<String> resumedElsewhere = new ArrayList<>();

  private DjlGanTrainer(GanTrainingConfig config, GanData data, Device device,
      Collection<? extends DiffAugmentPolicy> available) {
    GanArchitecture arch = config.architecture();
    if (data.size() != arch.imageSize() || data.channels() != arch.channels() || data.classes() != arch.classes()) {
      throw new StageException("training data of " + data.channels() + "x" + data.size() + "x" + data.size()
          + " images in " + data.classes() + " classes does not fit the architecture (" + arch.channels() + "x"
          + arch.imageSize() + "x" + arch.imageSize() + ", " + arch.classes() + " classes)");
    }
    if (data.count() < config.batchSize()) {
      throw new StageException("batchSize " + config.batchSize() + " is larger than the " + data.count()
          + " training images; lower batchSize");
    }
    try {
      this.policies = DiffAugment.parse(config.augment().policies(), available);
    } catch (IllegalArgumentException e) {
      throw new ParamException("diffAugment", e.getMessage());
    }
    this.config = config;
    this.data = data;
    this.dataFingerprint = data.fingerprint();
    Engine engine = Engine.getEngine(ENGINE);
    // Nothing below draws from the engine's generator; seeding it keeps any library-internal
    // randomness reproducible as well.
    engine.setRandomSeed((int) config.seed());
    this.manager = engine.newBaseManager(device);
    // Everything below allocates on the manager; if any of it fails (the engine check, a network
    // that does not fit in the device's memory, ...), the manager and what it holds are freed.
    try {
      // before the first parallel tanh: see MathWarmup for the run that trained differently
      MathWarmup.once(manager);
      this.engineCheck = GradientCheck.verify(arch, config.family(), config.batchSize(), device, manager);
      this.store = new ParameterStore(manager, false);
      this.random = new SplitMixRandom(config.seed());
      Shape[] genInputs = {
          new Shape(config.batchSize(), arch.zDim()), new Shape(config.batchSize(), arch.classes())};
      Shape[] discInputs = {
          new Shape(config.batchSize(), arch.channels(), arch.imageSize(), arch.imageSize()),
          new Shape(config.batchSize(), arch.classes())};
      this.generator = new ConditionalGenerator(arch);
      generator.initialize(manager, DataType.FLOAT32, genInputs);
      this.average = new ConditionalGenerator(arch);
      average.initialize(manager, DataType.FLOAT32, genInputs);
      this.discriminator = new ConditionalDiscriminator(arch);
      discriminator.initialize(manager, DataType.FLOAT32, discInputs);
      // DCGAN's initialization: weights N(0, 0.02), biases and norms as built
      GanOps.fillWeights(generator, random, 0.02f);
      GanOps.fillWeights(discriminator, random, 0.02f);
      copyParameters(generator, average);
      this.generatorOptimizer = new Adam(parameters(generator), manager, config.generatorLr(), config.beta1(),
          config.beta2());
      this.discriminatorOptimizer = new Adam(parameters(discriminator), manager, config.discriminatorLr(),
          config.beta1(), config.beta2());
      this.order = new int[data.count()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      random.shuffle(order);
      this.augmentRandom = new SplitMixRandom(Seeds.derive(config.seed(), AUGMENT_STREAM));
      this.augmentP = config.augment().adaptive() || !config.augment().enabled() ? 0 : 1;
    } catch (RuntimeException | Error e) {
      closeAfterFailure(e);
      throw e;
    }
  }

  /** Frees the manager when the constructor fails; a failure to close is added to {@code cause}. */
  private void closeAfterFailure(Throwable cause) {
    try {
      manager.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * A new trainer with freshly initialized networks.
   *
   * @param config the run's configuration
   * @param data training images matching {@code config.architecture()}
   * @param device where to train, for example {@link #defaultDevice()}
   */
  public static DjlGanTrainer create(GanTrainingConfig config, GanData data, Device device) {
    return create(config, data, device, List.of());
  }

  /**
   * A new trainer with freshly initialized networks, whose DiffAugment policies are looked up by
   * name among {@code available} (a stage passes every {@link DiffAugmentPolicy} of every plugin).
   *
   * @throws ParamException (field {@code diffAugment}) when a policy named in the configuration
   *     is not among {@code available}, or two of them share a name
   */
  public static DjlGanTrainer create(GanTrainingConfig config, GanData data, Device device,
      Collection<? extends DiffAugmentPolicy> available) {
    return new DjlGanTrainer(config, data, device, available);
  }

  /**
   * A trainer restored from a checkpoint written by {@link #saveCheckpoint}; training goes on
   * exactly as if it had never stopped.
   *
   * @param checkpoint the checkpoint file
   * @param data the same training data as the interrupted run
   * @param device where to train
   * @throws InputException when the file is unreadable or was written for other data
   */
  public static DjlGanTrainer resume(Path checkpoint, GanData data, Device device) {
    return resume(checkpoint, data, device, List.of());
  }

  /**
   * A trainer restored from a checkpoint, with DiffAugment policies looked up among
   * {@code available} as in {@link #create(GanTrainingConfig, GanData, Device, Collection)}.
   */
  public static DjlGanTrainer resume(Path checkpoint, GanData data, Device device,
      Collection<? extends DiffAugmentPolicy> available) {
    GanCheckpoint cp = GanCheckpoint.read(checkpoint);
    GanTrainingConfig config = CheckpointCodec.config(cp, checkpoint);
    long fingerprint = Long.parseLong(cp.meta("data.fingerprint"));
    if (fingerprint != data.fingerprint()) {
      throw new InputException(checkpoint.toString(), "checkpoint was written for other training data (fingerprint "
          + Long.toHexString(fingerprint) + ", these data " + Long.toHexString(data.fingerprint())
          + "); resume with the training data it was written for");
    }
    DjlGanTrainer t = new DjlGanTrainer(config, data, device, available);
    try {
      t.restore(cp, checkpoint);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** The GPU when the engine sees one, the CPU otherwise. */
  public static Device defaultDevice() {
    return Engine.getEngine(ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /**
   * The device for what the user asked: the CPU for {@code CPU}; for {@code GPU} and
   * {@code AUTO} the first GPU when the engine sees one, otherwise the CPU. Says in one line of
   * {@code log} which device training gets when it is not the CPU asked for: a warning when a
   * GPU was asked for explicitly and there is none, information otherwise.
   */
  public static Device device(io.synthaug.api.Device requested, StageLog log) {
    if (requested == io.synthaug.api.Device.CPU) {
      return Device.cpu();
    }
    Device found = defaultDevice();
    if (found.isGpu()) {
      log.info("training on " + found + " (PyTorch sees a CUDA device)");
    } else if (requested == io.synthaug.api.Device.GPU) {
      log.warn("device GPU was asked for, but DJL's PyTorch engine sees no usable GPU; training on the CPU ("
          + GpuHints.PYTORCH + ")");
    } else {
      log.info("PyTorch sees no CUDA device; training on the CPU");
    }
    return found;
  }

  /** The configuration. */
  public GanTrainingConfig config() {
    return config;
  }

  /** Generator updates done so far. */
  public int stepsDone() {
    return step;
  }

  /** The losses of every step so far, in order. */
  public List<StepLosses> losses() {
    return Collections.unmodifiableList(losses);
  }

  /**
   * The probability each DiffAugment policy is applied with in the next step: 0 without
   * augmentation, 1 with non-adaptive augmentation, the adapted value otherwise.
   */
  public double augmentProbability() {
    return augmentP;
  }

  /** The checkpoint most recently written or resumed from, or null. */
  public Path lastCheckpoint() {
    return lastCheckpoint;
  }

  /**
   * Trains until {@link GanTrainingConfig#steps()} generator updates are done.
   *
   * @param progress where to report steps and losses
   * @param checkpoint where to write checkpoints, or null for none
   * @param checkpointEvery write a checkpoint after every this many steps (and after the last);
   *     ignored when {@code checkpoint} is null
   * @throws GanDivergedException when a loss becomes NaN, infinite or exceeds the limit
   */
  public void train(Progress progress, Path checkpoint, int checkpointEvery) {
    if (checkpoint != null && checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be at least 1, got " + checkpointEvery);
    }
    try (Progress.Task task = progress.start("train " + config.family().name().toLowerCase(Locale.ROOT),
        config.steps(), "step")) {
      task.skip(step);
      while (step < config.steps()) {
        StepLosses l = trainStep();
        task.advance(1);
        if (step % 10 == 0 || step == config.steps()) {
          task.status(String.format(Locale.ROOT, "D %.3f G %.3f", l.discriminatorLoss(), l.generatorLoss()));
        }
        if (checkpoint != null && (step % checkpointEvery == 0 || step == config.steps())) {
          saveCheckpoint(checkpoint);
        }
      }
    }
  }

  /**
   * One generator update with its discriminator updates.
   *
   * @return the step's losses, also appended to {@link #losses()}
   * @throws GanDivergedException when a loss is NaN, infinite or beyond the limit; the update
   *     that loss would have driven is not applied
   */
  public StepLosses trainStep() {
    StepLosses result;
    try (NDManager s = manager.newSubManager()) {
      result = config.family() == GanFamily.CGAN ? cganStep(s) : wganStep(s);
    }
    step++;
    losses.add(result);
    adapt(result.realSign());
    return result;
  }

  /**
   * StyleGAN2-ADA's controller: every {@link AugmentConfig#ADJUST_INTERVAL} steps, move p by the
   * images shown since the last move over {@link AugmentConfig#adjustImages()}, up when the
   * averaged signal is above the target, down when below.
   */
  private void adapt(double signal) {
    AugmentConfig aug = config.augment();
    if (!aug.adaptive()) {
      return;
    }
    signalSum += signal;
    signalSteps++;
    if (signalSteps == AugmentConfig.ADJUST_INTERVAL) {
      double mean = signalSum / signalSteps;
      double delta = Math.signum(mean - aug.target()) * signalSteps * config.batchSize() / aug.adjustImages();
      augmentP = Math.min(1, Math.max(0, augmentP + delta));
      signalSum = 0;
      signalSteps = 0;
    }
  }

  /**
   * Runs the DiffAugment policies on a batch, in order. Each policy is applied to every image
   * (non-adaptive) or to each image with probability {@link #augmentProbability()}; a policy that
   * would touch no image is skipped. Without policies the batch is returned as it is.
   */
  private NDArray augment(NDArray images) {
    if (policies.isEmpty()) {
      return images;
    }
    int n = Math.toIntExact(images.getShape().get(0));
    NDArray x = images;
    for (DiffAugmentPolicy policy : policies) {
      boolean[] enabled = new boolean[n];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        enabled[i] = !config.augment().adaptive() || augmentRandom.nextDouble() < augmentP;
        any |= enabled[i];
      }
      if (any) {
        x = policy.apply(x, enabled, augmentRandom);
      }
    }
    return x;
  }

  private StepLosses cganStep(NDManager s) {
    int n = config.batchSize();
    int[] labels = new int[n];
    NDArray real = nextRealBatch(s, labels);
    NDArray oneHot = oneHot(s, labels);
    NDArray z = noise(s, n);
    NDArray fake;
    float dLoss;
    float realScore;
    float fakeScore;
    float realSign;
    float p = (float) augmentP;
    Engine engine = manager.getEngine();
    GanOps.zeroGradients(discriminator);
    try (GradientCollector gc = engine.newGradientCollector()) {
      fake = generate(generator, z, oneHot, true);
      NDArray scores = discriminator.score(augment(NDArrays.concat(new NDList(real, fake.stopGradient()))),
          NDArrays.concat(new NDList(oneHot, oneHot)));
      NDArray realScores = scores.get("0:" + n);
      NDArray fakeScores = scores.get(n + ":");
      NDArray loss = Activation.softPlus(realScores.neg()).mean().add(Activation.softPlus(fakeScores).mean());
      dLoss = checked(loss.getFloat(), "discriminator");
      realScore = realScores.mean().getFloat();
      fakeScore = fakeScores.mean().getFloat();
      realSign = realScores.sign().mean().getFloat();
      gc.backward(loss);
    }
    discriminatorOptimizer.update(s);
    float gLoss;
    GanOps.zeroGradients(generator);
    try (GradientCollector gc = engine.newGradientCollector()) {
      // the fake batch's generator graph from above is reused: one generator pass per step
      NDArray loss = generatorLoss(discriminator.score(augment(fake), oneHot));
      gLoss = checked(loss.getFloat(), "generator");
      gc.backward(loss);
    }
    generatorOptimizer.update(s);
    updateAverage(s);
    return new StepLosses(step + 1, dLoss, gLoss, 0f, realScore, fakeScore, p, realSign);
  }

  /**
   * One WGAN-GP step: {@code discriminatorSteps} critic updates, each on a fresh real batch and
   * a fresh fake batch generated with the real batch's labels (so that the penalty's mixes of
   * real and fake images share a label), then one generator update on fresh noise and uniformly
   * drawn labels. Sharing one fake batch among the critic updates was measured: 30 % faster, but
   * the critic overfits it (label agreement 86 % instead of 94 % after 1,000 steps).
   */
  private StepLosses wganStep(NDManager s) {
    int n = config.batchSize();
    Engine engine = manager.getEngine();
    float dLoss = 0;
    float penaltyValue = 0;
    float realScore = 0;
    float fakeScore = 0;
    float signSum = 0;
    float p = (float) augmentP;
    for (int k = 0; k < config.discriminatorSteps(); k++) {
      try (NDManager ks = s.newSubManager()) {
        int[] labels = new int[n];
        NDArray real = nextRealBatch(ks, labels);
        NDArray oneHot = oneHot(ks, labels);
        // outside a collector: no graph is recorded through the generator
        NDArray fake = generate(generator, noise(ks, n), oneHot, true);
        // both halves augmented before mixing, so the penalty is taken where the critic looks
        NDArray both = augment(NDArrays.concat(new NDList(real, fake)));
        real = both.get("0:" + n);
        fake = both.get(n + ":");
        float[] mix = new float[n];
        for (int i = 0; i < n; i++) {
          mix[i] = (float) random.nextDouble();
        }
        NDArray alpha = upload.floats(ks, mix, new Shape(n, 1, 1, 1));
        NDArray mixed = real.mul(alpha).add(fake.mul(alpha.neg().add(1f)));
        GanOps.zeroGradients(discriminator);
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray scores = discriminator.score(both, NDArrays.concat(new NDList(oneHot, oneHot)));
          NDArray realScores = scores.get("0:" + n);
          NDArray fakeScores = scores.get(n + ":");
          NDArray slope = discriminator.inputGradient(discriminator.pass(mixed, oneHot));
          NDArray norms = slope.square().sum(new int[] {1, 2, 3}).add(1e-12f).sqrt();
          NDArray penalty = norms.sub(1f).square().mean();
          NDArray loss = fakeScores.mean().sub(realScores.mean()).add(penalty.mul((float) config.gradientPenalty()));
          dLoss = checked(loss.getFloat(), "critic");
          penaltyValue = penalty.getFloat();
          realScore = realScores.mean().getFloat();
          fakeScore = fakeScores.mean().getFloat();
          signSum += realScores.sub(fakeScore).sign().mean().getFloat();
          gc.backward(loss);
        }
        discriminatorOptimizer.update(ks);
      }
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(config.architecture().classes());
    }
    NDArray oneHot = oneHot(s, labels);
    NDArray z = noise(s, n);
    float gLoss;
    GanOps.zeroGradients(generator);
    GanOps.zeroGradients(discriminator);
    try (GradientCollector gc = engine.newGradientCollector()) {
      NDArray loss = generatorLoss(discriminator.score(augment(generate(generator, z, oneHot, true)), oneHot));
      gLoss = checked(loss.getFloat(), "generator");
      gc.backward(loss);
    }
    generatorOptimizer.update(s);
    updateAverage(s);
    return new StepLosses(step + 1, dLoss, gLoss, penaltyValue, realScore, fakeScore, p,
        signSum / config.discriminatorSteps());
  }

  /** The generator's loss on D's scores of its images: non-saturating for CGAN, -mean for WGAN-GP. */
  private NDArray generatorLoss(NDArray scores) {
    return config.family() == GanFamily.CGAN ? Activation.softPlus(scores.neg()).mean() : scores.mean().neg();
  }

  private float checked(float value, String which) {
    if (Float.isNaN(value) || Float.isInfinite(value) || Math.abs(value) > config.divergenceLimit()) {
      throw new GanDivergedException(step + 1, which, value, config.divergenceLimit(), lastCheckpoint);
    }
    return value;
  }

  private NDArray generate(ConditionalGenerator g, NDArray z, NDArray oneHot, boolean training) {
    return g.forward(store, new NDList(z, oneHot), training).singletonOrThrow();
  }

  private NDArray nextRealBatch(NDManager s, int[] labels) {
    int per = data.channels() * data.size() * data.size();
    float[] batch = new float[labels.length * per];
    for (int i = 0; i < labels.length; i++) {
      if (cursor == order.length) {
        random.shuffle(order);
        cursor = 0;
      }
      int idx = order[cursor++];
      data.copyImage(idx, batch, i * per);
      labels[i] = data.label(idx);
    }
    return upload.floats(s, batch, new Shape(labels.length, data.channels(), data.size(), data.size()));
  }

  private NDArray noise(NDManager s, int n) {
    float[] z = new float[n * config.architecture().zDim()];
    random.fillGaussian(z, 0f, 1f);
    return upload.floats(s, z, new Shape(n, config.architecture().zDim()));
  }

  private NDArray oneHot(NDManager s, int[] labels) {
    int classes = config.architecture().classes();
    return upload.floats(s, GanOps.oneHot(labels, classes), new Shape(labels.length, classes));
  }

  /**
   * The moving average of the generator's weights, with PyTorch's warm-up: the decay is
   * {@code min(emaDecay, (1 + t) / (10 + t))}, so early averages do not drag in the random
   * initial weights. Batch-norm running statistics are averaged the same way.
   */
  private void updateAverage(NDManager s) {
    double decay = Math.min(config.emaDecay(), (1.0 + step) / (10.0 + step));
    List<Parameter> live = generator.getParameters().values();
    List<Parameter> avg = average.getParameters().values();
    for (int i = 0; i < live.size(); i++) {
      NDArray a = avg.get(i).getArray();
      a.muli(decay).addi(GanOps.local(live.get(i).getArray().mul(1 - decay), s));
    }
  }

  /**
   * Images from the moving-average generator (or the live one when {@code emaDecay} is 0), with
   * batch normalization in inference mode, so each image depends only on its own label and
   * noise.
   *
   * @param labels one class per image
   * @param noise {@code labels.length * zDim} values, image after image
   * @return {@code labels.length * channels * size * size} values in NCHW order, in [-1, 1]
   */
  public float[] generate(int[] labels, float[] noise) {
    GanArchitecture arch = config.architecture();
    if (noise.length != (long) labels.length * arch.zDim()) {
      throw new IllegalArgumentException("noise has " + noise.length + " values, expected labels.length * zDim = "
          + (long) labels.length * arch.zDim());
    }
    ConditionalGenerator g = config.emaDecay() > 0 ? average : generator;
    int per = arch.imageValues();
    float[] out = new float[labels.length * per];
    for (int from = 0; from < labels.length; from += GENERATE_CHUNK) {
      int to = Math.min(labels.length, from + GENERATE_CHUNK);
      int[] chunk = java.util.Arrays.copyOfRange(labels, from, to);
      try (NDManager s = manager.newSubManager()) {
        NDArray z = upload.floats(s, java.util.Arrays.copyOfRange(noise, from * arch.zDim(), to * arch.zDim()),
            new Shape(to - from, arch.zDim()));
        float[] images = generate(g, z, oneHot(s, chunk), false).toFloatArray();
        System.arraycopy(images, 0, out, from * per, images.length);
      }
    }
    return out;
  }

  /**
   * The sampling generator's parameters (the moving average, or the live generator when
   * {@code emaDecay} is 0), named as in {@link ConditionalGenerator}'s op list, in a fixed order:
   * what an ONNX exporter needs besides {@link GanTrainingConfig#architecture()}.
   */
  public List<NamedTensor> generatorWeights() {
    return tensors(config.emaDecay() > 0 ? average : generator, "");
  }

  /** The live generator's parameters, named as in {@link #generatorWeights()}. */
  public List<NamedTensor> liveGeneratorWeights() {
    return tensors(generator, "");
  }

  /** The discriminator's parameters, named as in {@link ConditionalDiscriminator}. */
  public List<NamedTensor> discriminatorWeights() {
    return tensors(discriminator, "");
  }

  /**
   * Writes the complete training state to {@code file} (atomically: a temporary file, then a
   * rename), so that {@link #resume} continues bit for bit.
   */
  public void saveCheckpoint(Path file) {
    GanCheckpoint cp = new GanCheckpoint();
    CheckpointCodec.putConfig(cp, config);
    cp.put("data.fingerprint", Long.toString(dataFingerprint));
    cp.put("step", Integer.toString(step));
    cp.put("random.state", Long.toString(random.state()));
    cp.put("batch.cursor", Integer.toString(cursor));
    cp.put("adam.g.steps", Long.toString(generatorOptimizer.steps()));
    cp.put("adam.d.steps", Long.toString(discriminatorOptimizer.steps()));
    cp.put("batch.order", order);
    cp.put("augment.random.state", Long.toString(augmentRandom.state()));
    cp.put("augment.p", Double.toString(augmentP));
    cp.put("augment.signalSum", Double.toString(signalSum));
    cp.put("augment.signalSteps", Integer.toString(signalSteps));
    cp.put(DEVICE_KEY, manager.getDevice().toString());
    cp.put(THREADS_KEY, Integer.toString(JniUtils.getNumThreads()));
    cp.put(TORCH_VERSION_KEY, torchVersion());
    cp.put(CPU_KEY, ConvolutionCheck.cpuModel());
    cp.put(ONEDNN_ISA_KEY, ConvolutionCheck.oneDnnLimit());
    tensors(generator, "g.").forEach(cp::put);
    tensors(average, "ema.").forEach(cp::put);
    tensors(discriminator, "d.").forEach(cp::put);
    generatorOptimizer.state("adam.g").forEach(cp::put);
    discriminatorOptimizer.state("adam.d").forEach(cp::put);
    CheckpointCodec.putLosses(cp, losses);
    cp.write(file);
    lastCheckpoint = file;
  }

  private void restore(GanCheckpoint cp, Path file) {
    load(generator, "g.", cp);
    load(average, "ema.", cp);
    load(discriminator, "d.", cp);
    generatorOptimizer.restore("adam.g", cp, Long.parseLong(cp.meta("adam.g.steps")));
    discriminatorOptimizer.restore("adam.d", cp, Long.parseLong(cp.meta("adam.d.steps")));
    int[] savedOrder = cp.ints("batch.order");
    if (savedOrder.length != order.length) {
      throw new InputException(file.toString(), "checkpoint's batch order covers " + savedOrder.length
          + " images, the data has " + order.length);
    }
    System.arraycopy(savedOrder, 0, order, 0, order.length);
    cursor = Integer.parseInt(cp.meta("batch.cursor"));
    step = Integer.parseInt(cp.meta("step"));
    random.setState(Long.parseLong(cp.meta("random.state")));
    if (cp.meta().containsKey("augment.random.state")) {
      augmentRandom.setState(Long.parseLong(cp.meta("augment.random.state")));
      augmentP = Double.parseDouble(cp.meta("augment.p"));
      signalSum = Double.parseDouble(cp.meta("augment.signalSum"));
      signalSteps = Integer.parseInt(cp.meta("augment.signalSteps"));
    }
    losses.clear();
    losses.addAll(CheckpointCodec.losses(cp, file));
    lastCheckpoint = file;
    // Checkpoints written before these entries existed say nothing, and nothing is compared.
    String device = cp.meta().get(DEVICE_KEY);
    if (device != null && !device.equals(manager.getDevice().toString())) {
      resumedElsewhere.add("written on " + device + ", resumed on " + manager.getDevice());
    }
    String version = cp.meta().get(TORCH_VERSION_KEY);
    if (version != null && !version.equals(torchVersion())) {
      resumedElsewhere.add("written with PyTorch " + version + ", resumed with " + torchVersion());
    }
    // What sets the order of the CPU's sums matters only where the CPU did them on both sides; a
    // change of device has been said above.
    boolean cpuBothTimes = !manager.getDevice().isGpu() && (device == null || !device.startsWith("gpu"));
    // the intra-op threads split the CPU's sums
    String threads = cp.meta().get(THREADS_KEY);
    if (threads != null && cpuBothTimes && !threads.equals(Integer.toString(JniUtils.getNumThreads()))) {
      resumedElsewhere.add("written with " + threads + " PyTorch threads, resumed with " + JniUtils.getNumThreads());
    }
    // the CPU's kernels, and which of them oneDNN may pick
    String cpu = cp.meta().get(CPU_KEY);
    if (cpu != null && cpuBothTimes && !cpu.equals(ConvolutionCheck.cpuModel())) {
      resumedElsewhere.add("written on the CPU " + cpu + ", resumed on " + ConvolutionCheck.cpuModel());
    }
    String isa = cp.meta().get(ONEDNN_ISA_KEY);
    if (isa != null && cpuBothTimes && !isa.equals(ConvolutionCheck.oneDnnLimit())) {
      resumedElsewhere.add("written with " + isaSetting(isa) + ", resumed with "
          + isaSetting(ConvolutionCheck.oneDnnLimit()));
    }
  }

  private static String isaSetting(String isa) {
    return isa.equals("unset") ? "ONEDNN_MAX_CPU_ISA unset" : "ONEDNN_MAX_CPU_ISA=" + isa;
  }

  /** The version of the PyTorch library DJL's engine runs. */
  private static String torchVersion() {
    return Engine.getEngine(ENGINE).getVersion();
  }

  /**
   * For a trainer made by {@link #resume}: how the device, the PyTorch version or (on the CPU)
   * PyTorch's thread count, the CPU model or oneDNN's instruction-set limit differ from those the
   * checkpoint was written with, one phrase each; empty when they are the same, when the
   * checkpoint does not record them (written by an earlier version) and for a new trainer.
   * Training goes on either way, but not to the bytes an uninterrupted run would have reached.
   * The same values are necessary for that, not sufficient: another GPU model, which is not
   * recorded, may still sum in another order.
   */
  public List<String> resumedElsewhere() {
    return List.copyOf(resumedElsewhere);
  }

  private static List<NamedTensor> tensors(Block block, String prefix) {
    List<NamedTensor> out = new ArrayList<>();
    for (Parameter p : block.getParameters().values()) {
      out.add(GanOps.toTensor(prefix + p.getName(), p.getArray()));
    }
    return out;
  }

  private static void load(Block block, String prefix, GanCheckpoint cp) {
    for (Parameter p : block.getParameters().values()) {
      GanOps.load(p.getArray(), cp.tensor(prefix + p.getName()));
    }
  }

  private static List<Parameter> parameters(Block block) {
    return block.getParameters().values();
  }

  private static void copyParameters(Block from, Block to) {
    List<Parameter> src = from.getParameters().values();
    List<Parameter> dst = to.getParameters().values();
    for (int i = 0; i < src.size(); i++) {
      GanOps.assign(dst.get(i).getArray(), src.get(i).getArray().toFloatArray());
    }
  }

  /**
   * The L2 norm of the generator loss's gradient for each generator parameter, on a fresh batch
   * and with the configured augmentation between G and D, without updating anything: what a test
   * needs to see that gradients flow through a policy. Draws noise, labels and augmentation from
   * the trainer's streams, so call it on a trainer that is not trained further.
   */
  Map<String, Double> generatorGradientNorms() {
    Map<String, Double> norms = new LinkedHashMap<>();
    try (NDManager s = manager.newSubManager()) {
      int n = config.batchSize();
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(config.architecture().classes());
      }
      NDArray oneHot = oneHot(s, labels);
      NDArray z = noise(s, n);
      GanOps.zeroGradients(generator);
      GanOps.zeroGradients(discriminator);
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        gc.backward(generatorLoss(discriminator.score(augment(generate(generator, z, oneHot, true)), oneHot)));
      }
      for (Parameter p : generator.getParameters().values()) {
        if (!p.requiresGradient()) {
          // batch-norm running statistics
          continue;
        }
        NDArray g = GanOps.local(p.getArray().getGradient(), s);
        norms.put(p.getName(), Math.sqrt(GanOps.local(g.square(), s).sum().getFloat()));
      }
    }
    return norms;
  }

  /** What the engine check before training measured (it passed, or the trainer would not exist). */
  ConvolutionCheck.Result engineCheck() {
    return engineCheck;
  }

  /** The base manager's live array count, for leak checks. */
  int managedArrayCount() {
    return manager.getManagedArrays().size();
  }

  /** The live array count of the engine's system manager (every manager), for leak checks. */
  int engineArrayCount() {
    return manager.getParentManager().getManagedArrays().size();
  }

  @Override
  public void close() {
    manager.close();
  }
}
