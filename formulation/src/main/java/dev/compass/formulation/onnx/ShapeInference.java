package dev.compass.formulation.onnx;

import dev.compass.formulation.InputException;
import dev.compass.formulation.onnx.OnnxWire.Attribute;
import dev.compass.formulation.onnx.OnnxWire.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Static shapes of ONNX operator outputs, and the values of small constants (shape arithmetic:
 * Shape, Gather, Slice, Concat, Unsqueeze, Squeeze, Div, Mul, Add, Sub, Cast, ConstantOfShape, Range,
 * Expand, Reshape, Transpose, ...), following the ONNX operator specifications for opsets 7 to 21.
 *
 * <p>{@link #infer} returns one {@link Value} per node output, or null for an output whose shape
 * cannot be known (a Reshape whose target shape is not a folded constant, say); the importer then
 * falls back to the file's {@code value_info}. Malformed attributes are {@link InputException}s
 * without a location (the importer adds file and node).
 */
final class ShapeInference {
  private ShapeInference() {}

  private static final Set<String> SAME_SHAPE = Set.of(
      "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Erf", "Exp", "Log", "Sqrt",
      "Reciprocal", "Neg", "Abs", "Clip", "Softplus", "Softsign", "Elu", "Selu", "Celu", "Mish", "Gelu",
      "Softmax", "LogSoftmax", "Hardmax", "Cast", "CastLike", "Not", "Floor", "Ceil", "Round", "Sign", "Sin",
      "Cos", "Tan", "Atan", "IsNaN", "IsInf", "BatchNormalization", "InstanceNormalization",
      "LayerNormalization", "GroupNormalization", "LpNormalization", "LRN", "Dropout", "Identity", "Shrink",
      "ThresholdedRelu", "Trilu", "CumSum", "QuantizeLinear", "DequantizeLinear", "ScatterND",
      "ScatterElements", "Scatter", "EyeLike");

  private static final Set<String> BROADCAST = Set.of(
      "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "Equal", "Less", "LessOrEqual",
      "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Where", "PRelu", "BitShift");

  private static final Set<String> OTHER = Set.of(
      "Constant", "Shape", "Size", "ConstantOfShape", "Range", "Gather", "GatherElements", "Slice", "Concat",
      "Unsqueeze", "Squeeze", "Reshape", "Flatten", "Transpose", "Expand", "Tile", "Split", "Pad", "Resize",
      "Upsample", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool",
      "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
      "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "TopK", "DepthToSpace",
      "SpaceToDepth", "Conv", "Gemm", "MatMul");

  /** Every operator type the importer supports, sorted. */
  static final Set<String> SUPPORTED;

  static {
    Set<String> all = new TreeSet<>(SAME_SHAPE);
    all.addAll(BROADCAST);
    all.addAll(OTHER);
    SUPPORTED = java.util.Collections.unmodifiableSet(all);
  }

  // ---------------------------------------------------------------- attributes

  static long attrInt(Node n, String name, long dflt) {
    Attribute a = n.attribute(name);
    return a == null ? dflt : a.i();
  }

  static String attrString(Node n, String name, String dflt) {
    Attribute a = n.attribute(name);
    return a == null ? dflt : a.s();
  }

  /** An INTS attribute, or null when absent. */
  static long[] attrInts(Node n, String name) {
    Attribute a = n.attribute(name);
    return a == null ? null : a.ints().stream().mapToLong(Long::longValue).toArray();
  }

  static InputException bad(String problem) {
    return new InputException("", problem);
  }

  // ---------------------------------------------------------------- entry

  /**
   * Output values of {@code n} from its inputs ({@code in[i]} null for an absent optional input; an
   * input's shape may be null when unknown). Payloads are computed when every needed input payload
   * is known.
   */
  static Value[] infer(Node n, Value[] in, long opset) {
    String op = n.opType();
    int outs = n.outputs().size();
    Value[] r = new Value[outs];
    if (op.equals("Constant")) {
      r[0] = constantNode(n);
      return r;
    }
    if (op.equals("Shape")) {
      long[] s = shapeOf(in, 0);
      if (s == null) return r;
      int rank = s.length;
      int start = (int) clampAxis(attrInt(n, "start", 0), rank);
      int end = n.attribute("end") == null ? rank : (int) clampAxis(attrInt(n, "end", rank), rank);
      long[] v = Arrays.copyOfRange(s, start, Math.max(start, end));
      r[0] = Value.ofInts(new long[] {v.length}, v);
      return r;
    }
    if (op.equals("Size")) {
      long[] s = shapeOf(in, 0);
      if (s != null) r[0] = Value.ofInts(new long[0], new long[] {Value.elements(s)});
      return r;
    }
    if (SAME_SHAPE.contains(op)) {
      sameShape(n, in, r, opset);
      return r;
    }
    if (BROADCAST.contains(op)) {
      r[0] = broadcastOp(n, in);
      return r;
    }
    switch (op) {
      case "ConstantOfShape" -> r[0] = constantOfShape(n, in);
      case "Range" -> r[0] = range(in);
      case "Gather" -> r[0] = gather(n, in);
      case "GatherElements" -> r[0] = in[1] == null || in[1].shape == null ? null : Value.constant(in[1].shape);
      case "Slice" -> r[0] = slice(n, in, opset);
      case "Concat" -> r[0] = concat(n, in);
      case "Unsqueeze" -> r[0] = unsqueeze(n, in, opset);
      case "Squeeze" -> r[0] = squeeze(n, in, opset);
      case "Reshape" -> r[0] = reshape(n, in);
      case "Flatten" -> r[0] = flatten(n, in);
      case "Transpose" -> r[0] = transpose(n, in);
      case "Expand" -> r[0] = expand(in);
      case "Tile" -> r[0] = tile(in);
      case "Split" -> split(n, in, r, opset);
      case "Pad" -> r[0] = pad(n, in, opset);
      case "Resize", "Upsample" -> r[0] = resize(n, in, opset);
      case "MaxPool", "AveragePool", "LpPool" -> pool(n, in, r);
      case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> r[0] = globalPool(in);
      case "ArgMax", "ArgMin" -> r[0] = argReduce(n, in);
      case "TopK" -> topK(n, in, r, opset);
      case "DepthToSpace", "SpaceToDepth" -> r[0] = depthSpace(n, in);
      case "Conv" -> r[0] = conv(n, in);
      case "Gemm" -> r[0] = gemm(n, in);
      case "MatMul" -> r[0] = matmul(in);
      default -> {
        if (op.startsWith("Reduce")) {
          r[0] = reduce(n, in, opset);
        } else {
          throw new IllegalStateException("no shape rule for supported operator " + op);
        }
      }
    }
    return r;
  }

  private static long[] shapeOf(Value[] in, int i) {
    return i < in.length && in[i] != null ? in[i].shape : null;
  }

  private static Value input(Value[] in, int i) {
    return i < in.length ? in[i] : null;
  }

  /** The payload of input {@code i} as longs, or null when absent or unknown. */
  private static long[] ints(Value[] in, int i) {
    Value v = input(in, i);
    return v != null && v.known() ? v.longs() : null;
  }

  static long clampAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return Math.max(0, Math.min(rank, a));
  }

  static int axis(long axis, int rank, String what) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw bad(what + " " + axis + " is out of range for a tensor of rank " + rank
          + "; valid: " + (-rank) + " to " + (rank - 1));
    }
    return (int) a;
  }

  // ---------------------------------------------------------------- constants

  private static Value constantNode(Node n) {
    for (Attribute a : n.attributes()) {
      switch (a.name()) {
        case "value" -> {
          if (a.t() == null) throw bad("Constant 'value' attribute holds no tensor");
          return Value.constant(a.t().dims(), a.t().values());
        }
        case "value_int" -> {
          return Value.ofInts(new long[0], new long[] {a.i()});
        }
        case "value_ints" -> {
          long[] v = a.ints().stream().mapToLong(Long::longValue).toArray();
          return Value.ofInts(new long[] {v.length}, v);
        }
        case "value_float" -> {
          return Value.ofFloats(new long[0], new double[] {a.f()});
        }
        case "value_floats" -> {
          double[] v = a.floats().stream().mapToDouble(Float::doubleValue).toArray();
          return Value.ofFloats(new long[] {v.length}, v);
        }
        default -> { }
      }
    }
    throw bad("Constant needs a 'value', 'value_int(s)' or 'value_float(s)' attribute (sparse and string constants are not supported)");
  }

  private static Value constantOfShape(Node n, Value[] in) {
    long[] dims = ints(in, 0);
    if (dims == null) return null;
    long count = Value.elements(dims);
    Attribute a = n.attribute("value");
    Object fill = a == null || a.t() == null ? new double[] {0.0} : a.t().values();
    if (count > Value.MAX_FOLD || fill == null) return Value.constant(dims);
    if (fill instanceof long[] l) {
      long[] v = new long[(int) count];
      Arrays.fill(v, l.length > 0 ? l[0] : 0);
      return Value.ofInts(dims, v);
    }
    double[] f = (double[]) fill;
    double[] v = new double[(int) count];
    Arrays.fill(v, f.length > 0 ? f[0] : 0);
    return Value.ofFloats(dims, v);
  }

  private static Value range(Value[] in) {
    Value start = input(in, 0);
    Value limit = input(in, 1);
    Value delta = input(in, 2);
    if (start == null || limit == null || delta == null || !start.known() || !limit.known() || !delta.known()) {
      return null;
    }
    boolean floating = start.isFloat() || limit.isFloat() || delta.isFloat();
    double s = start.d(0);
    double l = limit.d(0);
    double d = delta.d(0);
    if (d == 0) throw bad("Range with delta 0");
    long count = Math.max((long) Math.ceil((l - s) / d), 0);
    long[] shape = {count};
    if (count > Value.MAX_FOLD) return Value.constant(shape);
    if (floating) {
      double[] v = new double[(int) count];
      for (int i = 0; i < count; i++) v[i] = s + i * d;
      return Value.ofFloats(shape, v);
    }
    long[] v = new long[(int) count];
    for (int i = 0; i < count; i++) v[i] = start.l(0) + i * delta.l(0);
    return Value.ofInts(shape, v);
  }

  // ---------------------------------------------------------------- elementwise

  private static void sameShape(Node n, Value[] in, Value[] r, long opset) {
    Value x = input(in, 0);
    if (x == null || x.shape == null) return;
    String op = n.opType();
    Value v = Value.constant(x.shape);
    if (x.known()) v = foldUnary(n, x);
    r[0] = v;
    // optional extra outputs
    for (int i = 1; i < r.length; i++) {
      switch (op) {
        case "Dropout" -> r[i] = Value.constant(x.shape); // mask
        case "LayerNormalization" -> {
          int ax = axis(attrInt(n, "axis", -1), x.shape.length, "axis");
          long[] s = x.shape.clone();
          for (int k = ax; k < s.length; k++) s[k] = 1;
          r[i] = Value.constant(s);
        }
        case "BatchNormalization" -> {
          if (x.shape.length > 1) r[i] = Value.constant(new long[] {x.shape[1]});
        }
        default -> { }
      }
    }
  }

  private static Value foldUnary(Node n, Value x) {
    String op = n.opType();
    switch (op) {
      case "Identity", "Dropout" -> {
        return x;
      }
      case "Cast" -> {
        long to = attrInt(n, "to", OnnxWire.FLOAT);
        boolean toFloat = to == OnnxWire.FLOAT || to == OnnxWire.DOUBLE || to == OnnxWire.FLOAT16
            || to == OnnxWire.BFLOAT16;
        if (toFloat) return Value.ofFloats(x.shape, x.doubles());
        if (to == OnnxWire.BOOL) {
          double[] d = x.doubles();
          long[] v = new long[d.length];
          for (int i = 0; i < v.length; i++) v[i] = d[i] != 0 ? 1 : 0;
          return Value.ofInts(x.shape, v);
        }
        if (to == OnnxWire.STRING) return Value.constant(x.shape);
        return Value.ofInts(x.shape, x.longs());
      }
      case "Neg" -> {
        return mapUnary(x, a -> -a, d -> -d);
      }
      case "Abs" -> {
        return mapUnary(x, Math::abs, Math::abs);
      }
      case "Not" -> {
        return mapUnary(x, a -> a == 0 ? 1 : 0, d -> d == 0 ? 1 : 0);
      }
      case "Sign" -> {
        return mapUnary(x, Long::signum, Math::signum);
      }
      case "Floor" -> {
        return mapUnary(x, a -> a, Math::floor);
      }
      case "Ceil" -> {
        return mapUnary(x, a -> a, Math::ceil);
      }
      case "Round" -> {
        return mapUnary(x, a -> a, Math::rint);
      }
      case "Sqrt" -> {
        return x.isFloat() ? mapUnary(x, a -> a, Math::sqrt) : Value.constant(x.shape);
      }
      case "Reciprocal" -> {
        return x.isFloat() ? mapUnary(x, a -> a, d -> 1 / d) : Value.constant(x.shape);
      }
      case "Exp" -> {
        return x.isFloat() ? mapUnary(x, a -> a, Math::exp) : Value.constant(x.shape);
      }
      case "Log" -> {
        return x.isFloat() ? mapUnary(x, a -> a, Math::log) : Value.constant(x.shape);
      }
      case "Relu" -> {
        return mapUnary(x, a -> Math.max(a, 0), d -> Math.max(d, 0));
      }
      default -> {
        return Value.constant(x.shape);
      }
    }
  }

  private static Value mapUnary(Value x, java.util.function.LongUnaryOperator fl, DoubleUnaryOperator fd) {
    if (x.isFloat()) {
      double[] d = x.floats.clone();
      for (int i = 0; i < d.length; i++) d[i] = fd.applyAsDouble(d[i]);
      return Value.ofFloats(x.shape, d);
    }
    long[] l = x.ints.clone();
    for (int i = 0; i < l.length; i++) l[i] = fl.applyAsLong(l[i]);
    return Value.ofInts(x.shape, l);
  }

  /** Numpy-style broadcast of two shapes; null when they do not broadcast. */
  static long[] broadcast(long[] a, long[] b) {
    int r = Math.max(a.length, b.length);
    long[] o = new long[r];
    for (int i = 0; i < r; i++) {
      long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
      long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
      if (x == y || y == 1) {
        o[i] = x;
      } else if (x == 1) {
        o[i] = y;
      } else {
        return null;
      }
    }
    return o;
  }

  private static long[] broadcastOrFail(long[] a, long[] b) {
    long[] o = broadcast(a, b);
    if (o == null) {
      throw bad("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
    }
    return o;
  }

  /** Flat index into a tensor of shape {@code src} broadcast to {@code out}, for flat output index {@code i}. */
  private static int broadcastIndex(long[] src, long[] out, int i) {
    int idx = 0;
    int stride = 1;
    int rem = i;
    for (int k = out.length - 1; k >= 0; k--) {
      int coord = (int) (rem % out[k]);
      rem /= (int) out[k];
      int sk = k - (out.length - src.length);
      if (sk >= 0) {
        if (src[sk] != 1) idx += coord * stride;
        stride *= (int) src[sk];
      }
    }
    return idx;
  }

  private static Value broadcastOp(Node n, Value[] in) {
    String op = n.opType();
    List<Value> args = new ArrayList<>();
    for (Value v : in) if (v != null) args.add(v);
    if (args.isEmpty()) return null;
    long[] shape = new long[0];
    for (Value v : args) {
      if (v.shape == null) return null;
      shape = broadcastOrFail(shape, v.shape);
    }
    if (op.equals("PRelu")) shape = args.get(0).shape;
    long count = Value.elements(shape);
    for (Value v : args) if (!v.known()) return Value.constant(shape);
    if (count > Value.MAX_FOLD) return Value.constant(shape);
    int cnt = (int) count;
    if (op.equals("Where")) {
      Value c = args.get(0);
      Value x = args.get(1);
      Value y = args.get(2);
      boolean floating = x.isFloat() || y.isFloat();
      long[] l = new long[cnt];
      double[] d = new double[cnt];
      for (int i = 0; i < cnt; i++) {
        boolean cond = c.d(broadcastIndex(c.shape, shape, i)) != 0;
        Value src = cond ? x : y;
        int k = broadcastIndex(src.shape, shape, i);
        l[i] = src.l(k);
        d[i] = src.d(k);
      }
      return floating ? Value.ofFloats(shape, d) : Value.ofInts(shape, l);
    }
    boolean compare = Set.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor")
        .contains(op);
    boolean floating = false;
    for (Value v : args) floating |= v.isFloat();
    if (op.equals("Mean")) floating = true;
    Value acc = args.get(0);
    long fmod = attrInt(n, "fmod", 0);
    for (int a = 1; a < args.size(); a++) {
      Value b = args.get(a);
      long[] l = new long[cnt];
      double[] d = new double[cnt];
      for (int i = 0; i < cnt; i++) {
        int ia = broadcastIndex(acc.shape, shape, i);
        int ib = broadcastIndex(b.shape, shape, i);
        if (floating || compare) {
          double x = acc.d(ia);
          double y = b.d(ib);
          double z = switch (op) {
            case "Add", "Sum", "Mean" -> x + y;
            case "Sub" -> x - y;
            case "Mul" -> x * y;
            case "Div" -> x / y;
            case "Pow" -> Math.pow(x, y);
            case "Mod" -> fmod == 1 ? x % y : x - Math.floor(x / y) * y;
            case "Max" -> Math.max(x, y);
            case "Min" -> Math.min(x, y);
            case "Equal" -> x == y ? 1 : 0;
            case "Less" -> x < y ? 1 : 0;
            case "LessOrEqual" -> x <= y ? 1 : 0;
            case "Greater" -> x > y ? 1 : 0;
            case "GreaterOrEqual" -> x >= y ? 1 : 0;
            case "And" -> (x != 0 && y != 0) ? 1 : 0;
            case "Or" -> (x != 0 || y != 0) ? 1 : 0;
            case "Xor" -> ((x != 0) ^ (y != 0)) ? 1 : 0;
            default -> Double.NaN;
          };
          d[i] = z;
          l[i] = (long) z;
        } else {
          long x = acc.l(ia);
          long y = b.l(ib);
          if ((op.equals("Div") || op.equals("Mod")) && y == 0) return Value.constant(shape);
          long z = switch (op) {
            case "Add", "Sum" -> x + y;
            case "Sub" -> x - y;
            case "Mul" -> x * y;
            case "Div" -> x / y;
            case "Pow" -> (long) Math.pow(x, y);
            case "Mod" -> fmod == 1 ? x % y : Math.floorMod(x, y);
            case "Max" -> Math.max(x, y);
            case "Min" -> Math.min(x, y);
            case "BitShift" -> attrString(n, "direction", "LEFT").equals("LEFT") ? x << y : x >>> y;
            default -> 0;
          };
          l[i] = z;
          d[i] = z;
        }
      }
      boolean resultFloat = floating && !compare;
      acc = resultFloat ? Value.ofFloats(shape, d) : Value.ofInts(shape, l);
    }
    if (op.equals("Mean") && args.size() > 1) {
      double[] d = acc.doubles().clone();
      for (int i = 0; i < d.length; i++) d[i] /= args.size();
      acc = Value.ofFloats(shape, d);
    }
    return acc;
  }

  // ---------------------------------------------------------------- indexing and views

  private static Value gather(Node n, Value[] in) {
    long[] data = shapeOf(in, 0);
    long[] idx = shapeOf(in, 1);
    if (data == null || idx == null) return null;
    if (data.length == 0) throw bad("Gather on a scalar");
    int ax = axis(attrInt(n, "axis", 0), data.length, "axis");
    long[] out = new long[data.length - 1 + idx.length];
    int k = 0;
    for (int i = 0; i < ax; i++) out[k++] = data[i];
    for (long d : idx) out[k++] = d;
    for (int i = ax + 1; i < data.length; i++) out[k++] = data[i];
    Value x = in[0];
    Value ind = in[1];
    if (!x.known() || !ind.known() || Value.elements(out) > Value.MAX_FOLD) return Value.constant(out);
    int outer = (int) Value.elements(Arrays.copyOfRange(data, 0, ax));
    int inner = (int) Value.elements(Arrays.copyOfRange(data, ax + 1, data.length));
    int dimA = (int) data[ax];
    long[] indices = ind.longs();
    int m = indices.length;
    int total = outer * m * inner;
    long[] l = new long[total];
    double[] d = new double[total];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < m; j++) {
        long id = indices[j] < 0 ? indices[j] + dimA : indices[j];
        if (id < 0 || id >= dimA) throw bad("Gather index " + indices[j] + " is out of range for axis size " + dimA);
        for (int i = 0; i < inner; i++) {
          int src = (int) ((o * (long) dimA + id) * inner + i);
          int dst = (o * m + j) * inner + i;
          l[dst] = x.l(src);
          d[dst] = x.d(src);
        }
      }
    }
    return x.with(out, l, d);
  }

  private static Value slice(Node n, Value[] in, long opset) {
    long[] data = shapeOf(in, 0);
    if (data == null) return null;
    int rank = data.length;
    long[] starts;
    long[] ends;
    long[] axes;
    long[] steps;
    if (opset < 10) {
      starts = attrInts(n, "starts");
      ends = attrInts(n, "ends");
      axes = attrInts(n, "axes");
      steps = null;
    } else {
      starts = ints(in, 1);
      ends = ints(in, 2);
      axes = input(in, 3) == null ? null : ints(in, 3);
      steps = input(in, 4) == null ? null : ints(in, 4);
      if ((input(in, 3) != null && axes == null) || (input(in, 4) != null && steps == null)) return null;
    }
    if (starts == null || ends == null) return null;
    if (starts.length != ends.length) throw bad("Slice starts and ends have different lengths");
    long[] begin = new long[rank];
    long[] step = new long[rank];
    long[] out = data.clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int ax = axes == null ? i : axis(axes[i], rank, "Slice axis");
      long st = steps == null ? 1 : steps[i];
      if (st == 0) throw bad("Slice step 0");
      long dim = data[ax];
      long s = starts[i];
      long e = ends[i];
      if (s < 0) s += dim;
      if (e < 0) e += dim;
      long count;
      if (st > 0) {
        s = Math.max(0, Math.min(dim, s));
        e = Math.max(0, Math.min(dim, e));
        count = e > s ? (e - s + st - 1) / st : 0;
      } else {
        s = Math.max(-1, Math.min(dim - 1, s));
        e = Math.max(-1, Math.min(dim - 1, e));
        count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
      }
      begin[ax] = s;
      step[ax] = st;
      out[ax] = count;
    }
    Value x = in[0];
    if (!x.known() || Value.elements(out) > Value.MAX_FOLD) return Value.constant(out);
    long[] strides = strides(data);
    long base = 0;
    long[] coef = new long[rank];
    for (int k = 0; k < rank; k++) {
      base += begin[k] * strides[k];
      coef[k] = step[k] * strides[k];
    }
    return strided(x, out, base, coef);
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      s[k] = acc;
      acc *= shape[k];
    }
    return s;
  }

  /**
   * The tensor of shape {@code out} whose element at coordinates {@code c} is {@code x}'s flat
   * element {@code base + sum_k c[k] * coef[k]} (a strided view: Slice, Transpose).
   */
  private static Value strided(Value x, long[] out, long base, long[] coef) {
    int total = (int) Value.elements(out);
    long[] l = new long[total];
    double[] d = new double[total];
    for (int i = 0; i < total; i++) {
      int rem = i;
      long src = base;
      for (int k = out.length - 1; k >= 0; k--) {
        src += (rem % out[k]) * coef[k];
        rem /= (int) out[k];
      }
      l[i] = x.l((int) src);
      d[i] = x.d((int) src);
    }
    return x.with(out, l, d);
  }

  private static Value concat(Node n, Value[] in) {
    List<Value> args = new ArrayList<>();
    for (Value v : in) if (v != null) args.add(v);
    if (args.isEmpty()) throw bad("Concat without inputs");
    for (Value v : args) if (v.shape == null) return null;
    int rank = args.get(0).shape.length;
    int ax = axis(attrInt(n, "axis", 0), rank, "Concat axis");
    long[] out = args.get(0).shape.clone();
    out[ax] = 0;
    for (Value v : args) {
      if (v.shape.length != rank) {
        throw bad("Concat inputs of ranks " + rank + " and " + v.shape.length);
      }
      for (int k = 0; k < rank; k++) {
        if (k != ax && v.shape[k] != out[k]) {
          throw bad("Concat inputs " + Arrays.toString(args.get(0).shape) + " and " + Arrays.toString(v.shape)
              + " differ outside axis " + ax);
        }
      }
      out[ax] += v.shape[ax];
    }
    boolean known = true;
    boolean floating = false;
    for (Value v : args) {
      known &= v.known();
      floating |= v.known() && v.isFloat();
    }
    if (!known || Value.elements(out) > Value.MAX_FOLD) return Value.constant(out);
    int outer = (int) Value.elements(Arrays.copyOfRange(out, 0, ax));
    int inner = (int) Value.elements(Arrays.copyOfRange(out, ax + 1, rank));
    int total = (int) Value.elements(out);
    long[] l = new long[total];
    double[] d = new double[total];
    int p = 0;
    for (int o = 0; o < outer; o++) {
      for (Value v : args) {
        int chunk = (int) v.shape[ax] * inner;
        for (int i = 0; i < chunk; i++) {
          l[p] = v.l(o * chunk + i);
          d[p] = v.d(o * chunk + i);
          p++;
        }
      }
    }
    return floating ? Value.ofFloats(out, d) : Value.ofInts(out, l);
  }

  private static long[] axesOf(Node n, Value[] in, long opset, int inputIndex, long attrFromOpset) {
    if (opset < attrFromOpset) return attrInts(n, "axes");
    if (input(in, inputIndex) == null) return attrInts(n, "axes");
    return ints(in, inputIndex);
  }

  private static Value unsqueeze(Node n, Value[] in, long opset) {
    long[] s = shapeOf(in, 0);
    long[] axes = axesOf(n, in, opset, 1, 13);
    if (s == null) return null;
    if (axes == null) {
      if (opset >= 13 && input(in, 1) != null) return null;
      throw bad("Unsqueeze needs axes");
    }
    int rank = s.length + axes.length;
    boolean[] ins = new boolean[rank];
    for (long a : axes) {
      int ax = axis(a, rank, "Unsqueeze axis");
      if (ins[ax]) throw bad("Unsqueeze axis " + a + " repeated");
      ins[ax] = true;
    }
    long[] out = new long[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) out[i] = ins[i] ? 1 : s[k++];
    return in[0].asConstant().reshaped(out);
  }

  private static Value squeeze(Node n, Value[] in, long opset) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    long[] axes = axesOf(n, in, opset, 1, 13);
    if (axes == null && opset >= 13 && input(in, 1) != null) return null;
    boolean[] drop = new boolean[s.length];
    if (axes == null) {
      for (int i = 0; i < s.length; i++) drop[i] = s[i] == 1;
    } else {
      for (long a : axes) {
        int ax = axis(a, s.length, "Squeeze axis");
        if (s[ax] != 1) throw bad("Squeeze axis " + a + " has size " + s[ax] + ", not 1");
        drop[ax] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) if (!drop[i]) out.add(s[i]);
    return in[0].asConstant().reshaped(out.stream().mapToLong(Long::longValue).toArray());
  }

  private static Value reshape(Node n, Value[] in) {
    long[] s = shapeOf(in, 0);
    long[] target = ints(in, 1);
    if (s == null || target == null) return null;
    boolean allowZero = attrInt(n, "allowzero", 0) == 1;
    long[] out = target.clone();
    int minus = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0 && !allowZero) {
        if (i >= s.length) throw bad("Reshape copies dimension " + i + " (0) from an input of rank " + s.length);
        out[i] = s[i];
      }
      if (out[i] == -1) {
        if (minus >= 0) throw bad("Reshape shape " + Arrays.toString(target) + " has more than one -1");
        minus = i;
      } else if (out[i] < 0) {
        throw bad("Reshape shape " + Arrays.toString(target) + " has a negative dimension");
      } else {
        known *= out[i];
      }
    }
    long total = Value.elements(s);
    if (minus >= 0) {
      if (known == 0 || total % known != 0) {
        throw bad("Reshape of " + Arrays.toString(s) + " to " + Arrays.toString(target) + ": elements do not divide");
      }
      out[minus] = total / known;
    } else if (known != total) {
      throw bad("Reshape of " + Arrays.toString(s) + " (" + total + " elements) to " + Arrays.toString(out)
          + " (" + known + " elements)");
    }
    return in[0].asConstant().reshaped(out);
  }

  private static Value flatten(Node n, Value[] in) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    long a = attrInt(n, "axis", 1);
    int ax = (int) (a < 0 ? a + s.length : a);
    if (ax < 0 || ax > s.length) throw bad("Flatten axis " + a + " out of range for rank " + s.length);
    long[] out = {Value.elements(Arrays.copyOfRange(s, 0, ax)), Value.elements(Arrays.copyOfRange(s, ax, s.length))};
    return in[0].asConstant().reshaped(out);
  }

  private static Value transpose(Node n, Value[] in) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    int rank = s.length;
    long[] perm = attrInts(n, "perm");
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
    }
    if (perm.length != rank) throw bad("Transpose perm " + Arrays.toString(perm) + " for rank " + rank);
    long[] out = new long[rank];
    int[] axes = new int[rank]; // perm with negative entries counted from the end, as the shape reads them
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int p = axis(perm[i], rank, "Transpose perm entry");
      if (seen[p]) throw bad("Transpose perm " + Arrays.toString(perm) + " is not a permutation");
      seen[p] = true;
      out[i] = s[p];
      axes[i] = p;
    }
    Value x = in[0];
    if (!x.known()) return Value.constant(out);
    long[] srcStrides = strides(s);
    long[] coef = new long[rank];
    for (int k = 0; k < rank; k++) coef[k] = srcStrides[axes[k]];
    return strided(x, out, 0, coef);
  }

  private static Value expand(Value[] in) {
    long[] s = shapeOf(in, 0);
    long[] target = ints(in, 1);
    if (s == null || target == null) return null;
    long[] out = broadcastOrFail(s, target);
    Value x = in[0];
    if (!x.known() || Value.elements(out) > Value.MAX_FOLD) return Value.constant(out);
    int total = (int) Value.elements(out);
    long[] l = new long[total];
    double[] d = new double[total];
    for (int i = 0; i < total; i++) {
      int k = broadcastIndex(s, out, i);
      l[i] = x.l(k);
      d[i] = x.d(k);
    }
    return x.with(out, l, d);
  }

  private static Value tile(Value[] in) {
    long[] s = shapeOf(in, 0);
    long[] rep = ints(in, 1);
    if (s == null || rep == null) return null;
    if (rep.length != s.length) throw bad("Tile repeats " + Arrays.toString(rep) + " for rank " + s.length);
    long[] out = s.clone();
    for (int i = 0; i < s.length; i++) out[i] *= rep[i];
    return Value.constant(out);
  }

  private static void split(Node n, Value[] in, Value[] r, long opset) {
    long[] s = shapeOf(in, 0);
    if (s == null) return;
    int ax = axis(attrInt(n, "axis", 0), s.length, "Split axis");
    long[] parts = opset < 13 ? attrInts(n, "split") : (input(in, 1) == null ? null : ints(in, 1));
    if (parts == null && opset >= 13 && input(in, 1) != null) return;
    int outs = r.length;
    if (parts == null) {
      long dim = s[ax];
      long chunk = (dim + outs - 1) / outs;
      parts = new long[outs];
      for (int i = 0; i < outs; i++) parts[i] = Math.max(0, Math.min(chunk, dim - i * chunk));
      if (opset < 18 && dim % outs != 0) {
        throw bad("Split of size " + dim + " into " + outs + " equal parts");
      }
    }
    if (parts.length != outs) throw bad("Split into " + parts.length + " parts with " + outs + " outputs");
    long sum = 0;
    for (long p : parts) sum += p;
    if (sum != s[ax]) throw bad("Split parts " + Arrays.toString(parts) + " do not add up to " + s[ax]);
    for (int i = 0; i < outs; i++) {
      long[] o = s.clone();
      o[ax] = parts[i];
      r[i] = Value.constant(o);
    }
  }

  private static Value pad(Node n, Value[] in, long opset) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    long[] pads = opset < 11 ? attrInts(n, "pads") : ints(in, 1);
    if (pads == null) return null;
    long[] axes = null;
    if (input(in, 3) != null) {
      axes = ints(in, 3);
      if (axes == null) return null;
    }
    int rank = s.length;
    int na = axes == null ? rank : axes.length;
    if (pads.length != 2L * na) throw bad("Pad pads " + Arrays.toString(pads) + " for " + na + " axes");
    long[] out = s.clone();
    for (int i = 0; i < na; i++) {
      int ax = axes == null ? i : axis(axes[i], rank, "Pad axis");
      out[ax] += pads[i] + pads[i + na];
      if (out[ax] < 0) throw bad("Pad gives a negative dimension");
    }
    return Value.constant(out);
  }

  private static Value resize(Node n, Value[] in, long opset) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    int rank = s.length;
    if (n.opType().equals("Upsample") && opset < 9) {
      Attribute a = n.attribute("scales");
      if (a != null) return scaled(s, a.floats().stream().mapToDouble(Float::doubleValue).toArray(), null);
      return null;
    }
    Value scalesIn;
    Value sizesIn = null;
    if (n.opType().equals("Upsample") || opset < 11) {
      scalesIn = input(in, 1);
    } else {
      scalesIn = input(in, 2);
      sizesIn = input(in, 3);
    }
    long[] axes = attrInts(n, "axes");
    if (sizesIn != null && sizesIn.shape != null && Value.elements(sizesIn.shape) > 0) {
      if (!sizesIn.known()) return null;
      long[] sizes = sizesIn.longs();
      long[] out = s.clone();
      for (int i = 0; i < sizes.length; i++) {
        int ax = axes == null ? i : axis(axes[i], rank, "Resize axis");
        out[ax] = sizes[i];
      }
      String policy = attrString(n, "keep_aspect_ratio_policy", "stretch");
      if (!policy.equals("stretch")) {
        double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
        for (int i = 0; i < sizes.length; i++) {
          int ax = axes == null ? i : axis(axes[i], rank, "Resize axis");
          double f = (double) sizes[i] / s[ax];
          scale = policy.equals("not_larger") ? Math.min(scale, f) : Math.max(scale, f);
        }
        for (int i = 0; i < sizes.length; i++) {
          int ax = axes == null ? i : axis(axes[i], rank, "Resize axis");
          out[ax] = Math.round(s[ax] * scale);
        }
      }
      return Value.constant(out);
    }
    if (scalesIn == null || !scalesIn.known()) return null;
    return scaled(s, scalesIn.doubles(), axes);
  }

  private static Value scaled(long[] s, double[] scales, long[] axes) {
    long[] out = s.clone();
    for (int i = 0; i < scales.length; i++) {
      int ax = axes == null ? i : axis(axes[i], s.length, "Resize axis");
      out[ax] = (long) Math.floor(s[ax] * scales[i] + 1e-9);
    }
    return Value.constant(out);
  }

  // ---------------------------------------------------------------- pooling, reductions

  /** Output size of a sliding window along one axis, for the given (explicit) pads. */
  static long windowOut(long in, long k, long stride, long dilation, long padBegin, long padEnd, boolean ceil) {
    long eff = (k - 1) * dilation + 1;
    long num = in + padBegin + padEnd - eff;
    long out = (ceil ? Math.floorDiv(num + stride - 1, stride) : Math.floorDiv(num, stride)) + 1;
    // PyTorch's rule: the last window must start inside the input or the left padding
    if (ceil && (out - 1) * stride >= in + padBegin) out--;
    return out;
  }

  /**
   * Explicit {@code [b1, b2, ..., e1, e2, ...]} pads of a Conv or pooling node over {@code spatial}
   * input dims, resolving {@code auto_pad}.
   */
  static long[] resolvePads(Node n, long[] spatial, long[] kernel, long[] strides, long[] dilations) {
    int r = spatial.length;
    String auto = attrString(n, "auto_pad", "NOTSET");
    long[] pads = attrInts(n, "pads");
    long[] p = new long[2 * r];
    switch (auto) {
      case "NOTSET", "" -> {
        if (pads != null) {
          if (pads.length != 2 * r) throw bad("pads " + Arrays.toString(pads) + " for " + r + " spatial axes");
          p = pads.clone();
        }
      }
      case "VALID" -> { }
      case "SAME_UPPER", "SAME_LOWER" -> {
        for (int i = 0; i < r; i++) {
          long out = (spatial[i] + strides[i] - 1) / strides[i];
          long eff = (kernel[i] - 1) * dilations[i] + 1;
          long total = Math.max(0, (out - 1) * strides[i] + eff - spatial[i]);
          long small = total / 2;
          p[i] = auto.equals("SAME_UPPER") ? small : total - small;
          p[i + r] = total - p[i];
        }
      }
      default -> throw bad("auto_pad '" + auto + "'; valid: NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    }
    return p;
  }

  /** {@code v}, which must have {@code r} values, or {@code r} ones when absent (strides, dilations). */
  static long[] orOnes(long[] v, int r) {
    if (v != null) {
      if (v.length != r) throw bad("expected " + r + " values, got " + Arrays.toString(v));
      return v;
    }
    long[] o = new long[r];
    Arrays.fill(o, 1);
    return o;
  }

  private static void pool(Node n, Value[] in, Value[] r) {
    long[] s = shapeOf(in, 0);
    if (s == null) return;
    if (s.length < 3) throw bad(n.opType() + " needs an input [N, C, spatial...], got " + Arrays.toString(s));
    int sp = s.length - 2;
    long[] kernel = attrInts(n, "kernel_shape");
    if (kernel == null || kernel.length != sp) throw bad(n.opType() + " needs kernel_shape with " + sp + " values");
    long[] strides = orOnes(attrInts(n, "strides"), sp);
    long[] dil = orOnes(attrInts(n, "dilations"), sp);
    long[] spatial = Arrays.copyOfRange(s, 2, s.length);
    long[] pads = resolvePads(n, spatial, kernel, strides, dil);
    boolean ceil = attrInt(n, "ceil_mode", 0) == 1;
    long[] out = s.clone();
    for (int i = 0; i < sp; i++) {
      out[i + 2] = windowOut(spatial[i], kernel[i], strides[i], dil[i], pads[i], pads[i + sp], ceil);
      if (out[i + 2] <= 0) throw bad(n.opType() + " output size " + out[i + 2] + " along axis " + (i + 2));
    }
    for (int i = 0; i < r.length; i++) r[i] = Value.constant(out);
  }

  private static Value globalPool(Value[] in) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    long[] out = s.clone();
    for (int i = 2; i < out.length; i++) out[i] = 1;
    return Value.constant(out);
  }

  private static Value reduce(Node n, Value[] in, long opset) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    long fromInput = n.opType().equals("ReduceSum") ? 13 : 18;
    long[] axes = axesOf(n, in, opset, 1, fromInput);
    if (axes == null && input(in, 1) != null && opset >= fromInput) return null;
    boolean keep = attrInt(n, "keepdims", 1) == 1;
    if ((axes == null || axes.length == 0) && attrInt(n, "noop_with_empty_axes", 0) == 1) {
      return in[0].asConstant();
    }
    boolean[] red = new boolean[s.length];
    if (axes == null || axes.length == 0) {
      Arrays.fill(red, true);
    } else {
      for (long a : axes) red[axis(a, s.length, n.opType() + " axis")] = true;
    }
    List<Long> out = new ArrayList<>();
    boolean all = true;
    for (int i = 0; i < s.length; i++) {
      all &= red[i];
      if (!red[i]) out.add(s[i]);
      else if (keep) out.add(1L);
    }
    long[] o = out.stream().mapToLong(Long::longValue).toArray();
    Value x = in[0];
    if (all && x.known()) {
      // the element count of a shape (ReduceProd) and similar folds
      BinaryOperator<Double> f = switch (n.opType()) {
        case "ReduceProd" -> (a, b) -> a * b;
        case "ReduceSum" -> Double::sum;
        case "ReduceMax" -> Math::max;
        case "ReduceMin" -> Math::min;
        default -> null;
      };
      if (f != null && x.length() > 0) {
        double acc = x.d(0);
        for (int i = 1; i < x.length(); i++) acc = f.apply(acc, x.d(i));
        return x.isFloat() ? Value.ofFloats(o, new double[] {acc}) : Value.ofInts(o, new long[] {(long) acc});
      }
    }
    return Value.constant(o);
  }

  private static Value argReduce(Node n, Value[] in) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    int ax = axis(attrInt(n, "axis", 0), s.length, "axis");
    boolean keep = attrInt(n, "keepdims", 1) == 1;
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (i != ax) out.add(s[i]);
      else if (keep) out.add(1L);
    }
    return Value.constant(out.stream().mapToLong(Long::longValue).toArray());
  }

  private static void topK(Node n, Value[] in, Value[] r, long opset) {
    long[] s = shapeOf(in, 0);
    long[] k = opset < 10 ? new long[] {attrInt(n, "k", -1)} : ints(in, 1);
    if (s == null || k == null) return;
    int ax = axis(attrInt(n, "axis", -1), s.length, "axis");
    long[] out = s.clone();
    out[ax] = k[0];
    for (int i = 0; i < r.length; i++) r[i] = Value.constant(out);
  }

  private static Value depthSpace(Node n, Value[] in) {
    long[] s = shapeOf(in, 0);
    if (s == null) return null;
    if (s.length != 4) throw bad(n.opType() + " needs a rank-4 input");
    long b = attrInt(n, "blocksize", 0);
    if (b <= 0) throw bad(n.opType() + " needs a positive blocksize");
    if (n.opType().equals("DepthToSpace")) {
      if (s[1] % (b * b) != 0) throw bad("DepthToSpace channels " + s[1] + " not divisible by blocksize^2");
      return Value.constant(new long[] {s[0], s[1] / (b * b), s[2] * b, s[3] * b});
    }
    if (s[2] % b != 0 || s[3] % b != 0) throw bad("SpaceToDepth spatial dims not divisible by blocksize");
    return Value.constant(new long[] {s[0], s[1] * b * b, s[2] / b, s[3] / b});
  }

  // ---------------------------------------------------------------- weighted and matrix products

  /** Conv output shape; the weight shape is {@code [M, C/group, k...]}. */
  private static Value conv(Node n, Value[] in) {
    long[] x = shapeOf(in, 0);
    long[] w = shapeOf(in, 1);
    if (x == null || w == null) return null;
    if (x.length < 3 || w.length != x.length) {
      throw bad("Conv input " + Arrays.toString(x) + " and weight " + Arrays.toString(w) + " do not match");
    }
    int sp = x.length - 2;
    long group = attrInt(n, "group", 1);
    if (group <= 0 || x[1] != w[1] * group) {
      throw bad("Conv input channels " + x[1] + " != weight channels " + w[1] + " x group " + group);
    }
    long[] kernel = attrInts(n, "kernel_shape");
    if (kernel == null) kernel = Arrays.copyOfRange(w, 2, w.length);
    long[] strides = orOnes(attrInts(n, "strides"), sp);
    long[] dil = orOnes(attrInts(n, "dilations"), sp);
    long[] spatial = Arrays.copyOfRange(x, 2, x.length);
    long[] pads = resolvePads(n, spatial, kernel, strides, dil);
    long[] out = new long[x.length];
    out[0] = x[0];
    out[1] = w[0];
    for (int i = 0; i < sp; i++) {
      out[i + 2] = windowOut(spatial[i], kernel[i], strides[i], dil[i], pads[i], pads[i + sp], false);
      if (out[i + 2] <= 0) throw bad("Conv output size " + out[i + 2] + " along axis " + (i + 2));
    }
    return Value.constant(out);
  }

  private static Value gemm(Node n, Value[] in) {
    long[] a = shapeOf(in, 0);
    long[] b = shapeOf(in, 1);
    if (a == null || b == null) return null;
    if (a.length != 2 || b.length != 2) {
      throw bad("Gemm needs 2-D A and B, got " + Arrays.toString(a) + " and " + Arrays.toString(b));
    }
    boolean ta = attrInt(n, "transA", 0) == 1;
    boolean tb = attrInt(n, "transB", 0) == 1;
    long m = ta ? a[1] : a[0];
    long ka = ta ? a[0] : a[1];
    long kb = tb ? b[1] : b[0];
    long nn = tb ? b[0] : b[1];
    if (ka != kb) throw bad("Gemm inner dimensions " + ka + " and " + kb + " differ");
    return Value.constant(new long[] {m, nn});
  }

  private static Value matmul(Value[] in) {
    long[] a = shapeOf(in, 0);
    long[] b = shapeOf(in, 1);
    if (a == null || b == null) return null;
    if (a.length == 0 || b.length == 0) throw bad("MatMul of a scalar");
    long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
    long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
    long ka = a2[a2.length - 1];
    long kb = b2[b2.length - 2];
    if (ka != kb) {
      throw bad("MatMul inner dimensions differ: " + Arrays.toString(a) + " x " + Arrays.toString(b));
    }
    long[] batch = broadcastOrFail(Arrays.copyOfRange(a2, 0, a2.length - 2), Arrays.copyOfRange(b2, 0, b2.length - 2));
    List<Long> out = new ArrayList<>();
    for (long d : batch) out.add(d);
    if (a.length > 1) out.add(a2[a2.length - 2]);
    if (b.length > 1) out.add(b2[b2.length - 1]);
    return Value.constant(out.stream().mapToLong(Long::longValue).toArray());
  }
}
