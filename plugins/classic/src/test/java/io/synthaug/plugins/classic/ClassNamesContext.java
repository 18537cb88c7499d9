package io.synthaug.plugins.classic;

import io.synthaug.api.StageContext;
import java.util.List;

/**
 * The engine hook this plugin needs and the API lacks, defined here for tests only: a context
 * that knows the class names of the dataset a stage will see, so that the {@code classes}
 * parameter can be turned into labels when the stage is made. With it the engine would call
 * {@link ClassicStageFactory#create(ClassicParams, StageContext, List)}; in the API it would be
 * a method {@code List<String> classNames()} on {@link StageContext} itself.
 */
interface ClassNamesContext extends StageContext {

  /** The class names of the dataset the stage will see, indexed by label. */
  List<String> classNames();
}
