package io.synthaug.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a JSON document starts, by JSON pointer. Binding from a tree loses
 * positions, so the engine indexes them in one streaming pass and looks them up when it reports
 * an error at a path.
 */
final class JsonLocations {

  private final Map<String, JsonLocation> byPointer = new HashMap<>();

  /** Indexes the document the parser reads, up to its end; the parser is left exhausted. */
  static JsonLocations index(JsonParser parser) throws IOException {
    JsonLocations locations = new JsonLocations();
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        continue;
      }
      locations.byPointer.putIfAbsent(pointer, parser.currentTokenLocation());
    }
    return locations;
  }

  /**
   * The location of the value at {@code pointer}, or of its nearest ancestor that exists (a
   * missing field is reported where its parent object starts).
   */
  JsonLocation find(String pointer) {
    String p = pointer;
    while (true) {
      JsonLocation loc = byPointer.get(p);
      if (loc != null || p.isEmpty()) {
        return loc;
      }
      p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
    }
  }
}
