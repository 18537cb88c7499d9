package io.synthaug.examples.elastic;

import io.synthaug.api.Image;
import io.synthaug.api.ImageStage;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The {@code elastic} stage for one run: each input followed by its distorted copies.
 *
 * <p>Copy {@code k} draws from a stream of its own seeded with {@code Seeds.derive(seed, k)}, as
 * the built-in {@code classic} stage seeds its copies, and records that seed in its origin, so a
 * copy can be remade from its origin alone (its parent, its seed and the stage's parameters),
 * whatever the copies before it drew. A copy whose probability draw skips the distortion is
 * still added, unchanged, as {@code classic} adds a copy none of whose ops fired; its origin
 * says {@code "distorted": "false"}.
 *
 * <p>Thread-safe: it holds only its parameters.
 */
final class ElasticStage implements ImageStage {

  private final String stageId;
  private final ElasticParams params;

  ElasticStage(String stageId, ElasticParams params) {
    this.stageId = stageId;
    this.params = params;
  }

  @Override
  public List<Sample> apply(Sample in, RandomGenerator random, long seed) {
    List<Sample> out = new ArrayList<>(1 + params.copies());
    out.add(in);
    Map<String, String> parent = in.origin().parentAttributes();
    for (int k = 0; k < params.copies(); k++) {
      long copySeed = Seeds.derive(seed, k);
      SplittableRandom copyRandom = new SplittableRandom(copySeed);
      Image img = in.image();
      boolean distorted = copyRandom.nextDouble() < params.p();
      if (distorted) {
        float[][] f = ElasticDistortion.field(img.height(), img.width(), params.alpha(), params.sigma(), copyRandom);
        img = ElasticDistortion.apply(img, f[0], f[1]);
      }
      Map<String, String> attributes = new HashMap<>(parent);
      attributes.put("copy", String.valueOf(k));
      attributes.put("distorted", String.valueOf(distorted));
      out.add(new Sample(img, in.label(), Origin.made(stageId, copySeed, attributes)));
    }
    return List.copyOf(out);
  }
}
