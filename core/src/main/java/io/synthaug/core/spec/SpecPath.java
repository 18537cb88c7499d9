package io.synthaug.core.spec;

/**
 * A location in a spec, kept both as a readable JSON path ({@code $.stages[1].params}) and as a
 * JSON pointer ({@code /stages/1/params}) for position lookups.
 */
record SpecPath(String jsonPath, String pointer) {

  static final SpecPath ROOT = new SpecPath("$", "");

  SpecPath field(String name) {
    return new SpecPath(jsonPath + "." + name, pointer + "/" + pointerToken(name));
  }

  /**
   * A member of a map-like object whose keys are user data (arm names such as {@code real+gan}),
   * written {@code ["real+gan"]} so the path stays readable whatever the key holds.
   */
  SpecPath key(String name) {
    return new SpecPath(jsonPath + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]",
        pointer + "/" + pointerToken(name));
  }

  SpecPath index(int i) {
    return new SpecPath(jsonPath + "[" + i + "]", pointer + "/" + i);
  }

  private static String pointerToken(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
