package io.synthaug.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.core.plugin.RegisteredStage;

/**
 * A stage of a spec whose type was found and whose params were bound and validated.
 *
 * @param index the stage's position, from 0
 * @param id the stage's id
 * @param registered the stage type and the plugin offering it
 * @param params the bound parameter record
 * @param resolvedParams the parameters as JSON with every default filled in
 */
public record BoundStage(int index, String id, RegisteredStage registered, Record params, JsonNode resolvedParams) {

  /** The stage type name. */
  public String type() {
    return registered.type();
  }
}
