package io.synthaug.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one component of a stage's parameter record. The engine uses it for
 * {@code runner describe}, the JSON schema, and to reject specs that omit a required field.
 *
 * <p>The default shown here is documentation; the record's compact constructor is what fills
 * it in. The engine's tests check that both agree for every stage type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Param {

  /** One line saying what the parameter does. */
  String value();

  /** The default, as JSON text (for example {@code 0.5}, {@code "all"}, {@code []}); empty if none. */
  String defaultValue() default "";

  /** Whether a spec must give this parameter. */
  boolean required() default false;
}
