package io.synthaug.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One stage as written in a spec.
 *
 * @param id a name for the stage, unique in the spec (default {@code <type>-<index>}); it names
 *     the stage's artifacts folder and appears in the manifest
 * @param type the stage type, offered by some plugin
 * @param params the stage's parameters, bound later to the type's record
 */
public record StageSpec(String id, String type, JsonNode params) {
}
