package dev.compass.formulation.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests with protobuf-java's {@link CodedOutputStream}, using the field
 * numbers of ONNX's {@code onnx.proto} (independent of the importer's reader). Weights are
 * initializers with dims and data type only, marked as external data whose file does not exist.
 */
final class OnnxBytes {
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private final List<byte[]> valueInfo = new ArrayList<>();
  private long opset = 13;

  /** An attribute (AttributeProto) already serialized. */
  record Attr(byte[] bytes) {}

  OnnxBytes opset(long v) {
    opset = v;
    return this;
  }

  /** A float graph input; a null dim is symbolic ({@code dim_param "N"}). */
  OnnxBytes input(String name, Long... dims) {
    inputs.add(valueInfo(name, 1, dims));
    return this;
  }

  OnnxBytes input(String name, long... dims) {
    inputs.add(valueInfo(name, 1, box(dims)));
    return this;
  }

  OnnxBytes output(String name) {
    outputs.add(message(o -> o.writeString(1, name)));
    return this;
  }

  OnnxBytes valueInfo(String name, long... dims) {
    valueInfo.add(valueInfo(name, 1, box(dims)));
    return this;
  }

  /** A float weight with dims only: its data is "external" in a file that does not exist. */
  OnnxBytes weight(String name, long... dims) {
    initializers.add(message(o -> {
      for (long d : dims) o.writeInt64(1, d);
      o.writeInt32(2, 1);
      o.writeString(8, name);
      o.writeByteArray(13, message(e -> {
        e.writeString(1, "location");
        e.writeString(2, "missing.weights");
      }));
      o.writeEnum(14, 1);
    }));
    return this;
  }

  /** An int64 initializer with inline raw_data. */
  OnnxBytes ints(String name, long[] dims, long... values) {
    initializers.add(int64Tensor(name, dims, values));
    return this;
  }

  OnnxBytes node(String opType, String name, List<String> in, List<String> out, Attr... attrs) {
    nodes.add(message(o -> {
      for (String s : in) o.writeString(1, s);
      for (String s : out) o.writeString(2, s);
      o.writeString(3, name);
      o.writeString(4, opType);
      for (Attr a : attrs) o.writeByteArray(5, a.bytes());
    }));
    return this;
  }

  /** A node of another operator set domain (e.g. {@code com.microsoft}). */
  OnnxBytes nodeInDomain(String domain, String opType, String name, String in, String out) {
    nodes.add(message(o -> {
      o.writeString(1, in);
      o.writeString(2, out);
      o.writeString(3, name);
      o.writeString(4, opType);
      o.writeString(7, domain);
    }));
    return this;
  }

  /** One-input, one-output node. */
  OnnxBytes node(String opType, String name, String in, String out, Attr... attrs) {
    return node(opType, name, List.of(in), List.of(out), attrs);
  }

  byte[] bytes() {
    byte[] graph = message(g -> {
      for (byte[] n : nodes) g.writeByteArray(1, n);
      g.writeString(2, "test");
      for (byte[] t : initializers) g.writeByteArray(5, t);
      for (byte[] v : inputs) g.writeByteArray(11, v);
      for (byte[] v : outputs) g.writeByteArray(12, v);
      for (byte[] v : valueInfo) g.writeByteArray(13, v);
    });
    return message(m -> {
      m.writeInt64(1, 8);
      m.writeString(2, "compass-test");
      m.writeByteArray(7, graph);
      m.writeByteArray(8, message(o -> {
        o.writeString(1, "");
        o.writeInt64(2, opset);
      }));
    });
  }

  static Attr attr(String name, long i) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeInt64(3, i);
      o.writeEnum(20, 2);
    }));
  }

  static Attr attr(String name, float f) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeFloat(2, f);
      o.writeEnum(20, 1);
    }));
  }

  static Attr attr(String name, String s) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeString(4, s);
      o.writeEnum(20, 3);
    }));
  }

  static Attr ints(String name, long... v) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      for (long x : v) o.writeInt64(8, x);
      o.writeEnum(20, 7);
    }));
  }

  static Attr floats(String name, float... v) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      for (float x : v) o.writeFloat(7, x);
      o.writeEnum(20, 6);
    }));
  }

  /** A {@code value} attribute holding an int64 tensor (for Constant nodes). */
  static Attr tensor(String name, long[] dims, long... values) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeByteArray(5, int64Tensor("", dims, values));
      o.writeEnum(20, 4);
    }));
  }

  /** A {@code value} attribute holding a float tensor in float_data. */
  static Attr floatTensor(String name, long[] dims, float... values) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeByteArray(5, message(t -> {
        for (long d : dims) t.writeInt64(1, d);
        t.writeInt32(2, 1);
        for (float f : values) t.writeFloat(4, f);
      }));
      o.writeEnum(20, 4);
    }));
  }

  private static byte[] int64Tensor(String name, long[] dims, long[] values) {
    return message(t -> {
      for (long d : dims) t.writeInt64(1, d);
      t.writeInt32(2, 7);
      if (!name.isEmpty()) t.writeString(8, name);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (long v : values) b.putLong(v);
      t.writeByteArray(9, b.array());
    });
  }

  private static byte[] valueInfo(String name, int elemType, Long[] dims) {
    return message(v -> {
      v.writeString(1, name);
      v.writeByteArray(2, message(type -> type.writeByteArray(1, message(tensor -> {
        tensor.writeInt32(1, elemType);
        tensor.writeByteArray(2, message(shape -> {
          for (Long d : dims) {
            shape.writeByteArray(1, message(dim -> {
              if (d == null) dim.writeString(2, "N");
              else dim.writeInt64(1, d);
            }));
          }
        }));
      }))));
    });
  }

  /**
   * A copy of a serialized ModelProto without the graph's {@code value_info} (GraphProto field 13),
   * everything else byte for byte: what an export without shape information looks like.
   */
  static byte[] withoutValueInfo(byte[] model) {
    return copy(model, (field, value) -> field == 7 ? copy(value, (f, v) -> f == 13 ? null : v) : value);
  }

  private interface FieldFilter {
    /** The replacement bytes of a length-delimited field, or null to drop it. */
    byte[] apply(int field, byte[] value) throws IOException;
  }

  private static byte[] copy(byte[] message, FieldFilter filter) {
    return message(out -> {
      com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(message);
      int tag;
      while ((tag = in.readTag()) != 0) {
        int field = com.google.protobuf.WireFormat.getTagFieldNumber(tag);
        switch (com.google.protobuf.WireFormat.getTagWireType(tag)) {
          case com.google.protobuf.WireFormat.WIRETYPE_VARINT -> out.writeUInt64(field, in.readRawVarint64());
          case com.google.protobuf.WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32(field, in.readRawLittleEndian32());
          case com.google.protobuf.WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64(field, in.readRawLittleEndian64());
          case com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
            byte[] v = filter.apply(field, in.readByteArray());
            if (v != null) out.writeByteArray(field, v);
          }
          default -> throw new IOException("unexpected wire type in " + tag);
        }
      }
    });
  }

  private static Long[] box(long[] dims) {
    Long[] r = new Long[dims.length];
    for (int i = 0; i < dims.length; i++) r[i] = dims[i];
    return r;
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
