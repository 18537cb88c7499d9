package io.synthaug.api;

import org.pf4j.ExtensionPoint;

/**
 * The extension point of Synthaug: a stateless factory for one stage type.
 *
 * <p>A plugin marks an implementation with PF4J's {@code @Extension}. The engine asks PF4J for
 * the factories once at start-up and creates them through its dependency injector, so a factory
 * may take services with a {@code @jakarta.inject.Inject} constructor.
 *
 * <p>The parameters are a Java record: the engine binds a stage's JSON {@code params} object to
 * it, rejecting unknown fields, and documents it from the {@link Param} annotations on its
 * components. The record validates itself in its compact constructor, filling defaults for
 * absent (null) components and throwing {@link ParamException} for bad values.
 *
 * @param <P> the parameter record type
 */
public interface StageFactory<P extends Record> extends ExtensionPoint {

  /** The name used as {@code type} in pipeline specs: lower case, digits and dashes. */
  String type();

  /** One line saying what the stage does, shown by {@code runner describe} and in schemas. */
  String description();

  /** The parameter record class the stage's {@code params} bind to. */
  Class<P> paramsType();

  /**
   * Makes a stage for one run.
   *
   * @param params the bound and validated parameters
   * @param context the run's services for this stage
   * @return a new stage
   */
  Stage create(P params, StageContext context);

  /**
   * Checks what binding alone cannot: parameters that name extensions of other plugins (a
   * DiffAugment policy, a feature extractor). The engine calls it when it reads a spec, so
   * {@code runner validate} and the start of a run report such mistakes before any stage does
   * work. The default accepts everything.
   *
   * @param params the bound parameters
   * @param extensions the extensions of every loaded plugin
   * @throws ParamException naming the parameter at fault; the engine reports it at its JSON path
   */
  default void validate(P params, ExtensionLookup extensions) {
  }

  /**
   * Checks what binding alone cannot, with what the spec says around the stage: the stages
   * before it (a stage that names earlier stages by id), files its parameters name. The engine
   * calls this one; the default calls {@link #validate(Record, ExtensionLookup)}.
   *
   * @param params the bound parameters
   * @param context the stage's place in the spec, and every loaded plugin's extensions
   * @throws ParamException naming the parameter at fault (a dotted name for a nested one, such
   *     as {@code extractorParams.path}); the engine reports it at its JSON path
   */
  default void validate(P params, ValidationContext context) {
    validate(params, context.extensions());
  }
}
