package io.synthaug.plugins.gan;

import io.synthaug.api.Checks;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.core.sample.SampleAmount;

/**
 * Parameters of the {@code gan} stage. Training settings left out take the family's defaults
 * (see {@link GanFamily}).
 *
 * @param family the GAN family
 * @param steps generator updates
 * @param batchSize images per batch
 * @param generatorLr generator learning rate
 * @param discriminatorLr discriminator learning rate
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param discriminatorSteps discriminator updates per generator update
 * @param gradientPenalty WGAN-GP's lambda
 * @param emaDecay decay of the sampling generator's weight average
 * @param zDim noise length
 * @param baseChannels network width unit
 * @param trainOn which images the GAN learns from
 * @param sample how many images to add
 * @param checkpointEvery steps between checkpoints
 * @param gridEvery steps between sample grids
 * @param sampleBatch images per ONNX Runtime call when sampling
 * @param judgeEpochs epochs of the label-agreement judge; 0 skips it
 * @param diffAugment DiffAugment policy string, empty for none
 * @param adaptiveAugment whether the policies' probability adapts to the discriminator
 * @param adaptiveTarget the overfitting signal's target
 * @param adaptiveAdjustImages images over which the probability can go from 0 to 1, counted as
 *     {@code batchSize} per generator step (not the {@code batchSize x discriminatorSteps} real
 *     images the discriminator sees in that step)
 */
public record GanParams(
    @Param(value = "GAN family: cgan (conditional DCGAN, non-saturating loss) or wgan-gp (Wasserstein, gradient penalty)",
        defaultValue = "\"cgan\"") GanFamily family,
    @Param("Generator updates (default 2000 for cgan, 1500 for wgan-gp)") Integer steps,
    @Param("Images per batch, real and fake each (default 64 for cgan, 32 for wgan-gp)") Integer batchSize,
    @Param("Generator Adam learning rate (default 2e-4)") Double generatorLr,
    @Param("Discriminator Adam learning rate (default 2e-4)") Double discriminatorLr,
    @Param("Adam beta1 (default 0.5)") Double beta1,
    @Param("Adam beta2 (default 0.999 for cgan, 0.9 for wgan-gp)") Double beta2,
    @Param("Discriminator updates per generator update (default 1 for cgan, 5 for wgan-gp)") Integer discriminatorSteps,
    @Param("WGAN-GP penalty weight lambda (default 10; wgan-gp only)") Double gradientPenalty,
    @Param(value = "Decay of the generator weight average used for sampling; 0 samples the live generator",
        defaultValue = "0.999") Double emaDecay,
    @Param(value = "Noise vector length", defaultValue = "64") Integer zDim,
    @Param(value = "Network width unit (channels of the last generator block)", defaultValue = "32") Integer baseChannels,
    @Param(value = "Images the GAN learns from: real (the input images) or all (including earlier stages' images)",
        defaultValue = "\"real\"") TrainOn trainOn,
    @Param(value = "How many images to add: {\"perClass\": N}, {\"ratio\": R} of each class's real count, or"
        + " {\"fillTo\": N} images per class", required = true) SampleAmount sample,
    @Param(value = "Steps between checkpoints (an interrupted run resumes with --resume)", defaultValue = "200")
        Integer checkpointEvery,
    @Param(value = "Steps between sample grids saved to the stage's artifacts; 0 for the final grid only",
        defaultValue = "500") Integer gridEvery,
    @Param(value = "Images per ONNX Runtime call when sampling", defaultValue = "256") Integer sampleBatch,
    @Param(value = "Epochs of the judge classifier trained on the real images to measure label agreement (the share"
        + " of samples of class k it calls k); 0 skips the measurement", defaultValue = "10") Integer judgeEpochs,
    @Param(value = "DiffAugment policies applied to real and fake images in the discriminator and generator updates,"
        + " comma separated and looked up by name among all plugins (e.g. \"color,translation,cutout\"); empty for"
        + " none", defaultValue = "\"\"") String diffAugment,
    @Param(value = "Apply each DiffAugment policy with a probability p adapted to the discriminator's overfitting"
        + " signal (StyleGAN2-ADA): p starts at 0 and rises while D calls more than adaptiveTarget of the real images"
        + " real", defaultValue = "false") Boolean adaptiveAugment,
    @Param(value = "Target of the overfitting signal (the mean sign of D's output on real images) for adaptiveAugment",
        defaultValue = "0.6") Double adaptiveTarget,
    @Param(value = "Images over which adaptiveAugment's p can move from 0 to 1, counted as batchSize per generator"
        + " step; the discriminator sees discriminatorSteps times as many real images (5 times with wgan-gp's"
        + " default), so p moves that much more slowly per real image it sees", defaultValue = "16000")
        Integer adaptiveAdjustImages) {

  /** Which images the GAN learns from. */
  public enum TrainOn {
    /** The input images only. */
    REAL,
    /** Every image the stage receives. */
    ALL
  }

  /** Fills defaults and checks ranges; family-dependent defaults are left null here. */
  public GanParams {
    family = Checks.orDefault(family, GanFamily.CGAN);
    if (steps != null) {
      Checks.range("steps", steps, 1, 10_000_000);
    }
    if (batchSize != null) {
      Checks.range("batchSize", batchSize, 2, 4096);
    }
    // The training configuration checks these again; checking here reports them when the spec is
    // read (runner validate, the start of a run), at their JSON path, before any stage works.
    if (generatorLr != null) {
      GanTrainingConfig.positive("generatorLr", generatorLr);
    }
    if (discriminatorLr != null) {
      GanTrainingConfig.positive("discriminatorLr", discriminatorLr);
    }
    if (beta1 != null) {
      GanTrainingConfig.decay("beta1", beta1);
    }
    if (beta2 != null) {
      GanTrainingConfig.decay("beta2", beta2);
    }
    if (discriminatorSteps != null) {
      GanTrainingConfig.discriminatorSteps(discriminatorSteps);
    }
    emaDecay = Checks.orDefault(emaDecay, 0.999);
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new ParamException("emaDecay", "must be in [0, 1), got " + emaDecay);
    }
    zDim = Checks.range("zDim", Checks.orDefault(zDim, GanArchitecture.DEFAULT_Z_DIM), 1, 1024);
    baseChannels = Checks.range("baseChannels", Checks.orDefault(baseChannels, GanArchitecture.DEFAULT_BASE_CHANNELS),
        4, 256);
    trainOn = Checks.orDefault(trainOn, TrainOn.REAL);
    if (sample == null) {
      throw new ParamException("sample", "is required: {\"perClass\": 1000}, {\"ratio\": 1.0} or {\"fillTo\": 2000}");
    }
    checkpointEvery = Checks.range("checkpointEvery", Checks.orDefault(checkpointEvery, 200), 1, 10_000_000);
    gridEvery = Checks.range("gridEvery", Checks.orDefault(gridEvery, 500), 0, 10_000_000);
    sampleBatch = Checks.range("sampleBatch", Checks.orDefault(sampleBatch, 256), 1, 65_536);
    judgeEpochs = Checks.range("judgeEpochs", Checks.orDefault(judgeEpochs, 10), 0, 1000);
    diffAugment = Checks.orDefault(diffAugment, "").trim();
    adaptiveAugment = Checks.orDefault(adaptiveAugment, false);
    adaptiveTarget = Checks.orDefault(adaptiveTarget, AugmentConfig.DEFAULT_TARGET);
    adaptiveAdjustImages = Checks.orDefault(adaptiveAdjustImages, AugmentConfig.DEFAULT_ADJUST_IMAGES);
    augment(diffAugment, adaptiveAugment, adaptiveTarget, adaptiveAdjustImages);
    if (gradientPenalty != null) {
      if (family != GanFamily.WGAN_GP) {
        throw new ParamException("gradientPenalty", "applies to wgan-gp only, got " + gradientPenalty + " with "
            + family);
      }
      GanTrainingConfig.positive("gradientPenalty", gradientPenalty);
    }
  }

  private static AugmentConfig augment(String policies, boolean adaptive, double target, int adjustImages) {
    return new AugmentConfig(policies, adaptive, target, adjustImages);
  }

  /** The DiffAugment settings. */
  AugmentConfig augmentConfig() {
    return augment(diffAugment, adaptiveAugment, adaptiveTarget, adaptiveAdjustImages);
  }

  /** The training configuration for data of this size, channels and classes. */
  GanTrainingConfig trainingConfig(int imageSize, int channels, int classes, long seed) {
    GanArchitecture arch = new GanArchitecture(zDim, baseChannels, imageSize, channels, classes);
    GanTrainingConfig.Builder b = GanTrainingConfig.builder(family, arch).optEmaDecay(emaDecay).optSeed(seed)
        .optAugment(augmentConfig());
    if (batchSize != null) {
      b.optBatchSize(batchSize);
    }
    if (steps != null) {
      b.optSteps(steps);
    }
    if (generatorLr != null) {
      b.optGeneratorLr(generatorLr);
    }
    if (discriminatorLr != null) {
      b.optDiscriminatorLr(discriminatorLr);
    }
    GanTrainingConfig defaults = b.build();
    b.optBetas(beta1 != null ? beta1 : defaults.beta1(), beta2 != null ? beta2 : defaults.beta2());
    if (discriminatorSteps != null) {
      b.optDiscriminatorSteps(discriminatorSteps);
    }
    if (gradientPenalty != null) {
      b.optGradientPenalty(gradientPenalty);
    }
    return b.build();
  }
}
