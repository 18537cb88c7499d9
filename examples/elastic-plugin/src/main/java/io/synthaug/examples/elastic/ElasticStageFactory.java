package io.synthaug.examples.elastic;

import io.synthaug.api.ImageStage;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** The {@code elastic} stage: adds elastically distorted copies of every image. */
@Extension
public final class ElasticStageFactory implements StageFactory<ElasticParams> {

  @Override
  public String type() {
    return "elastic";
  }

  @Override
  public String description() {
    return "Adds elastically distorted copies of each image (smooth random displacement fields).";
  }

  @Override
  public Class<ElasticParams> paramsType() {
    return ElasticParams.class;
  }

  @Override
  public Stage create(ElasticParams params, StageContext context) {
    String stageId = context.stageId();
    return (ImageStage) (in, random, seed) -> {
      List<Sample> out = new ArrayList<>(1 + params.copies());
      out.add(in);
      for (int k = 0; k < params.copies(); k++) {
        var img = in.image();
        if (random.nextDouble() < params.p()) {
          float[][] f = ElasticDistortion.field(img.height(), img.width(), params.alpha(), params.sigma(), random);
          img = ElasticDistortion.apply(img, f[0], f[1]);
        }
        String parent = in.origin().attributes().getOrDefault("file", in.origin().stage());
        out.add(new Sample(img, in.label(), Origin.made(stageId, seed, Map.of("parent", parent, "copy", String.valueOf(k)))));
      }
      return out;
    };
  }
}
