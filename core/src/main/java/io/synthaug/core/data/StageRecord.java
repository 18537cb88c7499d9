package io.synthaug.core.data;

import java.util.Objects;

/**
 * What the manifest records about the stage that made a sample.
 *
 * @param type the stage type as written in the spec (for example {@code "flip"})
 * @param paramsJson the stage's resolved parameters as compact JSON
 */
public record StageRecord(String type, String paramsJson) {

  /** Checks for nulls. */
  public StageRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(paramsJson, "paramsJson");
  }
}
