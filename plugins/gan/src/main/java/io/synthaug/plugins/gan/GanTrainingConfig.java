package io.synthaug.plugins.gan;

import io.synthaug.api.ParamException;
import io.synthaug.core.spec.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides a GAN training run: with the same data, configuration and machine the
 * trainer produces bit-identical weights.
 *
 * <p>Build one with {@link #builder(GanFamily, GanArchitecture)}, which fills each family's
 * defaults (see {@link GanFamily}; CGAN: 2,000 steps of batch 64, WGAN-GP: 1,500 steps of batch
 * 32, both sized to train in under 10 minutes on two CPU cores); the canonical constructor
 * checks every value and names the field at fault.
 *
 * @param family the loss family
 * @param architecture the network shapes
 * @param steps generator updates to run
 * @param batchSize images per batch (real and fake each)
 * @param generatorLr Adam learning rate of the generator
 * @param discriminatorLr Adam learning rate of the discriminator
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param discriminatorSteps discriminator (critic) updates per generator update
 * @param gradientPenalty WGAN-GP's penalty weight lambda; 0 for {@link GanFamily#CGAN}
 * @param emaDecay decay of the generator's moving weight average used for sampling; 0 samples the
 *     live generator
 * @param divergenceLimit a loss whose magnitude exceeds this stops training as diverged (a NaN or
 *     infinite loss always does)
 * @param seed the seed of every random number the run draws
 * @param augment DiffAugment policies applied to the discriminator's inputs, and whether their
 *     strength adapts ({@link AugmentConfig#NONE} for plain training)
 */
public record GanTrainingConfig(
    GanFamily family,
    GanArchitecture architecture,
    int steps,
    int batchSize,
    double generatorLr,
    double discriminatorLr,
    double beta1,
    double beta2,
    int discriminatorSteps,
    double gradientPenalty,
    double emaDecay,
    double divergenceLimit,
    long seed,
    AugmentConfig augment) {

  /** Checks every value. */
  public GanTrainingConfig {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(augment, "augment");
    if (steps < 1) {
      throw new ParamException("steps", "must be at least 1, got " + steps);
    }
    if (batchSize < 2 || batchSize > 4096) {
      throw new ParamException("batchSize", "must be between 2 and 4096 (batch normalization needs two images), got "
          + batchSize);
    }
    positive("generatorLr", generatorLr);
    positive("discriminatorLr", discriminatorLr);
    decay("beta1", beta1);
    decay("beta2", beta2);
    discriminatorSteps(discriminatorSteps);
    if (family == GanFamily.WGAN_GP) {
      positive("gradientPenalty", gradientPenalty);
    } else if (gradientPenalty != 0) {
      throw new ParamException("gradientPenalty", "applies to WGAN_GP only; must be 0 for " + family + ", got "
          + gradientPenalty);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new ParamException("emaDecay", "must be in [0, 1), got " + emaDecay);
    }
    positive("divergenceLimit", divergenceLimit);
  }

  /**
   * Checks a learning rate or penalty weight; {@link GanParams} checks the spec's values with it,
   * so a spec is rejected when it is read with the message training would give.
   */
  static void positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParamException(field, "must be a positive finite number, got " + value);
    }
  }

  /** Checks one of Adam's moment decays. */
  static void decay(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new ParamException(field, "must be in [0, 1), got " + value);
    }
  }

  /** Checks the discriminator updates per generator update. */
  static void discriminatorSteps(int value) {
    if (value < 1 || value > 100) {
      throw new ParamException("discriminatorSteps", "must be between 1 and 100, got " + value);
    }
  }

  /**
   * What differs between this configuration (a checkpoint's) and {@code now} (the spec's), one
   * phrase a setting in the spec's terms, such as {@code generatorLr changed from 0.0002 to
   * 0.0003}; empty when they are equal. Settings a spec does not name are described: the image
   * size, channels and classes come from the data, the seed from the run's seed and the stage's
   * position, and the divergence limit from the version of Synthaug.
   */
  public List<String> changesTo(GanTrainingConfig now) {
    List<String> out = new ArrayList<>();
    change(out, "family", Json.enumName(family), Json.enumName(now.family));
    GanArchitecture a = architecture;
    GanArchitecture b = now.architecture;
    change(out, "zDim", a.zDim(), b.zDim());
    change(out, "baseChannels", a.baseChannels(), b.baseChannels());
    change(out, "the image size (from the data)", a.imageSize(), b.imageSize());
    change(out, "the image channels (from the data)", a.channels(), b.channels());
    change(out, "the number of classes (from the data)", a.classes(), b.classes());
    change(out, "steps", steps, now.steps);
    change(out, "batchSize", batchSize, now.batchSize);
    change(out, "generatorLr", generatorLr, now.generatorLr);
    change(out, "discriminatorLr", discriminatorLr, now.discriminatorLr);
    change(out, "beta1", beta1, now.beta1);
    change(out, "beta2", beta2, now.beta2);
    change(out, "discriminatorSteps", discriminatorSteps, now.discriminatorSteps);
    change(out, "gradientPenalty", gradientPenalty, now.gradientPenalty);
    change(out, "emaDecay", emaDecay, now.emaDecay);
    change(out, "diffAugment", "\"" + augment.policies() + "\"", "\"" + now.augment.policies() + "\"");
    change(out, "adaptiveAugment", augment.adaptive(), now.augment.adaptive());
    change(out, "adaptiveTarget", augment.target(), now.augment.target());
    change(out, "adaptiveAdjustImages", augment.adjustImages(), now.augment.adjustImages());
    if (divergenceLimit != now.divergenceLimit) {
      out.add("the divergence limit (set by Synthaug, not the spec) changed from " + plain(divergenceLimit) + " to "
          + plain(now.divergenceLimit));
    }
    if (seed != now.seed) {
      out.add("the stage's seed changed: the run's seed, or the stage's position in the pipeline (the stage's seed"
          + " derives from both), is not the one the checkpoint was trained with");
    }
    return out;
  }

  private static void change(List<String> out, String name, Object was, Object now) {
    if (was instanceof Double w && now instanceof Double n) {
      if (Double.compare(w, n) != 0) {
        out.add(name + " changed from " + plain(w) + " to " + plain(n));
      }
    } else if (!was.equals(now)) {
      out.add(name + " changed from " + was + " to " + now);
    }
  }

  /** A number as a spec writes it: 0.0002, not 2.0E-4; 10, not 10.0; far from 1, as Java writes it (1.0E30). */
  static String plain(double v) {
    double m = Math.abs(v);
    return v == 0 || (m >= 1e-9 && m < 1e9) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        : Double.toString(v);
  }

  /** A builder holding {@code family}'s defaults (see {@link GanFamily}) and seed 0. */
  public static Builder builder(GanFamily family, GanArchitecture architecture) {
    return new Builder(family, architecture);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(family, architecture);
    b.steps = steps;
    b.batchSize = batchSize;
    b.generatorLr = generatorLr;
    b.discriminatorLr = discriminatorLr;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.discriminatorSteps = discriminatorSteps;
    b.gradientPenalty = gradientPenalty;
    b.emaDecay = emaDecay;
    b.divergenceLimit = divergenceLimit;
    b.seed = seed;
    b.augment = augment;
    return b;
  }

  /** Builds a {@link GanTrainingConfig}; every {@code opt} method overrides one default. */
  public static final class Builder {
    private final GanFamily family;
    private final GanArchitecture architecture;
    private int steps;
    private int batchSize;
    private double generatorLr;
    private double discriminatorLr;
    private double beta1;
    private double beta2;
    private int discriminatorSteps;
    private double gradientPenalty;
    private double emaDecay = 0.999;
    private double divergenceLimit = 1e5;
    private long seed;
    private AugmentConfig augment = AugmentConfig.NONE;

    private Builder(GanFamily family, GanArchitecture architecture) {
      this.family = Objects.requireNonNull(family, "family");
      this.architecture = Objects.requireNonNull(architecture, "architecture");
      // Measured on the 3,000-digit MNIST subset, two shared CPU cores (plugins/gan/README.md):
      // CGAN 2,000 steps of 64 took 412 s for 98.7 % label agreement; WGAN-GP 1,500 steps of 32
      // took 492 s for 95.8 % (batches of 64 cost twice the time per step for fewer updates).
      if (family == GanFamily.CGAN) {
        steps = 2000;
        batchSize = 64;
        generatorLr = 2e-4;
        discriminatorLr = 2e-4;
        beta1 = 0.5;
        beta2 = 0.999;
        discriminatorSteps = 1;
        gradientPenalty = 0;
      } else {
        steps = 1500;
        batchSize = 32;
        generatorLr = 2e-4;
        discriminatorLr = 2e-4;
        beta1 = 0.5;
        beta2 = 0.9;
        discriminatorSteps = 5;
        gradientPenalty = 10;
      }
    }

    /** Generator updates. */
    public Builder optSteps(int value) {
      steps = value;
      return this;
    }

    /** Images per batch. */
    public Builder optBatchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Both learning rates. */
    public Builder optLearningRate(double value) {
      generatorLr = value;
      discriminatorLr = value;
      return this;
    }

    /** The generator's learning rate. */
    public Builder optGeneratorLr(double value) {
      generatorLr = value;
      return this;
    }

    /** The discriminator's learning rate. */
    public Builder optDiscriminatorLr(double value) {
      discriminatorLr = value;
      return this;
    }

    /** Adam's two decays. */
    public Builder optBetas(double first, double second) {
      beta1 = first;
      beta2 = second;
      return this;
    }

    /** Discriminator updates per generator update. */
    public Builder optDiscriminatorSteps(int value) {
      discriminatorSteps = value;
      return this;
    }

    /** WGAN-GP's lambda. */
    public Builder optGradientPenalty(double value) {
      gradientPenalty = value;
      return this;
    }

    /** Decay of the sampling generator's moving average. */
    public Builder optEmaDecay(double value) {
      emaDecay = value;
      return this;
    }

    /** Loss magnitude that counts as divergence. */
    public Builder optDivergenceLimit(double value) {
      divergenceLimit = value;
      return this;
    }

    /** The run's seed. */
    public Builder optSeed(long value) {
      seed = value;
      return this;
    }

    /** DiffAugment policies and their adaptive strength ({@link AugmentConfig#NONE} by default). */
    public Builder optAugment(AugmentConfig value) {
      augment = value;
      return this;
    }

    /** The checked configuration. */
    public GanTrainingConfig build() {
      return new GanTrainingConfig(family, architecture, steps, batchSize, generatorLr, discriminatorLr, beta1,
          beta2, discriminatorSteps, gradientPenalty, emaDecay, divergenceLimit, seed, augment);
    }
  }
}
