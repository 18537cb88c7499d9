package io.synthaug.examples.elastic;

import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
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
    return new ElasticStage(context.stageId(), params);
  }
}
