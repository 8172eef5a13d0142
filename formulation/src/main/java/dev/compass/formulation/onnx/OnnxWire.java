package dev.compass.formulation.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of an ONNX {@code ModelProto} that the importer needs with protobuf-java's wire
 * reader ({@link CodedInputStream}), using the field numbers of ONNX's {@code onnx.proto}. Code
 * generation with protoc is not used because the build's Maven (3.8) is older than the protoc
 * plugin requires.
 *
 * <p>Tensor payloads are never decoded except for small inline tensors (at most
 * {@link #MAX_INLINE_ELEMENTS} elements: the shape operands of Reshape, Slice, ... and Resize
 * scales); larger {@code raw_data} fields are skipped unread and {@code external_data} entries are
 * ignored, so weights stored externally or stripped are normal.
 */
final class OnnxWire {
  private OnnxWire() {}

  /** Bytes that are not the expected message (a known field with the wrong wire type, ...). */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** Tensors with more elements than this keep their payload unread. */
  static final int MAX_INLINE_ELEMENTS = 1024;

  // onnx.proto data types
  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int UINT16 = 4;
  static final int INT16 = 5;
  static final int INT32 = 6;
  static final int INT64 = 7;
  static final int STRING = 8;
  static final int BOOL = 9;
  static final int FLOAT16 = 10;
  static final int DOUBLE = 11;
  static final int UINT32 = 12;
  static final int UINT64 = 13;
  static final int BFLOAT16 = 16;

  record Model(long irVersion, String producer, List<Opset> opsets, Graph graph) {}

  record Opset(String domain, long version) {}

  record Graph(
      String name,
      List<Node> nodes,
      List<Tensor> initializers,
      List<ValueInfo> inputs,
      List<ValueInfo> outputs,
      List<ValueInfo> valueInfo) {}

  record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
    Attribute attribute(String attrName) {
      for (Attribute a : attributes) if (a.name().equals(attrName)) return a;
      return null;
    }
  }

  /** An attribute; only the fields of its type are meaningful. */
  record Attribute(String name, int type, float f, long i, String s, Tensor t, List<Float> floats, List<Long> ints) {}

  /**
   * A tensor's name, dims and data type; {@code values} holds the payload of a small inline tensor
   * ({@code long[]} for integer and boolean types, {@code double[]} for floating types) or null.
   */
  record Tensor(String name, long[] dims, int dataType, boolean external, Object values) {}

  /** A value's declared shape: null when absent; a dim is null when symbolic or missing. */
  record ValueInfo(String name, int elemType, List<Long> dims) {}

  /** Parses a model; throws {@link IOException} for bytes that are not a well-formed ModelProto. */
  static Model parseModel(CodedInputStream in) throws IOException {
    in.setRecursionLimit(200);
    long ir = 0;
    String producer = "";
    List<Opset> opsets = new ArrayList<>();
    Graph graph = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_VARINT -> ir = in.readInt64();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> producer = in.readStringRequireUtf8();
        case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          graph = parseGraph(in);
          in.popLimit(old);
        }
        case (8 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          opsets.add(parseOpset(in));
          in.popLimit(old);
        }
        default -> skip(in, tag, 1, 2, 7, 8);
      }
    }
    return new Model(ir, producer, opsets, graph);
  }

  /**
   * Skips an unknown field; a known field number with the wrong wire type means the bytes are not
   * this message.
   */
  private static void skip(CodedInputStream in, int tag, int... known) throws IOException {
    int field = WireFormat.getTagFieldNumber(tag);
    for (int k : known) {
      if (k == field) {
        throw new Malformed("field " + field + " has wire type " + WireFormat.getTagWireType(tag));
      }
    }
    if (!in.skipField(tag)) {
      throw new Malformed("unexpected end-group tag");
    }
  }

  private static Opset parseOpset(CodedInputStream in) throws IOException {
    String domain = "";
    long version = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> domain = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_VARINT -> version = in.readInt64();
        default -> skip(in, tag, 1, 2);
      }
    }
    return new Opset(domain, version);
  }

  private static Graph parseGraph(CodedInputStream in) throws IOException {
    String name = "";
    List<Node> nodes = new ArrayList<>();
    List<Tensor> inits = new ArrayList<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> valueInfo = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
          || !(field == 1 || field == 2 || field == 5 || field == 11 || field == 12 || field == 13)) {
        skip(in, tag, 1, 2, 5, 11, 12, 13);
        continue;
      }
      if (field == 2) {
        name = in.readStringRequireUtf8();
        continue;
      }
      int old = in.pushLimit(in.readRawVarint32());
      switch (field) {
        case 1 -> nodes.add(parseNode(in));
        case 5 -> inits.add(parseTensor(in));
        case 11 -> inputs.add(parseValueInfo(in));
        case 12 -> outputs.add(parseValueInfo(in));
        default -> valueInfo.add(parseValueInfo(in));
      }
      in.popLimit(old);
    }
    return new Graph(name, nodes, inits, inputs, outputs, valueInfo);
  }

  private static Node parseNode(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    List<Attribute> attrs = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> inputs.add(in.readStringRequireUtf8());
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> outputs.add(in.readStringRequireUtf8());
        case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
        case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> opType = in.readStringRequireUtf8();
        case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> domain = in.readStringRequireUtf8();
        case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          attrs.add(parseAttribute(in));
          in.popLimit(old);
        }
        default -> skip(in, tag, 1, 2, 3, 4, 5, 7);
      }
    }
    return new Node(name, opType, domain, inputs, outputs, attrs);
  }

  private static Attribute parseAttribute(CodedInputStream in) throws IOException {
    String name = "";
    int type = 0;
    float f = 0;
    long i = 0;
    String s = "";
    Tensor t = null;
    List<Float> floats = new ArrayList<>();
    List<Long> ints = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_FIXED32 -> f = in.readFloat();
        case (3 << 3) | WireFormat.WIRETYPE_VARINT -> i = in.readInt64();
        case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> s = in.readBytes().toString(StandardCharsets.UTF_8);
        case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          t = parseTensor(in);
          in.popLimit(old);
        }
        case (7 << 3) | WireFormat.WIRETYPE_FIXED32 -> floats.add(in.readFloat());
        case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          while (in.getBytesUntilLimit() > 0) floats.add(in.readFloat());
          in.popLimit(old);
        }
        case (8 << 3) | WireFormat.WIRETYPE_VARINT -> ints.add(in.readInt64());
        case (8 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          while (in.getBytesUntilLimit() > 0) ints.add(in.readInt64());
          in.popLimit(old);
        }
        case (20 << 3) | WireFormat.WIRETYPE_VARINT -> type = in.readEnum();
        default -> skip(in, tag, 1, 2, 3, 4, 5, 7, 8, 20);
      }
    }
    return new Attribute(name, type, f, i, s, t, List.copyOf(floats), List.copyOf(ints));
  }

  private static Tensor parseTensor(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    boolean external = false;
    byte[] raw = null;
    boolean rawTooLarge = false;
    List<Long> ints = new ArrayList<>();
    List<Double> floats = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_VARINT -> dims.add(in.readInt64());
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          while (in.getBytesUntilLimit() > 0) dims.add(in.readInt64());
          in.popLimit(old);
        }
        case (2 << 3) | WireFormat.WIRETYPE_VARINT -> dataType = in.readInt32();
        case (8 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
        case (14 << 3) | WireFormat.WIRETYPE_VARINT -> external = in.readEnum() == 1;
        case (9 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int len = in.readRawVarint32();
          if (len <= MAX_INLINE_ELEMENTS * 8) {
            raw = in.readRawBytes(len);
          } else {
            in.skipRawBytes(len); // a weight payload: never read
            rawTooLarge = true;
          }
        }
        // typed payloads: int32_data (5), int64_data (7), float_data (4), double_data (10), packed or not
        case (5 << 3) | WireFormat.WIRETYPE_VARINT -> ints.add((long) in.readInt32());
        case (7 << 3) | WireFormat.WIRETYPE_VARINT -> ints.add(in.readInt64());
        case (4 << 3) | WireFormat.WIRETYPE_FIXED32 -> floats.add((double) in.readFloat());
        case (10 << 3) | WireFormat.WIRETYPE_FIXED64 -> floats.add(in.readDouble());
        case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED,
            (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED,
            (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED,
            (10 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int len = in.readRawVarint32();
          if (len > MAX_INLINE_ELEMENTS * 8) {
            in.skipRawBytes(len);
            rawTooLarge = true;
            break;
          }
          int old = in.pushLimit(len);
          int field = WireFormat.getTagFieldNumber(tag);
          while (in.getBytesUntilLimit() > 0) {
            switch (field) {
              case 5 -> ints.add((long) in.readInt32());
              case 7 -> ints.add(in.readInt64());
              case 4 -> floats.add((double) in.readFloat());
              default -> floats.add(in.readDouble());
            }
          }
          in.popLimit(old);
        }
        default -> skip(in, tag, 1, 2, 8, 9, 14);
      }
    }
    long[] d = dims.stream().mapToLong(Long::longValue).toArray();
    Object values = null;
    long n = 1;
    for (long x : d) n = x < 0 ? -1 : n * x;
    if (!external && !rawTooLarge && n >= 0 && n <= MAX_INLINE_ELEMENTS) {
      values = decode(dataType, (int) n, raw, ints, floats);
    }
    return new Tensor(name, d, dataType, external, values);
  }

  /** Decodes a small payload, or null when the type is not numeric or the sizes do not match. */
  private static Object decode(int type, int n, byte[] raw, List<Long> ints, List<Double> floats) {
    boolean floating = type == FLOAT || type == DOUBLE || type == FLOAT16 || type == BFLOAT16;
    if (raw != null) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      int size = switch (type) {
        case INT64, UINT64, DOUBLE -> 8;
        case INT32, UINT32, FLOAT -> 4;
        case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
        case INT8, UINT8, BOOL -> 1;
        default -> 0;
      };
      if (size == 0 || raw.length != n * size) return null;
      if (floating) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
          v[k] = switch (type) {
            case FLOAT -> b.getFloat();
            case DOUBLE -> b.getDouble();
            case FLOAT16 -> halfToFloat(b.getShort());
            default -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
          };
        }
        return v;
      }
      long[] v = new long[n];
      for (int k = 0; k < n; k++) {
        v[k] = switch (type) {
          case INT64, UINT64 -> b.getLong();
          case INT32 -> b.getInt();
          case UINT32 -> b.getInt() & 0xffffffffL;
          case INT16 -> b.getShort();
          case UINT16 -> b.getShort() & 0xffff;
          case INT8 -> b.get();
          default -> b.get() & 0xff;
        };
      }
      return v;
    }
    if (floating && type != FLOAT16 && type != BFLOAT16 && floats.size() == n) {
      return floats.stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (!floating && type != STRING && ints.size() == n) {
      return ints.stream().mapToLong(Long::longValue).toArray();
    }
    return null;
  }

  private static ValueInfo parseValueInfo(CodedInputStream in) throws IOException {
    String name = "";
    TypeInfo type = new TypeInfo();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int old = in.pushLimit(in.readRawVarint32());
          type.parseType(in);
          in.popLimit(old);
        }
        default -> skip(in, tag, 1, 2);
      }
    }
    return new ValueInfo(name, type.elemType,
        type.dims == null ? null : java.util.Collections.unmodifiableList(type.dims));
  }

  /**
   * What a ValueInfo's TypeProto says: tensor_type = 1 -> Tensor { elem_type = 1; shape = 2
   * { dim = 1 { dim_value = 1 | dim_param = 2 } } }; other fields are skipped at every level.
   */
  private static final class TypeInfo {
    int elemType;
    List<Long> dims;

    void parseType(CodedInputStream in) throws IOException {
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag != ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          skip(in, tag);
          continue;
        }
        int old = in.pushLimit(in.readRawVarint32());
        parseTensorType(in);
        in.popLimit(old);
      }
    }

    private void parseTensorType(CodedInputStream in) throws IOException {
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == ((1 << 3) | WireFormat.WIRETYPE_VARINT)) {
          elemType = in.readInt32();
        } else if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          int old = in.pushLimit(in.readRawVarint32());
          dims = parseShape(in);
          in.popLimit(old);
        } else {
          skip(in, tag);
        }
      }
    }

    private static List<Long> parseShape(CodedInputStream in) throws IOException {
      List<Long> dims = new ArrayList<>();
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag != ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          skip(in, tag);
          continue;
        }
        int old = in.pushLimit(in.readRawVarint32());
        dims.add(parseDim(in));
        in.popLimit(old);
      }
      return dims;
    }

    /** dim_value, or null for a dim_param (symbolic) or missing dim. */
    private static Long parseDim(CodedInputStream in) throws IOException {
      Long value = null;
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == ((1 << 3) | WireFormat.WIRETYPE_VARINT)) {
          value = in.readInt64();
        } else {
          skip(in, tag);
        }
      }
      return value;
    }
  }

  /** IEEE 754 half precision to float (Float.float16ToFloat is Java 20+). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits >>> 15) << 31;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
