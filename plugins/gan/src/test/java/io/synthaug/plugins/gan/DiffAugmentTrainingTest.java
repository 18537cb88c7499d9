package io.synthaug.plugins.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.synthaug.api.ParamException;
import io.synthaug.api.Progress;
import io.synthaug.api.gan.DiffAugmentPolicy;
import io.synthaug.plugins.diffaugment.ColorPolicy;
import io.synthaug.plugins.diffaugment.CutoutPolicy;
import io.synthaug.plugins.diffaugment.TranslationPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DiffAugment inside the trainer: where it is applied, gradients through it, adaptive p. */
class DiffAugmentTrainingTest {

  private static final List<DiffAugmentPolicy> PAPER = List.of(new ColorPolicy(), new TranslationPolicy(),
      new CutoutPolicy());

  @TempDir
  Path tmp;

  /** Passes images through untouched, drawing nothing, and records every batch it sees. */
  private static final class Recorder implements DiffAugmentPolicy {
    final List<Long> batchSizes = new ArrayList<>();

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public String description() {
      return "identity that records batch sizes";
    }

    @Override
    public NDArray apply(NDArray images, boolean[] enabled, RandomGenerator random) {
      batchSizes.add(images.getShape().get(0));
      assertEquals(images.getShape().get(0), enabled.length);
      return images;
    }
  }

  private static List<NamedTensor> train(GanTrainingConfig config, List<? extends DiffAugmentPolicy> available,
      int steps) {
    try (DjlGanTrainer t = DjlGanTrainer.create(config, TinyGan.data(48), Device.cpu(), available)) {
      for (int i = 0; i < steps; i++) {
        t.trainStep();
      }
      List<NamedTensor> all = new ArrayList<>(t.liveGeneratorWeights());
      all.addAll(t.discriminatorWeights());
      return all;
    }
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void withoutPoliciesTrainingIsThePlainGan(GanFamily family) {
    GanTrainingConfig plain = TinyGan.config(family).build();
    List<NamedTensor> reference = train(plain, List.of(), 4);
    // policies present among the plugins but not named: nothing changes
    assertEquals(reference, train(plain, PAPER, 4));
    // an identity policy named: the augmented code path itself is the plain step, bit for bit
    GanTrainingConfig identity = TinyGan.config(family).optAugment(AugmentConfig.always("recorder")).build();
    assertEquals(reference, train(identity, List.of(new Recorder()), 4));
    // and the real policies change training
    GanTrainingConfig paper = TinyGan.config(family).optAugment(AugmentConfig.always("color,translation,cutout"))
        .build();
    assertNotEquals(reference, train(paper, PAPER, 4));
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void realAndFakeAreAugmentedInBothUpdates(GanFamily family) {
    Recorder recorder = new Recorder();
    GanTrainingConfig config = TinyGan.config(family).optAugment(AugmentConfig.always("recorder")).build();
    train(config, List.of(recorder), 1);
    int n = config.batchSize();
    List<Long> expected = new ArrayList<>();
    // each discriminator update sees one augmented batch holding the real and the fake images
    for (int k = 0; k < config.discriminatorSteps(); k++) {
      expected.add((long) 2 * n);
    }
    // the generator update augments its fake batch between G and D
    expected.add((long) n);
    assertEquals(expected, recorder.batchSizes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"color", "translation", "cutout", "color,translation,cutout"})
  void generatorGradientFlowsThroughEveryPolicy(String policies) {
    for (GanFamily family : GanFamily.values()) {
      GanTrainingConfig plain = TinyGan.config(family).build();
      GanTrainingConfig augmented = TinyGan.config(family).optAugment(AugmentConfig.always(policies)).build();
      Map<String, Double> without;
      Map<String, Double> with;
      try (DjlGanTrainer t = DjlGanTrainer.create(plain, TinyGan.data(48), Device.cpu(), PAPER)) {
        without = t.generatorGradientNorms();
      }
      try (DjlGanTrainer t = DjlGanTrainer.create(augmented, TinyGan.data(48), Device.cpu(), PAPER)) {
        with = t.generatorGradientNorms();
      }
      assertEquals(without.keySet(), with.keySet());
      for (Map.Entry<String, Double> e : with.entrySet()) {
        double g = e.getValue();
        assertTrue(Double.isFinite(g) && g > 0, family + " " + policies + ": gradient of " + e.getKey() + " is " + g);
      }
      // same noise and labels (augmentation draws from its own stream): any difference is the policy's
      assertNotEquals(without, with, family + " " + policies);
    }
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void adaptiveProbabilityFollowsTheControllerRule(GanFamily family) {
    AugmentConfig aug = new AugmentConfig("color,translation,cutout", true, 0.3, 200);
    GanTrainingConfig config = TinyGan.config(family).optAugment(aug).build();
    List<StepLosses> losses;
    try (DjlGanTrainer t = DjlGanTrainer.create(config, TinyGan.data(48), Device.cpu(), PAPER)) {
      t.train(Progress.silent(), null, 1);
      losses = List.copyOf(t.losses());
    }
    // replay the rule from the recorded signals: p moves every 4 steps by 4 * batch / adjustImages
    double p = 0;
    double sum = 0;
    boolean moved = false;
    for (int i = 0; i < losses.size(); i++) {
      StepLosses l = losses.get(i);
      assertEquals((float) p, l.augmentP(), 1e-6f, "p at step " + l.step());
      assertTrue(l.realSign() >= -1 && l.realSign() <= 1, "signal " + l.realSign());
      sum += l.realSign();
      if ((i + 1) % AugmentConfig.ADJUST_INTERVAL == 0) {
        double before = p;
        p = Math.min(1, Math.max(0, p + Math.signum(sum / 4 - aug.target()) * 4.0 * config.batchSize()
            / aug.adjustImages()));
        moved |= p != before;
        sum = 0;
      }
    }
    assertTrue(moved, "p never moved in " + losses.size() + " steps");
  }

  @Test
  void adaptiveProbabilityStartsAtZeroAndAlwaysOneOtherwise() {
    GanTrainingConfig adaptive = TinyGan.config(GanFamily.CGAN).optAugment(AugmentConfig.adaptive("color")).build();
    try (DjlGanTrainer t = DjlGanTrainer.create(adaptive, TinyGan.data(48), Device.cpu(), PAPER)) {
      assertEquals(0, t.augmentProbability());
    }
    GanTrainingConfig always = TinyGan.config(GanFamily.CGAN).optAugment(AugmentConfig.always("color")).build();
    try (DjlGanTrainer t = DjlGanTrainer.create(always, TinyGan.data(48), Device.cpu(), PAPER)) {
      t.trainStep();
      assertEquals(1, t.augmentProbability());
      assertEquals(1f, t.losses().get(0).augmentP());
    }
  }

  @ParameterizedTest
  @EnumSource(GanFamily.class)
  void resumedAdaptiveRunEndsWithTheUninterruptedWeights(GanFamily family) {
    AugmentConfig aug = new AugmentConfig("color,translation,cutout", true, 0.3, 200);
    GanTrainingConfig config = TinyGan.config(family).optSteps(12).optAugment(aug).build();
    GanData data = TinyGan.data(48);
    List<NamedTensor> straight;
    List<StepLosses> straightLosses;
    try (DjlGanTrainer t = DjlGanTrainer.create(config, data, Device.cpu(), PAPER)) {
      t.train(Progress.silent(), null, 1);
      straight = t.generatorWeights();
      straightLosses = List.copyOf(t.losses());
    }
    Path ck = tmp.resolve("adaptive.ckpt");
    try (DjlGanTrainer t = DjlGanTrainer.create(config, data, Device.cpu(), PAPER)) {
      // 6 is not a multiple of the adjustment interval: the half-gathered signal must survive
      for (int i = 0; i < 6; i++) {
        t.trainStep();
      }
      t.saveCheckpoint(ck);
    }
    try (DjlGanTrainer t = DjlGanTrainer.resume(ck, data, Device.cpu(), PAPER)) {
      assertEquals(config, t.config());
      t.train(Progress.silent(), null, 1);
      assertEquals(straight, t.generatorWeights());
      assertEquals(straightLosses, t.losses());
    }
  }

  @Test
  void unknownPolicyIsAParamErrorListingTheKnownOnes() {
    GanTrainingConfig config = TinyGan.config(GanFamily.CGAN).optAugment(AugmentConfig.always("color,zoom")).build();
    ParamException e = assertThrows(ParamException.class,
        () -> DjlGanTrainer.create(config, TinyGan.data(48), Device.cpu(), PAPER));
    assertEquals("diffAugment", e.field());
    assertTrue(e.getMessage().contains("'zoom'") && e.getMessage().contains("color, cutout, translation"),
        e.getMessage());
  }

  @Test
  void adaptiveWithoutPoliciesIsRefused() {
    ParamException e = assertThrows(ParamException.class, () -> new AugmentConfig("", true, 0.6, 1000));
    assertEquals("adaptiveAugment", e.field());
    e = assertThrows(ParamException.class, () -> new AugmentConfig("color", true, 1.0, 1000));
    assertEquals("adaptiveTarget", e.field());
  }
}
