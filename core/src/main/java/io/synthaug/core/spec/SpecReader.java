package io.synthaug.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.api.PluginException;
import io.synthaug.api.SpecException;
import io.synthaug.api.StageFactory;
import io.synthaug.api.SynthaugException;
import io.synthaug.api.ValidationContext;
import io.synthaug.core.data.DatasetWriter;
import io.synthaug.core.plugin.PluginInfo;
import io.synthaug.core.plugin.RegisteredStage;
import io.synthaug.core.plugin.StageTypes;
import io.synthaug.core.run.RunOptions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
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
    String text = SpecDocument.readText(file, "spec");
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
    SpecDocument doc = SpecDocument.parse(text, file);
    JsonNode root = doc.root();
    if (root == null || !root.isObject()) {
      throw doc.error(SpecPath.ROOT, "a spec must be a JSON object with input, output and stages");
    }
    if (root.has("arms") && !root.has("stages")) {
      throw doc.error(SpecPath.ROOT, "this is an experiment file (it has 'arms'; a pipeline spec has 'input' and"
          + " 'stages'): run it with 'runner experiment'");
    }
    PipelineSpec spec = doc.bind(root, SpecPath.ROOT, PipelineSpec.class);
    if (spec.version() != PipelineSpec.CURRENT_VERSION) {
      throw doc.error(SpecPath.ROOT.field("version"),
          "unsupported spec version " + spec.version() + "; this runner reads version " + PipelineSpec.CURRENT_VERSION);
    }
    if (spec.input() == null) {
      throw doc.error(SpecPath.ROOT.field("input"), "missing required field 'input' (the dataset to read)");
    }
    if (spec.threads() != null && (spec.threads() < 1 || spec.threads() > RunOptions.MAX_THREADS)) {
      throw doc.error(SpecPath.ROOT.field("threads"), "must be from 1 to " + RunOptions.MAX_THREADS + ", got "
          + spec.threads());
    }
    checkInput(doc, SpecPath.ROOT.field("input"), spec.input());
    if (!root.hasNonNull("stages")) {
      throw doc.error(SpecPath.ROOT.field("stages"), "missing required field 'stages' (the stages to run, in order;"
          + " [] copies the input unchanged)");
    }
    if (spec.output() != null && (spec.output().path() == null || spec.output().path().isBlank())) {
      throw doc.error(SpecPath.ROOT.field("output").field("path"), "missing required field 'path' (the output folder)");
    }

    List<BoundStage> stages = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<String> earlier = new ArrayList<>();
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
      RegisteredStage reg = types.find(s.type()).orElseThrow(() -> unknownType(doc, at.field("type"), s.type()));
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
      Record bound = bindParams(doc, params, at.field("params"), reg);
      validate(doc, reg, bound, at.field("params"),
          new StageCheckContext(types.extensions(), id, List.copyOf(earlier), baseDir, null, null));
      JsonNode resolvedParams = mapper.valueToTree(bound);
      ObjectNode stageNode = (ObjectNode) resolved.withArray("stages").get(i);
      stageNode.put("id", id);
      stageNode.set("params", resolvedParams);
      stages.add(new BoundStage(i, id, reg, bound, resolvedParams));
      earlier.add(id);
    }
    return new BoundPipeline(file, baseDir, spec, List.copyOf(stages), resolved);
  }

  /** Checks the fields of an input that binding alone cannot; {@code at} is where it sits in the document. */
  static void checkInput(SpecDocument doc, SpecPath at, InputSpec input) {
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
      if (idx.classes() != null) {
        for (int i = 0; i < idx.classes().size(); i++) {
          String problem = DatasetWriter.classNameProblem(idx.classes(), i);
          if (problem != null) {
            throw doc.error(at.field("classes").index(i), problem);
          }
        }
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

  /**
   * A spec error for a stage type no plugin offers; a plugin error naming the failed plugins when
   * some failed to load, since one of them may be the one that offers it.
   */
  private SynthaugException unknownType(SpecDocument doc, SpecPath at, String type) {
    SpecException unknown = doc.error(at, "unknown stage type '" + type + "'; known stage types: " + knownTypes());
    List<PluginInfo> failed = types.mayOffer(type);
    if (failed.isEmpty()) {
      return unknown;
    }
    return new PluginException(failed.stream().map(PluginInfo::id).collect(Collectors.joining(", ")),
        failed.stream().map(p -> p.problem() + " (" + p.path() + ")").collect(Collectors.joining("; "))
            + ". This may be the plugin that offers the spec's stage type: " + unknown.getMessage(), unknown);
  }

  private String knownTypes() {
    return types.all().stream().map(RegisteredStage::type).collect(Collectors.joining(", "));
  }

  /**
   * Checks every stage of {@code pipeline} again with the input, as a run does once it has read
   * its input and before its first stage runs: the same checks and errors as when the spec was
   * read, now with the input's class names and each class's image count (for a stage whose
   * parameters the data must be able to meet), without line and column (the text is not read
   * again).
   */
  public void checkAgainstInput(BoundPipeline pipeline, Dataset input) {
    List<Integer> counts = new ArrayList<>();
    for (int n : input.countByClass()) {
      counts.add(n);
    }
    checkAgainstInput(pipeline, input.classNames(), List.copyOf(counts));
  }

  private void checkAgainstInput(BoundPipeline pipeline, List<String> classNames, List<Integer> classCounts) {
    SpecDocument doc = SpecDocument.unlocated(pipeline.specFile());
    List<String> earlier = new ArrayList<>();
    for (BoundStage bs : pipeline.stages()) {
      validate(doc, bs.registered(), bs.params(), SpecPath.ROOT.field("stages").index(bs.index()).field("params"),
          new StageCheckContext(types.extensions(), bs.id(), List.copyOf(earlier), pipeline.baseDir(), classNames,
              classCounts));
      earlier.add(bs.id());
    }
  }

  /**
   * Runs the factory's own checks. A {@link ParamException} is a spec error at the parameter's
   * path; anything else the plugin throws (a failing extension lookup, a bug) is a
   * {@link PluginException} naming the plugin and the stage's params in the spec.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void validate(SpecDocument doc, RegisteredStage reg, Record bound, SpecPath at, ValidationContext context) {
    try {
      ((StageFactory) reg.factory()).validate(bound, context);
    } catch (ParamException e) {
      SpecPath path = at;
      for (String name : e.field().split("\\.")) {
        path = path.field(name);
      }
      throw doc.error(path, e.problem(), e);
    } catch (PluginException e) {
      throw pluginFailure(doc, reg, at, e.getMessage(), e);
    } catch (SynthaugException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw pluginFailure(doc, reg, at, rootCause(e), e);
    }
  }

  private static PluginException pluginFailure(SpecDocument doc, RegisteredStage reg, SpecPath at, String what,
      Throwable cause) {
    return new PluginException(reg.pluginId(), "stage type '" + reg.type() + "' failed while checking "
        + doc.where(at) + ": " + what, cause);
  }

  /** The innermost cause of {@code e}, with its class, on one line. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? "" : t.getMessage().strip();
    int nl = msg.indexOf('\n');
    return t.getClass().getName() + (msg.isEmpty() ? "" : ": " + (nl < 0 ? msg : msg.substring(0, nl)));
  }

  private Record bindParams(SpecDocument doc, JsonNode params, SpecPath at, RegisteredStage reg) {
    Class<? extends Record> type = reg.factory().paramsType();
    checkRequired(doc, params, at, type);
    try {
      return doc.bind(params, at, type);
    } catch (SpecException e) {
      // a params record that throws anything but ParamException has a bug: the plugin's, not the spec's
      if (e.getCause() instanceof ValueInstantiationException v && v.getCause() != null
          && !(v.getCause() instanceof ParamException)) {
        throw pluginFailure(doc, reg, at, rootCause(v.getCause()), v.getCause());
      }
      throw e;
    }
  }

  /** Reports a missing required component before binding, which would only see a null. */
  private void checkRequired(SpecDocument doc, JsonNode node, SpecPath at, Class<?> type) {
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
}
