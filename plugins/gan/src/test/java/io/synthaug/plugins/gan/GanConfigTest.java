package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthaug.api.ParamException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GanConfigTest {

  @Test
  void changesAreNamedInTheSpecsTermsOneSettingAtATime() {
    GanArchitecture arch = new GanArchitecture(8, 4, 28, 1, 3);
    GanTrainingConfig was = GanTrainingConfig.builder(GanFamily.CGAN, arch).optSeed(7).build();
    assertEquals(List.of(), was.changesTo(was.toBuilder().build()));

    GanTrainingConfig now = GanTrainingConfig.builder(GanFamily.CGAN, new GanArchitecture(8, 8, 28, 1, 3))
        .optSeed(8).optSteps(2001).optGeneratorLr(3e-4).optEmaDecay(0.99).optDivergenceLimit(1e6)
        .optAugment(AugmentConfig.always("color")).build();
    assertEquals(List.of("baseChannels changed from 4 to 8", "steps changed from 2000 to 2001",
        "generatorLr changed from 0.0002 to 0.0003", "emaDecay changed from 0.999 to 0.99",
        "diffAugment changed from \"\" to \"color\"",
        "the divergence limit (set by Synthaug, not the spec) changed from 100000 to 1000000",
        "the stage's seed changed: the run's seed, or the stage's position in the pipeline (the stage's seed derives"
            + " from both), is not the one the checkpoint was trained with"), was.changesTo(now));

    GanTrainingConfig wgan = GanTrainingConfig.builder(GanFamily.WGAN_GP, arch).optSeed(7).build();
    assertEquals("family changed from cgan to wgan-gp", was.changesTo(wgan).get(0));
    assertEquals(List.of("batchSize changed from 64 to 32", "beta2 changed from 0.999 to 0.9",
        "discriminatorSteps changed from 1 to 5", "gradientPenalty changed from 0 to 10"),
        was.changesTo(wgan).subList(2, 6));
  }

  @Test
  void architectureRejectsUnsupportedSizesWithAHint() {
    ParamException e = assertThrows(ParamException.class, () -> new GanArchitecture(64, 32, 64, 1, 10));
    assertEquals("imageSize", e.field());
    assertEquals("imageSize: must be 28 or 32 (the generator doubles a 7x7 or 8x8 grid twice), got 64; "
        + "resize the images to 28x28 or 32x32 first", e.getMessage());
    assertEquals("channels: must be 1 (gray) or 3 (RGB), got 2",
        assertThrows(ParamException.class, () -> new GanArchitecture(64, 32, 28, 2, 10)).getMessage());
    assertEquals("zDim", assertThrows(ParamException.class, () -> new GanArchitecture(0, 32, 28, 1, 10)).field());
    assertEquals("baseChannels",
        assertThrows(ParamException.class, () -> new GanArchitecture(8, 2, 28, 1, 10)).field());
    assertEquals("classes", assertThrows(ParamException.class, () -> new GanArchitecture(8, 8, 28, 1, 0)).field());
  }

  @Test
  void architectureDerivedSizes() {
    GanArchitecture mnist = GanArchitecture.standard(28, 1, 10);
    assertEquals(7, mnist.startSize());
    assertEquals(4 * GanArchitecture.DEFAULT_BASE_CHANNELS, mnist.startChannels());
    assertEquals(mnist.startChannels() * 49, mnist.denseWidth());
    assertEquals(784, mnist.imageValues());
    assertEquals(4, mnist.criticGridSize());
    GanArchitecture cifar = new GanArchitecture(16, 8, 32, 3, 10);
    assertEquals(8, cifar.startSize());
    assertEquals(4, cifar.criticGridSize());
    assertEquals(32 * 16, cifar.criticFeatures());
    assertEquals(3072, cifar.imageValues());
  }

  @Test
  void familyDefaults() {
    GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
    GanTrainingConfig c = GanTrainingConfig.builder(GanFamily.CGAN, arch).build();
    assertEquals(2e-4, c.generatorLr());
    assertEquals(2e-4, c.discriminatorLr());
    assertEquals(0.5, c.beta1());
    assertEquals(0.999, c.beta2());
    assertEquals(1, c.discriminatorSteps());
    assertEquals(0.0, c.gradientPenalty());
    assertEquals(2000, c.steps());
    assertEquals(64, c.batchSize());
    GanTrainingConfig w = GanTrainingConfig.builder(GanFamily.WGAN_GP, arch).build();
    assertEquals(2e-4, w.generatorLr());
    assertEquals(0.5, w.beta1());
    assertEquals(0.9, w.beta2());
    assertEquals(5, w.discriminatorSteps());
    assertEquals(10.0, w.gradientPenalty());
    assertEquals(1500, w.steps());
    assertEquals(32, w.batchSize());
    assertEquals(0.999, w.emaDecay());
    assertEquals(w, w.toBuilder().build());
  }

  @Test
  void configRejectsBadValuesNamingTheField() {
    GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
    assertEquals("steps: must be at least 1, got 0", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optSteps(0).build()).getMessage());
    assertEquals("batchSize", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optBatchSize(1).build()).field());
    assertEquals("generatorLr: must be a positive finite number, got NaN", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optGeneratorLr(Double.NaN).build()).getMessage());
    assertEquals("beta2", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optBetas(0.5, 1.0).build()).field());
    assertEquals("gradientPenalty: applies to WGAN_GP only; must be 0 for CGAN, got 10.0",
        assertThrows(ParamException.class,
            () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optGradientPenalty(10).build()).getMessage());
    assertEquals("gradientPenalty", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.WGAN_GP, arch).optGradientPenalty(0).build()).field());
    assertEquals("emaDecay", assertThrows(ParamException.class,
        () -> GanTrainingConfig.builder(GanFamily.CGAN, arch).optEmaDecay(1).build()).field());
  }
}
