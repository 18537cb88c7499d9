package io.synthaug.plugins.gan;

import io.synthaug.api.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link GanTrainingConfig} and the loss history travel in a {@link GanCheckpoint}: the
 * configuration as text metadata ({@code config.*}; doubles in Java's shortest round-trip form,
 * so they read back exactly), the losses as five float tensors ({@code losses.*}, one value per
 * step).
 */
final class CheckpointCodec {

  private static final String[] LOSS_NAMES = {"losses.d", "losses.g", "losses.gp", "losses.real", "losses.fake",
      "losses.augmentP", "losses.realSign"};

  /** The columns every checkpoint has; the last two came with DiffAugment and default to 0. */
  private static final int REQUIRED_COLUMNS = 5;

  private CheckpointCodec() {
  }

  static void putConfig(GanCheckpoint cp, GanTrainingConfig c) {
    GanArchitecture a = c.architecture();
    cp.put("config.family", c.family().name());
    cp.put("config.zDim", Integer.toString(a.zDim()));
    cp.put("config.baseChannels", Integer.toString(a.baseChannels()));
    cp.put("config.imageSize", Integer.toString(a.imageSize()));
    cp.put("config.channels", Integer.toString(a.channels()));
    cp.put("config.classes", Integer.toString(a.classes()));
    cp.put("config.steps", Integer.toString(c.steps()));
    cp.put("config.batchSize", Integer.toString(c.batchSize()));
    cp.put("config.generatorLr", Double.toString(c.generatorLr()));
    cp.put("config.discriminatorLr", Double.toString(c.discriminatorLr()));
    cp.put("config.beta1", Double.toString(c.beta1()));
    cp.put("config.beta2", Double.toString(c.beta2()));
    cp.put("config.discriminatorSteps", Integer.toString(c.discriminatorSteps()));
    cp.put("config.gradientPenalty", Double.toString(c.gradientPenalty()));
    cp.put("config.emaDecay", Double.toString(c.emaDecay()));
    cp.put("config.divergenceLimit", Double.toString(c.divergenceLimit()));
    cp.put("config.seed", Long.toString(c.seed()));
    AugmentConfig aug = c.augment();
    cp.put("config.augment.policies", aug.policies());
    cp.put("config.augment.adaptive", Boolean.toString(aug.adaptive()));
    cp.put("config.augment.target", Double.toString(aug.target()));
    cp.put("config.augment.adjustImages", Integer.toString(aug.adjustImages()));
  }

  static GanTrainingConfig config(GanCheckpoint cp, Path file) {
    try {
      GanArchitecture a = new GanArchitecture(integer(cp, "zDim"), integer(cp, "baseChannels"),
          integer(cp, "imageSize"), integer(cp, "channels"), integer(cp, "classes"));
      return new GanTrainingConfig(GanFamily.valueOf(cp.meta("config.family")), a, integer(cp, "steps"),
          integer(cp, "batchSize"), real(cp, "generatorLr"), real(cp, "discriminatorLr"), real(cp, "beta1"),
          real(cp, "beta2"), integer(cp, "discriminatorSteps"), real(cp, "gradientPenalty"), real(cp, "emaDecay"),
          real(cp, "divergenceLimit"), Long.parseLong(cp.meta("config.seed")), augment(cp));
    } catch (IllegalArgumentException e) {
      throw new InputException(file.toString(), "checkpoint holds an invalid configuration: " + e.getMessage(), e);
    }
  }

  /** Checkpoints written before DiffAugment existed hold no augment entries: they trained without. */
  private static AugmentConfig augment(GanCheckpoint cp) {
    if (!cp.meta().containsKey("config.augment.policies")) {
      return AugmentConfig.NONE;
    }
    return new AugmentConfig(cp.meta("config.augment.policies"),
        Boolean.parseBoolean(cp.meta("config.augment.adaptive")), real(cp, "augment.target"),
        integer(cp, "augment.adjustImages"));
  }

  private static int integer(GanCheckpoint cp, String key) {
    return Integer.parseInt(cp.meta("config." + key));
  }

  private static double real(GanCheckpoint cp, String key) {
    return Double.parseDouble(cp.meta("config." + key));
  }

  static void putLosses(GanCheckpoint cp, List<StepLosses> losses) {
    int n = losses.size();
    float[][] columns = new float[LOSS_NAMES.length][n];
    for (int i = 0; i < n; i++) {
      StepLosses l = losses.get(i);
      columns[0][i] = l.discriminatorLoss();
      columns[1][i] = l.generatorLoss();
      columns[2][i] = l.gradientPenalty();
      columns[3][i] = l.realScore();
      columns[4][i] = l.fakeScore();
      columns[5][i] = l.augmentP();
      columns[6][i] = l.realSign();
    }
    for (int c = 0; c < LOSS_NAMES.length; c++) {
      cp.put(new NamedTensor(LOSS_NAMES[c], new long[] {n}, columns[c]));
    }
  }

  static List<StepLosses> losses(GanCheckpoint cp, Path file) {
    float[][] columns = new float[LOSS_NAMES.length][];
    for (int c = 0; c < LOSS_NAMES.length; c++) {
      boolean present = c < REQUIRED_COLUMNS || cp.tensors().containsKey(LOSS_NAMES[c]);
      columns[c] = present ? cp.tensor(LOSS_NAMES[c]).values() : new float[columns[0].length];
      if (columns[c].length != columns[0].length) {
        throw new InputException(file.toString(), "checkpoint's loss columns differ in length ("
            + LOSS_NAMES[c] + " has " + columns[c].length + ", " + LOSS_NAMES[0] + " " + columns[0].length + ")");
      }
    }
    List<StepLosses> out = new ArrayList<>();
    for (int i = 0; i < columns[0].length; i++) {
      out.add(new StepLosses(i + 1, columns[0][i], columns[1][i], columns[2][i], columns[3][i], columns[4][i],
          columns[5][i], columns[6][i]));
    }
    return out;
  }
}
