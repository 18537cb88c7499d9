package io.synthaug.core.spec;

/**
 * A location in a spec, kept both as a readable JSON path ({@code $.stages[1].params}) and as a
 * JSON pointer ({@code /stages/1/params}) for position lookups.
 */
record SpecPath(String jsonPath, String pointer) {

  static final SpecPath ROOT = new SpecPath("$", "");

  SpecPath field(String name) {
    return new SpecPath(jsonPath + "." + name, pointer + "/" + name.replace("~", "~0").replace("/", "~1"));
  }

  SpecPath index(int i) {
    return new SpecPath(jsonPath + "[" + i + "]", pointer + "/" + i);
  }
}
