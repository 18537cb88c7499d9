package io.synthaug.core.onnx;

import static io.synthaug.core.onnx.OnnxFields.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds an ONNX model (one graph in the default {@code ai.onnx} domain) and encodes it with the
 * protobuf wire format directly, without generated classes.
 *
 * <p>Calls chain: declare graph inputs, add initializers (weights), add nodes in topological order,
 * declare graph outputs, then {@link #build()} or {@link #write(Path)}. Each node input must be a
 * graph input, an initializer or the output of an earlier node, and this is checked when the node
 * is added, so an exporter bug is reported at the layer that caused it rather than by ONNX Runtime.
 *
 * <p>The bytes depend only on the calls made: node attributes and metadata are written sorted by
 * name, so a {@code Map.of} (whose iteration order changes from one JVM run to the next) gives the
 * same file as a {@code LinkedHashMap}. Tensor data is stored as little-endian {@code raw_data}, as
 * the ONNX specification requires.
 *
 * <p>Not thread-safe; one builder makes one model.
 */
public final class OnnxGraphBuilder {

  /** Element type {@code float} (32-bit IEEE 754). */
  public static final int FLOAT = 1;
  /** Element type {@code uint8}. */
  public static final int UINT8 = 2;
  /** Element type {@code int8}. */
  public static final int INT8 = 3;
  /** Element type {@code int32}. */
  public static final int INT32 = 6;
  /** Element type {@code int64}. */
  public static final int INT64 = 7;
  /** Element type {@code string} (graph inputs and outputs only; no string initializers). */
  public static final int STRING = 8;
  /** Element type {@code bool}. */
  public static final int BOOL = 9;
  /** Element type {@code double}. */
  public static final int DOUBLE = 11;

  /** IR version written unless {@link #irVersion(long)} says otherwise (ONNX 1.10+, ORT 1.10+). */
  public static final long DEFAULT_IR_VERSION = 8;
  /** Opset of the {@code ai.onnx} domain written unless {@link #opset(int)} says otherwise. */
  public static final int DEFAULT_OPSET = 17;

  private static final long UNKNOWN_DIM = -1;

  private final String graphName;
  private long irVersion = DEFAULT_IR_VERSION;
  private int opset = DEFAULT_OPSET;
  private String producerName = "synthaug";
  private String producerVersion = "";
  private String docString = "";
  private long modelVersion;
  private final SortedMap<String, String> metadata = new TreeMap<>();

  private final List<ValueDecl> inputs = new ArrayList<>();
  private final List<ValueDecl> outputs = new ArrayList<>();
  private final List<Initializer> initializers = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  /** Values that exist in the graph so far: inputs, initializers, node outputs. */
  private final Set<String> defined = new HashSet<>();
  /** Names handed out by {@link #uniqueName(String)} or defined; never handed out twice. */
  private final Set<String> taken = new HashSet<>();

  /** A builder for a graph called {@code graphName}. */
  public OnnxGraphBuilder(String graphName) {
    this.graphName = requireName(graphName, "graph name");
  }

  /** Sets the IR version (ONNX Runtime 1.23 reads 3 to 11; opset 17 needs at least 8). */
  public OnnxGraphBuilder irVersion(long version) {
    if (version < 3 || version > 11) {
      throw new IllegalArgumentException("IR version must be between 3 and 11, got " + version);
    }
    this.irVersion = version;
    return this;
  }

  /** Sets the {@code ai.onnx} opset version (7 to 23 for ONNX Runtime 1.23). */
  public OnnxGraphBuilder opset(int version) {
    if (version < 7 || version > 23) {
      throw new IllegalArgumentException("opset must be between 7 and 23, got " + version);
    }
    this.opset = version;
    return this;
  }

  /** Sets the producer name and version recorded in the model header. */
  public OnnxGraphBuilder producer(String name, String version) {
    this.producerName = Objects.requireNonNull(name, "producer name");
    this.producerVersion = Objects.requireNonNull(version, "producer version");
    return this;
  }

  /** Sets the model's documentation string. */
  public OnnxGraphBuilder docString(String text) {
    this.docString = Objects.requireNonNull(text, "doc string");
    return this;
  }

  /** Sets the model version number (an integer the producer increments). */
  public OnnxGraphBuilder modelVersion(long version) {
    this.modelVersion = version;
    return this;
  }

  /** Adds or replaces a {@code metadata_props} entry; entries are written sorted by key. */
  public OnnxGraphBuilder metadata(String key, String value) {
    metadata.put(requireName(key, "metadata key"), Objects.requireNonNull(value, "metadata value of " + key));
    return this;
  }

  /**
   * Declares a graph input. Each dimension is a size {@code >= 0} or {@code -1} for a size fixed
   * only at run time.
   */
  public OnnxGraphBuilder input(String name, int elemType, long... dims) {
    return input(name, elemType, boxed(dims));
  }

  /**
   * Declares a graph input whose dimensions are numbers ({@code >= 0}, or {@code -1} for unknown)
   * or strings naming a symbolic dimension such as {@code "batch"}; dimensions sharing a symbol are
   * declared equal, which ONNX Runtime uses in its shape checks.
   */
  public OnnxGraphBuilder input(String name, int elemType, List<?> dims) {
    define(name, "graph input");
    inputs.add(new ValueDecl(name, checkElemType(elemType, name), normalizeDims(name, dims)));
    return this;
  }

  /** Declares a graph output (a value some node produces); dimensions as for inputs. */
  public OnnxGraphBuilder output(String name, int elemType, long... dims) {
    return output(name, elemType, boxed(dims));
  }

  /** Declares a graph output with numeric or symbolic dimensions, as for inputs. */
  public OnnxGraphBuilder output(String name, int elemType, List<?> dims) {
    requireName(name, "output name");
    for (ValueDecl o : outputs) {
      if (o.name.equals(name)) {
        throw new IllegalArgumentException("graph output '" + name + "' is declared twice");
      }
    }
    taken.add(name);
    outputs.add(new ValueDecl(name, checkElemType(elemType, name), normalizeDims(name, dims)));
    return this;
  }

  /** Adds a float constant (a weight) of shape {@code dims}, row-major. */
  public OnnxGraphBuilder initializer(String name, float[] data, long... dims) {
    checkCount(name, data.length, dims);
    ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    return addInitializer(name, FLOAT, dims, raw.array());
  }

  /** Adds an int64 constant (a shape, an axis list, an index table) of shape {@code dims}. */
  public OnnxGraphBuilder initializerInt64(String name, long[] data, long... dims) {
    checkCount(name, data.length, dims);
    ByteBuffer raw = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(data);
    return addInitializer(name, INT64, dims, raw.array());
  }

  /**
   * Adds a node. {@code inputs} may contain {@code ""} for an omitted optional input (Resize's
   * {@code roi}); every other input must already exist. Attribute values map to ONNX types:
   * {@code Long}/{@code Integer}/{@code Boolean} to INT, {@code Float}/{@code Double} to FLOAT,
   * {@code String} to STRING, {@code long[]}/{@code int[]} to INTS, {@code float[]}/{@code double[]}
   * to FLOATS and {@code String[]} to STRINGS.
   */
  public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs,
      Map<String, Object> attributes) {
    requireName(opType, "op type");
    String where = opType + " node #" + nodes.size();
    for (String in : inputs) {
      Objects.requireNonNull(in, where + " input");
      if (!in.isEmpty() && !defined.contains(in)) {
        throw new IllegalArgumentException(where + " reads '" + in
            + "', which is not a graph input, an initializer or the output of an earlier node");
      }
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException(where + " has no outputs");
    }
    for (String out : outputs) {
      define(out, where + " output");
    }
    SortedMap<String, Attribute> attrs = new TreeMap<>();
    attributes.forEach((k, v) -> attrs.put(requireName(k, where + " attribute name"), Attribute.of(where, k, v)));
    nodes.add(new Node(opType + "_" + nodes.size(), opType, List.copyOf(inputs), List.copyOf(outputs), attrs));
    return this;
  }

  /**
   * Adds a single-output node whose output gets a fresh name derived from the op type, and returns
   * that name: the usual way to chain layers.
   */
  public String op(String opType, List<String> inputs, Map<String, Object> attributes) {
    String out = uniqueName(opType.toLowerCase(Locale.ROOT));
    node(opType, inputs, List.of(out), attributes);
    return out;
  }

  /** {@link #op(String, List, Map)} without attributes. */
  public String op(String opType, String... inputs) {
    return op(opType, List.of(inputs), Map.of());
  }

  /**
   * A value name not used so far: {@code base} itself if free, else {@code base_1},
   * {@code base_2}, ...; the name is reserved so the next call returns another one.
   */
  public String uniqueName(String base) {
    requireName(base, "name");
    String name = base;
    for (int k = 1; taken.contains(name); k++) {
      name = base + "_" + k;
    }
    taken.add(name);
    return name;
  }

  /** Whether a value of this name exists (a graph input, an initializer or a node output). */
  public boolean isDefined(String name) {
    return defined.contains(name);
  }

  /** Encodes the model. Fails if no output is declared or an output is never produced. */
  public byte[] build() {
    if (outputs.isEmpty()) {
      throw new IllegalStateException("graph '" + graphName + "' has no outputs; declare one with output(...)");
    }
    for (ValueDecl o : outputs) {
      if (!defined.contains(o.name)) {
        throw new IllegalStateException("graph output '" + o.name + "' is declared but no node produces it");
      }
    }
    ProtoWriter model = new ProtoWriter().int64(MODEL_IR_VERSION, irVersion);
    model.string(MODEL_PRODUCER_NAME, producerName);
    if (!producerVersion.isEmpty()) {
      model.string(MODEL_PRODUCER_VERSION, producerVersion);
    }
    if (modelVersion != 0) {
      model.int64(MODEL_MODEL_VERSION, modelVersion);
    }
    if (!docString.isEmpty()) {
      model.string(MODEL_DOC_STRING, docString);
    }
    model.message(MODEL_OPSET_IMPORT, new ProtoWriter().int64(OPSET_VERSION, opset));
    metadata.forEach((k, v) -> model.message(MODEL_METADATA_PROPS,
        new ProtoWriter().string(ENTRY_KEY, k).string(ENTRY_VALUE, v)));
    // The graph goes last (protobuf accepts fields in any order): a file cut short anywhere then
    // either lacks the graph or ends inside its declared length, so every truncation is detectable,
    // whereas a cut between two trailing metadata entries would parse as a smaller valid model.
    model.message(MODEL_GRAPH, encodeGraph());
    return model.toByteArray();
  }

  /**
   * Writes the model to {@code file} through a temporary file in the same folder and an atomic
   * rename, so a reader never sees half a model and a crash leaves any previous file intact.
   */
  public void write(Path file) throws IOException {
    byte[] bytes = build();
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its owner-only permissions would stick to the model after the rename.
    Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Thread.currentThread().getId() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private ProtoWriter encodeGraph() {
    ProtoWriter graph = new ProtoWriter();
    for (Node n : nodes) {
      graph.message(GRAPH_NODE, n.encode());
    }
    graph.string(GRAPH_NAME, graphName);
    for (Initializer t : initializers) {
      graph.message(GRAPH_INITIALIZER, t.encode());
    }
    for (ValueDecl v : inputs) {
      graph.message(GRAPH_INPUT, v.encode());
    }
    for (ValueDecl v : outputs) {
      graph.message(GRAPH_OUTPUT, v.encode());
    }
    return graph;
  }

  private OnnxGraphBuilder addInitializer(String name, int type, long[] dims, byte[] raw) {
    define(name, "initializer");
    initializers.add(new Initializer(name, type, dims.clone(), raw));
    return this;
  }

  private void define(String name, String role) {
    requireName(name, role + " name");
    if (!defined.add(name)) {
      throw new IllegalArgumentException(role + " '" + name + "' is already defined in graph '" + graphName + "'");
    }
    taken.add(name);
  }

  private static String requireName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return name;
  }

  private static int checkElemType(int elemType, String name) {
    if (elemType < 1 || elemType > 16) {
      throw new IllegalArgumentException("'" + name + "': unsupported element type " + elemType);
    }
    return elemType;
  }

  private static void checkCount(String name, int length, long[] dims) {
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("initializer '" + name + "': negative dimension " + d);
      }
      count *= d;
    }
    if (count != length) {
      throw new IllegalArgumentException("initializer '" + name + "': shape " + Arrays.toString(dims)
          + " holds " + count + " values but " + length + " were given");
    }
  }

  private static List<Object> boxed(long[] dims) {
    List<Object> list = new ArrayList<>(dims.length);
    for (long d : dims) {
      list.add(d);
    }
    return list;
  }

  private static List<Object> normalizeDims(String name, List<?> dims) {
    List<Object> out = new ArrayList<>(dims.size());
    for (Object d : dims) {
      if (d instanceof String s && !s.isEmpty()) {
        out.add(s);
      } else if (d instanceof Long || d instanceof Integer) {
        long v = ((Number) d).longValue();
        if (v < UNKNOWN_DIM) {
          throw new IllegalArgumentException("'" + name + "': dimension must be >= 0 or -1, got " + v);
        }
        out.add(v);
      } else {
        throw new IllegalArgumentException("'" + name + "': a dimension must be a number or a symbol name, got " + d);
      }
    }
    return List.copyOf(out);
  }

  /** A typed graph input or output. Dims hold a Long (-1 for unknown) or a symbol String. */
  private record ValueDecl(String name, int elemType, List<Object> dims) {

    ProtoWriter encode() {
      ProtoWriter shape = new ProtoWriter();
      for (Object d : dims) {
        ProtoWriter dim = new ProtoWriter();
        if (d instanceof String symbol) {
          dim.string(DIM_PARAM, symbol);
        } else if ((Long) d != UNKNOWN_DIM) {
          dim.int64(DIM_VALUE, (Long) d);
        }
        shape.message(SHAPE_DIM, dim);
      }
      ProtoWriter tensorType = new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, elemType)
          .message(TENSOR_TYPE_SHAPE, shape);
      return new ProtoWriter().string(VALUE_NAME, name)
          .message(VALUE_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }
  }

  private record Initializer(String name, int type, long[] dims, byte[] raw) {

    ProtoWriter encode() {
      ProtoWriter t = new ProtoWriter();
      for (long d : dims) {
        t.int64(TENSOR_DIMS, d);
      }
      return t.int64(TENSOR_DATA_TYPE, type).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw);
    }
  }

  private record Node(String name, String opType, List<String> inputs, List<String> outputs,
      SortedMap<String, Attribute> attributes) {

    ProtoWriter encode() {
      ProtoWriter n = new ProtoWriter();
      inputs.forEach(in -> n.string(NODE_INPUT, in));
      outputs.forEach(out -> n.string(NODE_OUTPUT, out));
      n.string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
      attributes.forEach((k, a) -> n.message(NODE_ATTRIBUTE, a.encode(k)));
      return n;
    }
  }

  /** An attribute value already converted to its ONNX type, so bad values fail at node(). */
  private record Attribute(int type, Object value) {

    static Attribute of(String where, String name, Object v) {
      if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        return new Attribute(ATTR_TYPE_INT, ((Number) v).longValue());
      } else if (v instanceof Boolean b) {
        return new Attribute(ATTR_TYPE_INT, b ? 1L : 0L);
      } else if (v instanceof Float || v instanceof Double) {
        return new Attribute(ATTR_TYPE_FLOAT, ((Number) v).floatValue());
      } else if (v instanceof String s) {
        return new Attribute(ATTR_TYPE_STRING, s);
      } else if (v instanceof long[] a) {
        return new Attribute(ATTR_TYPE_INTS, a.clone());
      } else if (v instanceof int[] a) {
        return new Attribute(ATTR_TYPE_INTS, Arrays.stream(a).asLongStream().toArray());
      } else if (v instanceof float[] a) {
        return new Attribute(ATTR_TYPE_FLOATS, a.clone());
      } else if (v instanceof double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
          f[i] = (float) a[i];
        }
        return new Attribute(ATTR_TYPE_FLOATS, f);
      } else if (v instanceof String[] a) {
        return new Attribute(ATTR_TYPE_STRINGS, a.clone());
      }
      throw new IllegalArgumentException(where + " attribute '" + name + "': unsupported value "
          + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    ProtoWriter encode(String name) {
      ProtoWriter a = new ProtoWriter().string(ATTR_NAME, name);
      switch (type) {
        case ATTR_TYPE_INT -> a.int64(ATTR_I, (Long) value);
        case ATTR_TYPE_FLOAT -> a.float32(ATTR_F, (Float) value);
        case ATTR_TYPE_STRING -> a.bytes(ATTR_S, ((String) value).getBytes(StandardCharsets.UTF_8));
        case ATTR_TYPE_INTS -> {
          for (long x : (long[]) value) {
            a.int64(ATTR_INTS, x);
          }
        }
        case ATTR_TYPE_FLOATS -> {
          for (float x : (float[]) value) {
            a.float32(ATTR_FLOATS, x);
          }
        }
        case ATTR_TYPE_STRINGS -> {
          for (String x : (String[]) value) {
            a.bytes(ATTR_STRINGS, x.getBytes(StandardCharsets.UTF_8));
          }
        }
        default -> throw new IllegalStateException("attribute type " + type);
      }
      return a.int64(ATTR_TYPE, type);
    }
  }
}
