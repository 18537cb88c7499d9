package io.synthaug.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.api.SpecException;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.plugin.StageTypes;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and checks a pipeline spec in two steps: the envelope first, then each stage's
 * {@code params} against the record of the factory its {@code type} names. Every problem is a
 * {@link SpecException} naming the file, the JSON path and the line and column.
 */
public final class SpecReader {

  private static final Pattern STAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final StageTypes types;
  private final ObjectMapper mapper = Json.mapper();

  /** A reader that finds stage types in {@code types}. */
  public SpecReader(StageTypes types) {
    this.types = types;
  }

  /** Reads the spec file; relative paths in it resolve against its folder. */
  public BoundPipeline read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), "", -1, -1, "spec file not found");
    } catch (IOException e) {
      throw new SpecException(file.toString(), "", -1, -1, "cannot read the spec file: " + e.getMessage(), e);
    }
    Path abs = file.toAbsolutePath().normalize();
    return read(text, file, abs.getParent());
  }

  /**
   * Reads a spec from text.
   *
   * @param text the JSON
   * @param file the file it came from, for messages (may be null)
   * @param baseDir the folder relative paths resolve against
   */
  public BoundPipeline read(String text, Path file, Path baseDir) {
    Doc doc = new Doc(file == null ? null : file.toString(), text);
    JsonNode root;
    try (JsonParser parser = mapper.createParser(text)) {
      doc.locations = JsonLocations.index(parser);
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new SpecException(doc.name, "", loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(),
          "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new SpecException(doc.name, "", -1, -1, "cannot read the spec: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw doc.error(SpecPath.ROOT, "a spec must be a JSON object with input, output and stages");
    }
    PipelineSpec spec = bind(doc, root, SpecPath.ROOT, PipelineSpec.class);
    if (spec.version() != PipelineSpec.CURRENT_VERSION) {
      throw doc.error(SpecPath.ROOT.field("version"),
          "unsupported spec version " + spec.version() + "; this runner reads version " + PipelineSpec.CURRENT_VERSION);
    }
    if (spec.input() == null) {
      throw doc.error(SpecPath.ROOT.field("input"), "missing required field 'input' (the dataset to read)");
    }
    if (spec.threads() != null && spec.threads() < 1) {
      throw doc.error(SpecPath.ROOT.field("threads"), "must be at least 1, got " + spec.threads());
    }
    checkInput(doc, spec.input());
    if (spec.output() != null && (spec.output().path() == null || spec.output().path().isBlank())) {
      throw doc.error(SpecPath.ROOT.field("output").field("path"), "missing required field 'path' (the output folder)");
    }

    List<BoundStage> stages = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    ObjectNode resolved = root.deepCopy();
    for (int i = 0; i < spec.stages().size(); i++) {
      SpecPath at = SpecPath.ROOT.field("stages").index(i);
      StageSpec s = spec.stages().get(i);
      if (s == null) {
        throw doc.error(at, "a stage must be an object with a 'type'");
      }
      if (s.type() == null || s.type().isBlank()) {
        throw doc.error(at.field("type"), "missing required field 'type'; known stage types: " + knownTypes());
      }
      RegisteredStage reg = types.find(s.type()).orElseThrow(() -> doc.error(at.field("type"),
          "unknown stage type '" + s.type() + "'; known stage types: " + knownTypes()));
      String id = s.id() == null ? s.type() + "-" + i : s.id();
      if (!STAGE_ID.matcher(id).matches()) {
        throw doc.error(at.field("id"), "stage id '" + id + "' may hold only letters, digits, '.', '_' and '-'");
      }
      if (!ids.add(id)) {
        throw doc.error(at.field("id"), "stage id '" + id + "' is used twice; give each stage its own id");
      }
      JsonNode params = s.params();
      if (params == null || params.isNull()) {
        params = JsonNodeFactory.instance.objectNode();
      } else if (!params.isObject()) {
        throw doc.error(at.field("params"), "params must be a JSON object");
      }
      Record bound = bindParams(doc, params, at.field("params"), reg.factory().paramsType());
      JsonNode resolvedParams = mapper.valueToTree(bound);
      ObjectNode stageNode = (ObjectNode) resolved.withArray("stages").get(i);
      stageNode.put("id", id);
      stageNode.set("params", resolvedParams);
      stages.add(new BoundStage(i, id, reg, bound, resolvedParams));
    }
    return new BoundPipeline(file, baseDir, spec, List.copyOf(stages), resolved);
  }

  private void checkInput(Doc doc, InputSpec input) {
    SpecPath at = SpecPath.ROOT.field("input");
    if (input.perClass() != null && input.perClass() < 1) {
      throw doc.error(at.field("perClass"), "must be at least 1, got " + input.perClass());
    }
    if (input instanceof InputSpec.Idx idx) {
      if (idx.images() == null) {
        throw doc.error(at.field("images"), "missing required field 'images' (the IDX images file)");
      }
      if (idx.labels() == null) {
        throw doc.error(at.field("labels"), "missing required field 'labels' (the IDX labels file)");
      }
    } else if (input instanceof InputSpec.ImageFolder folder) {
      if (folder.path() == null) {
        throw doc.error(at.field("path"), "missing required field 'path' (the folder of class folders)");
      }
    } else if (input instanceof InputSpec.Mnist mnist) {
      if (mnist.split() != null && !mnist.split().equals("train") && !mnist.split().equals("test")) {
        throw doc.error(at.field("split"), "split must be 'train' or 'test', got '" + mnist.split() + "'");
      }
    }
  }

  private String knownTypes() {
    return types.all().stream().map(RegisteredStage::type).collect(Collectors.joining(", "));
  }

  private Record bindParams(Doc doc, JsonNode params, SpecPath at, Class<? extends Record> type) {
    checkRequired(doc, params, at, type);
    return bind(doc, params, at, type);
  }

  /** Reports a missing required component before binding, which would only see a null. */
  private void checkRequired(Doc doc, JsonNode node, SpecPath at, Class<?> type) {
    if (!type.isRecord() || !node.isObject()) {
      return;
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      Param p = rc.getAnnotation(Param.class);
      JsonNode child = node.get(rc.getName());
      if (p != null && p.required() && (child == null || child.isNull())) {
        throw doc.error(at, "missing required field '" + rc.getName() + "' (" + p.value() + ")");
      }
      if (child == null) {
        continue;
      }
      if (rc.getType().isRecord()) {
        checkRequired(doc, child, at.field(rc.getName()), rc.getType());
      } else if (List.class.isAssignableFrom(rc.getType()) && child.isArray()) {
        Class<?> element = elementType(rc.getGenericType());
        for (int i = 0; i < child.size(); i++) {
          checkRequired(doc, child.get(i), at.field(rc.getName()).index(i), element);
        }
      }
    }
  }

  private static Class<?> elementType(Type generic) {
    if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  private <T> T bind(Doc doc, JsonNode node, SpecPath at, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonMappingException e) {
      SpecPath path = at;
      for (JsonMappingException.Reference ref : e.getPath()) {
        path = ref.getFieldName() != null ? path.field(ref.getFieldName()) : path.index(ref.getIndex());
      }
      if (e instanceof ValueInstantiationException && e.getCause() instanceof ParamException p) {
        path = path.field(p.field());
      }
      throw doc.error(path, describe(e), e);
    } catch (JsonProcessingException e) {
      throw doc.error(at, firstLine(e.getOriginalMessage()), e);
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + u.getPropertyName() + "'; known fields: " + known;
    }
    if (e instanceof InvalidTypeIdException t) {
      String msg = firstLine(t.getOriginalMessage());
      int known = msg.indexOf("known type ids = ");
      String list = known < 0 ? "" : msg.substring(known + "known type ids = ".length()).replaceAll("[\\[\\]()]", "").trim();
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
    String msg = firstLine(e.getOriginalMessage()).replace("`java.lang.", "`").replace("`java.util.", "`");
    return msg.replaceAll("`[a-z]+(\\.[a-z0-9]+)+\\.([A-Za-z$]+)`", "`$2`");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The document being read, for locating errors. */
  private static final class Doc {
    final String name;
    final String text;
    JsonLocations locations;

    Doc(String name, String text) {
      this.name = name;
      this.text = text;
    }

    SpecException error(SpecPath path, String problem) {
      return error(path, problem, null);
    }

    SpecException error(SpecPath path, String problem, Throwable cause) {
      JsonLocation loc = locations == null ? null : locations.find(path.pointer());
      int line = loc == null ? -1 : loc.getLineNr();
      int col = loc == null ? -1 : loc.getColumnNr();
      return new SpecException(name, path.jsonPath(), line, col, problem, cause);
    }
  }
}
