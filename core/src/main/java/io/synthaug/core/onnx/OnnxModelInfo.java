package io.synthaug.core.onnx;

import static io.synthaug.core.onnx.OnnxFields.*;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.synthaug.api.InputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an ONNX file declares about itself: header, opsets, graph signature, the op types it uses
 * and its {@code metadata_props}. Read with {@link #read(Path)}, which needs no ONNX Runtime and
 * streams past the weights, so it is cheap even for large models.
 *
 * @param irVersion the IR version
 * @param opsets opset version per domain ({@code ""} is the default {@code ai.onnx} domain)
 * @param producerName the producer name, {@code ""} when absent
 * @param producerVersion the producer version, {@code ""} when absent
 * @param modelVersion the model version, 0 when absent
 * @param docString the model doc string, {@code ""} when absent
 * @param graphName the graph name, {@code ""} when absent
 * @param inputs graph inputs in declaration order
 * @param outputs graph outputs in declaration order
 * @param opTypes op type of every node, in graph order
 * @param initializerCount how many initializers (weights and constants) the graph holds
 * @param metadata the {@code metadata_props} entries, sorted by key
 */
public record OnnxModelInfo(long irVersion, Map<String, Long> opsets, String producerName,
    String producerVersion, long modelVersion, String docString, String graphName,
    List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> opTypes, int initializerCount,
    Map<String, String> metadata) {

  /** Makes the collections unmodifiable. */
  public OnnxModelInfo {
    opsets = Collections.unmodifiableMap(new TreeMap<>(opsets));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    opTypes = List.copyOf(opTypes);
    metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /**
   * One dimension of a declared shape.
   *
   * @param value the size, or -1 when the size is symbolic or unknown
   * @param param the symbol (such as {@code batch}), or {@code null}
   */
  public record Dim(long value, String param) {

    /** Whether the size is a fixed number. */
    public boolean isFixed() {
      return value >= 0;
    }

    @Override
    public String toString() {
      return isFixed() ? Long.toString(value) : param != null ? param : "?";
    }
  }

  /**
   * A graph input or output.
   *
   * @param name the value name
   * @param elemType the ONNX element type ({@link OnnxGraphBuilder#FLOAT}, ...), 0 if undeclared
   * @param dims the declared dimensions; empty for a scalar or when no shape is declared
   */
  public record TensorSpec(String name, int elemType, List<Dim> dims) {

    /** Makes {@code dims} unmodifiable. */
    public TensorSpec {
      dims = List.copyOf(dims);
    }

    /** The dimensions as numbers, -1 where the size is not fixed. */
    public long[] shape() {
      return dims.stream().mapToLong(Dim::value).toArray();
    }
  }

  /** The opset version of the default {@code ai.onnx} domain, or -1 when not imported. */
  public long opset() {
    Long v = opsets.get("");
    if (v == null) {
      v = opsets.get("ai.onnx");
    }
    return v == null ? -1 : v;
  }

  /** The metadata value of {@code key}, if present. */
  public Optional<String> metadata(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /** The graph input named {@code name}, if declared. */
  public Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(t -> t.name.equals(name)).findFirst();
  }

  /** The graph output named {@code name}, if declared. */
  public Optional<TensorSpec> output(String name) {
    return outputs.stream().filter(t -> t.name.equals(name)).findFirst();
  }

  /**
   * Reads the model in {@code file}.
   *
   * @throws InputException naming the file when it is missing, not an ONNX model, corrupt or
   *     truncated
   */
  public static OnnxModelInfo read(Path file) {
    String name = file.toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return parse(CodedInputStream.newInstance(in), name);
    } catch (NoSuchFileException e) {
      throw new InputException(name, "no such file; check the model path");
    } catch (IOException e) {
      throw new InputException(name, "cannot read the model file: " + e.getMessage(), e);
    }
  }

  /** Reads a model held in memory; {@code source} names it in error messages. */
  public static OnnxModelInfo parse(byte[] bytes, String source) {
    try {
      return parse(CodedInputStream.newInstance(new ByteArrayInputStream(bytes)), source);
    } catch (IOException e) {
      throw new InputException(source, "cannot read the model: " + e.getMessage(), e);
    }
  }

  private static OnnxModelInfo parse(CodedInputStream in, String source) throws IOException {
    try {
      return new Reader(in).model(source);
    } catch (InvalidProtocolBufferException e) {
      throw new InputException(source, "not a valid ONNX model, the file is corrupt or truncated ("
          + firstLine(e.getMessage()) + "); export the model again or copy the complete file", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A hand-written decoder for the few ONNX fields read here; everything else is skipped. */
  private static final class Reader {

    private final CodedInputStream in;

    Reader(CodedInputStream in) {
      this.in = in;
    }

    @FunctionalInterface
    private interface FieldHandler {
      void field(int number, int tag) throws IOException;
    }

    /** Reads fields until the end of the current message (or of the stream at top level). */
    private void fields(FieldHandler handler) throws IOException {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return;
        }
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
          throw new InvalidProtocolBufferException("unexpected end-group marker");
        }
        handler.field(WireFormat.getTagFieldNumber(tag), tag);
      }
    }

    private void nested(int tag, String what, FieldHandler handler) throws IOException {
      expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
      int length = in.readRawVarint32();
      if (length < 0) {
        throw new InvalidProtocolBufferException(what + " has a negative length");
      }
      int old = in.pushLimit(length);
      fields(handler);
      // A stream that ends early also ends the field loop; only a message read to its length is whole.
      if (in.getBytesUntilLimit() > 0) {
        throw new InvalidProtocolBufferException(what + " ends " + in.getBytesUntilLimit()
            + " bytes before its declared length: the file is truncated");
      }
      in.popLimit(old);
    }

    private long varint(int tag, String what) throws IOException {
      expect(tag, WireFormat.WIRETYPE_VARINT, what);
      return in.readInt64();
    }

    private String string(int tag, String what) throws IOException {
      expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
      return in.readString();
    }

    private static void expect(int tag, int wireType, String what) throws InvalidProtocolBufferException {
      if (WireFormat.getTagWireType(tag) != wireType) {
        throw new InvalidProtocolBufferException(what + " has wire type " + WireFormat.getTagWireType(tag)
            + " instead of " + wireType);
      }
    }

    OnnxModelInfo model(String source) throws IOException {
      long[] ir = {-1};
      long[] modelVersion = {0};
      String[] text = {"", "", ""};
      Map<String, Long> opsets = new TreeMap<>();
      Map<String, String> metadata = new TreeMap<>();
      GraphParts[] graph = {null};
      fields((number, tag) -> {
        switch (number) {
          case MODEL_IR_VERSION -> ir[0] = varint(tag, "ModelProto.ir_version");
          case MODEL_PRODUCER_NAME -> text[0] = string(tag, "ModelProto.producer_name");
          case MODEL_PRODUCER_VERSION -> text[1] = string(tag, "ModelProto.producer_version");
          case MODEL_MODEL_VERSION -> modelVersion[0] = varint(tag, "ModelProto.model_version");
          case MODEL_DOC_STRING -> text[2] = string(tag, "ModelProto.doc_string");
          case MODEL_GRAPH -> graph[0] = graph(tag);
          case MODEL_OPSET_IMPORT -> opset(tag, opsets);
          case MODEL_METADATA_PROPS -> entry(tag, metadata);
          default -> in.skipField(tag);
        }
      });
      if (ir[0] <= 0) {
        throw new InputException(source, "not an ONNX model: it declares no IR version; "
            + "check that the file is an .onnx model and was written completely");
      }
      if (graph[0] == null) {
        throw new InputException(source, "not a usable ONNX model: it has no graph; export the model again");
      }
      if (opsets.isEmpty()) {
        throw new InputException(source, "not a usable ONNX model: it imports no opset; export the model again");
      }
      GraphParts g = graph[0];
      return new OnnxModelInfo(ir[0], opsets, text[0], text[1], modelVersion[0], text[2], g.name,
          g.inputs, g.outputs, g.opTypes, g.initializers, metadata);
    }

    private void opset(int tag, Map<String, Long> opsets) throws IOException {
      String[] domain = {""};
      long[] version = {-1};
      nested(tag, "OperatorSetIdProto", (number, t) -> {
        switch (number) {
          case OPSET_DOMAIN -> domain[0] = string(t, "OperatorSetIdProto.domain");
          case OPSET_VERSION -> version[0] = varint(t, "OperatorSetIdProto.version");
          default -> in.skipField(t);
        }
      });
      opsets.put(domain[0], version[0]);
    }

    private void entry(int tag, Map<String, String> into) throws IOException {
      String[] kv = {"", ""};
      nested(tag, "StringStringEntryProto", (number, t) -> {
        switch (number) {
          case ENTRY_KEY -> kv[0] = string(t, "metadata key");
          case ENTRY_VALUE -> kv[1] = string(t, "metadata value");
          default -> in.skipField(t);
        }
      });
      into.put(kv[0], kv[1]);
    }

    private static final class GraphParts {
      String name = "";
      final List<TensorSpec> inputs = new ArrayList<>();
      final List<TensorSpec> outputs = new ArrayList<>();
      final List<String> opTypes = new ArrayList<>();
      int initializers;
    }

    private GraphParts graph(int tag) throws IOException {
      GraphParts g = new GraphParts();
      nested(tag, "GraphProto", (number, t) -> {
        switch (number) {
          case GRAPH_NAME -> g.name = string(t, "GraphProto.name");
          case GRAPH_NODE -> g.opTypes.add(opType(t));
          case GRAPH_INITIALIZER -> {
            expect(t, WireFormat.WIRETYPE_LENGTH_DELIMITED, "GraphProto.initializer");
            in.skipField(t);
            g.initializers++;
          }
          case GRAPH_INPUT -> g.inputs.add(valueInfo(t));
          case GRAPH_OUTPUT -> g.outputs.add(valueInfo(t));
          default -> in.skipField(t);
        }
      });
      return g;
    }

    private String opType(int tag) throws IOException {
      String[] op = {""};
      nested(tag, "NodeProto", (number, t) -> {
        if (number == NODE_OP_TYPE) {
          op[0] = string(t, "NodeProto.op_type");
        } else {
          in.skipField(t);
        }
      });
      return op[0];
    }

    private TensorSpec valueInfo(int tag) throws IOException {
      String[] name = {""};
      int[] elemType = {0};
      List<Dim> dims = new ArrayList<>();
      nested(tag, "ValueInfoProto", (number, t) -> {
        switch (number) {
          case VALUE_NAME -> name[0] = string(t, "ValueInfoProto.name");
          case VALUE_TYPE -> nested(t, "TypeProto", (n2, t2) -> {
            if (n2 == TYPE_TENSOR_TYPE) {
              nested(t2, "TypeProto.Tensor", (n3, t3) -> {
                switch (n3) {
                  case TENSOR_TYPE_ELEM_TYPE -> elemType[0] = (int) varint(t3, "TypeProto.Tensor.elem_type");
                  case TENSOR_TYPE_SHAPE -> shape(t3, dims);
                  default -> in.skipField(t3);
                }
              });
            } else {
              in.skipField(t2);
            }
          });
          default -> in.skipField(t);
        }
      });
      return new TensorSpec(name[0], elemType[0], dims);
    }

    private void shape(int tag, List<Dim> dims) throws IOException {
      nested(tag, "TensorShapeProto", (number, t) -> {
        if (number != SHAPE_DIM) {
          in.skipField(t);
          return;
        }
        long[] value = {-1};
        String[] param = {null};
        nested(t, "TensorShapeProto.Dimension", (n2, t2) -> {
          switch (n2) {
            case DIM_VALUE -> value[0] = varint(t2, "Dimension.dim_value");
            case DIM_PARAM -> param[0] = string(t2, "Dimension.dim_param");
            default -> in.skipField(t2);
          }
        });
        dims.add(new Dim(value[0], param[0]));
      });
    }
  }
}
