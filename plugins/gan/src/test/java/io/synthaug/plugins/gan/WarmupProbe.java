package io.synthaug.plugins.gan;

import io.synthaug.core.ml.MathWarmup;

/** In a process of its own: whether MathWarmup has run before and after a trainer is made. */
final class WarmupProbe {

  private WarmupProbe() {
  }

  public static void main(String[] args) {
    boolean before = MathWarmup.hasRun();
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      System.out.println(before + " " + MathWarmup.hasRun());
    }
  }
}
