package io.synthaug.core.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.ParamException;
import io.synthaug.api.SpecException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One JSON document being read (a pipeline spec or an experiment file): its tree, the position of
 * every value, and the binding of parts of it to records, with every problem reported as a
 * {@link SpecException} that names the file, the JSON path, the line and the column.
 */
final class SpecDocument implements SpecErrors {

  private final String name;
  private final JsonNode root;
  private final JsonLocations locations;

  private SpecDocument(String name, JsonNode root, JsonLocations locations) {
    this.name = name;
    this.root = root;
    this.locations = locations;
  }

  /** The text of {@code file}; {@code what} names the kind of file in messages ("spec"). */
  static String readText(Path file, String what) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // a byte-order mark, as some Windows editors save UTF-8, is no JSON: skip it
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (MalformedInputException e) {
      throw new SpecException(file.toString(), "", -1, -1, "the " + what + " file is not UTF-8 text (a JSON file"
          + " must be): save it as UTF-8", e);
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), "", -1, -1, what + " file not found");
    } catch (IOException e) {
      throw new SpecException(file.toString(), "", -1, -1, "cannot read the " + what + " file: " + e.getMessage(), e);
    }
  }

  /**
   * A document known by name only, for checks after its text is gone: its errors name the file
   * and the JSON path, without line and column.
   */
  static SpecDocument unlocated(Path file) {
    return new SpecDocument(file == null ? null : file.toString(), null, null);
  }

  /** Parses {@code text}; {@code file} (may be null) names it in messages. */
  static SpecDocument parse(String text, Path file) {
    String name = file == null ? null : file.toString();
    try (JsonParser parser = Json.mapper().createParser(text)) {
      JsonLocations locations = JsonLocations.index(parser);
      return new SpecDocument(name, wholeNumbers(Json.mapper().readTree(text)), locations);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new SpecException(name, "", loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(),
          "malformed JSON: " + plainJson(firstLine(e.getOriginalMessage())), e);
    } catch (IOException e) {
      throw new SpecException(name, "", -1, -1, "cannot read the spec: " + e.getMessage(), e);
    }
  }

  /**
   * {@code node} with every floating-point number that has no fractional part (1.0, 1e3) made an
   * integer, so a tool that writes every number as a float can set a count or a seed; 1.5 for
   * one stays a float and is refused, never cut to 1. Fields that take any number read either.
   */
  static JsonNode wholeNumbers(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.fieldNames().forEachRemaining(f -> object.set(f, wholeNumbers(object.get(f))));
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, wholeNumbers(array.get(i)));
      }
      return array;
    }
    if (node != null && node.isFloatingPointNumber()) {
      double v = node.doubleValue();
      if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
        long whole = (long) v;
        return whole == (int) whole ? IntNode.valueOf((int) whole) : LongNode.valueOf(whole);
      }
    }
    return node;
  }

  /** The document's name in messages, or null. */
  String name() {
    return name;
  }

  /** The whole document; null for an empty text. */
  JsonNode root() {
    return root;
  }

  @Override
  public SpecException at(String problem, Object... path) {
    SpecPath p = SpecPath.ROOT;
    for (Object step : path) {
      p = step instanceof Integer i ? p.index(i) : p.field(step.toString());
    }
    return error(p, problem);
  }

  /** A problem at {@code path}, located in the text. */
  SpecException error(SpecPath path, String problem) {
    return error(path, problem, null);
  }

  /** A problem at {@code path} with its cause, located in the text. */
  SpecException error(SpecPath path, String problem, Throwable cause) {
    JsonLocation loc = locations == null ? null : locations.find(path.pointer());
    int line = loc == null ? -1 : loc.getLineNr();
    int col = loc == null ? -1 : loc.getColumnNr();
    return new SpecException(name, path.jsonPath(), line, col, problem, cause);
  }

  /**
   * Where {@code path} is, as {@link SpecException} messages show it: {@code file:line:column at
   * $.path}, for messages of other kinds that point into the document.
   */
  String where(SpecPath path) {
    JsonLocation loc = locations == null ? null : locations.find(path.pointer());
    StringBuilder sb = new StringBuilder(name == null ? "<spec>" : name);
    if (loc != null && loc.getLineNr() > 0) {
      sb.append(':').append(loc.getLineNr());
      if (loc.getColumnNr() > 0) {
        sb.append(':').append(loc.getColumnNr());
      }
    }
    return sb.append(" at ").append(path.jsonPath()).toString();
  }

  /**
   * Binds {@code node}, found at {@code at}, to {@code type}; a binding failure becomes a
   * {@link SpecException} at the exact path of the bad value.
   */
  <T> T bind(JsonNode node, SpecPath at, Class<T> type) {
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (JsonMappingException e) {
      SpecPath path = at;
      for (JsonMappingException.Reference ref : e.getPath()) {
        path = ref.getFieldName() != null ? path.field(ref.getFieldName()) : path.index(ref.getIndex());
      }
      if (e instanceof ValueInstantiationException && e.getCause() instanceof ParamException p
          && !path.jsonPath().endsWith("." + p.field())) {
        // a record naming its own field (a nested object checking itself as a whole) is not doubled
        path = path.field(p.field());
      }
      throw error(path, describe(e), e);
    } catch (JsonProcessingException e) {
      throw error(at, firstLine(e.getOriginalMessage()), e);
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + u.getPropertyName() + "'; known fields: " + known;
    }
    if (e instanceof InvalidTypeIdException t) {
      String list = knownSubtypes(t);
      if (t.getTypeId() == null) {
        return "missing 'format'; known formats: " + list;
      }
      return "unknown format '" + t.getTypeId() + "'; known formats: " + list;
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause();
      if (cause instanceof ParamException p) {
        return p.problem();
      }
      if (cause != null && cause.getMessage() != null) {
        return cause.getMessage();
      }
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getTargetType().isEnum()) {
      String expected = expected(m.getTargetType());
      String got = got(m);
      if (expected != null && got != null) {
        return "expected " + expected + ", got " + got;
      }
    }
    String msg = firstLine(e.getOriginalMessage()).replace("`java.lang.", "`").replace("`java.util.", "`");
    // an enum's own wording names the Java type: "Cannot deserialize value of type `GanFamily` from
    // String "dcgan": expected one of: cgan, wgan-gp" reads as the part after the type
    int from = msg.indexOf(" from String \"");
    if (e instanceof InvalidFormatException && msg.startsWith("Cannot deserialize value of type `") && from > 0) {
      return "got " + msg.substring(from + " from String ".length()).replaceFirst(": ", "; ");
    }
    return msg.replaceAll("`[a-z]+(\\.[a-z0-9]+)+\\.([A-Za-z$]+)`", "`$2`");
  }

  /** The type names the failed polymorphic type declares, sorted, as a spec writes them. */
  private static String knownSubtypes(InvalidTypeIdException t) {
    JsonSubTypes subtypes = t.getBaseType() == null ? null
        : t.getBaseType().getRawClass().getAnnotation(JsonSubTypes.class);
    if (subtypes == null) {
      return "";
    }
    return Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).sorted().collect(Collectors.joining(", "));
  }

  /** What a spec writer must give for {@code type}, or null when that is not plain to say. */
  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return null;
  }

  /** The JSON value a mismatch met, as the spec wrote it, or null when the parser cannot say. */
  private static String got(MismatchedInputException m) {
    if (!(m.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
      return null;
    }
    try {
      return switch (parser.currentToken()) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> parser.getText();
        default -> null;
      };
    } catch (IOException e) {
      return null;
    }
  }

  /** A parser message without the advice to switch on a Jackson feature, which a spec cannot. */
  private static String plainJson(String message) {
    if (message.startsWith("Non-standard token '")) {
      int end = message.indexOf('\'', "Non-standard token '".length());
      return "'" + message.substring("Non-standard token '".length(), end) + "' is not a JSON number;"
          + " write a finite number";
    }
    return message;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
