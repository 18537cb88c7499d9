package io.synthaug.api;

/**
 * A configured pipeline stage, made by a {@link StageFactory} for one run.
 *
 * <p>A stage is one of two kinds, and says which by the interface it implements:
 * <ul>
 *   <li>{@link ImageStage}: acts on one image at a time, independently of the others (classic
 *       augmentation, sampling a trained generator). The engine spreads such stages over the
 *       available cores, and a distributed runner may partition them.</li>
 *   <li>{@link DatasetStage}: needs the whole dataset at once (training a generator, a quality
 *       gate, a classifier experiment).</li>
 * </ul>
 *
 * <p>The engine closes every stage it made when the run ends, successfully or not.
 */
public sealed interface Stage extends AutoCloseable permits ImageStage, DatasetStage {

  /** Releases native resources held by the stage; the default holds none. */
  @Override
  default void close() {
  }
}
