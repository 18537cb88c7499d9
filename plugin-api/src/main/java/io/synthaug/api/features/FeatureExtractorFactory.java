package io.synthaug.api.features;

import org.pf4j.ExtensionPoint;

/**
 * A stateless factory for one kind of feature extractor, found by {@link #name()} (a gate's
 * {@code extractor} parameter). Mark an implementation with PF4J's {@code @Extension}; it is made
 * through the engine's dependency injector like a {@link io.synthaug.api.StageFactory}.
 *
 * <p>The parameters are a Java record that a gate binds from its {@code extractorParams} object
 * with the same strict rules as stage parameters (unknown fields are errors); it validates itself
 * in its compact constructor, filling defaults for absent components and throwing
 * {@link io.synthaug.api.ParamException} for bad values. Document its components with
 * {@link io.synthaug.api.Param}.
 *
 * @param <P> the parameter record type
 */
public interface FeatureExtractorFactory<P extends Record> extends ExtensionPoint {

  /** The name a gate's {@code extractor} parameter uses: lower case letters, digits and dashes. */
  String name();

  /** One line saying what the features are. */
  String description();

  /** The parameter record class {@code extractorParams} binds to. */
  Class<P> paramsType();

  /**
   * Whether {@link #create} trains on {@link ExtractorContext#trainingData()}. A gate then keeps
   * those images out of its measurements: features of images a network was trained on sit
   * closer together than features of images it never saw, so measuring synthetic (unseen) images
   * against seen real ones would make them look worse than they are. The default, false, suits a
   * pretrained model.
   */
  default boolean trainsOnData() {
    return false;
  }

  /**
   * Makes an extractor for one gate: loads its model, or trains one on
   * {@link ExtractorContext#trainingData()}.
   *
   * @param params the bound and validated parameters
   * @param context the gate's services
   * @return a new extractor, which the caller closes
   * @throws io.synthaug.api.InputException naming a model file that cannot be used, with what it
   *     takes and what it was given
   */
  FeatureExtractor create(P params, ExtractorContext context);

  /**
   * Checks the bound parameters against the spec before anything runs (a model file that does
   * not exist, say), as {@link io.synthaug.api.StageFactory#validate(Record,
   * io.synthaug.api.ValidationContext)} does for stages; the gate naming this extractor calls it.
   * The default accepts everything.
   *
   * @param params the bound parameters
   * @param context the gate's place in the spec
   * @throws io.synthaug.api.ParamException naming the parameter at fault
   */
  default void validate(P params, io.synthaug.api.ValidationContext context) {
  }
}
