package dev.compass.formulation.onnx;

import com.google.protobuf.CodedInputStream;
import dev.compass.formulation.InputException;
import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.Operator;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import dev.compass.formulation.onnx.OnnxWire.Graph;
import dev.compass.formulation.onnx.OnnxWire.Model;
import dev.compass.formulation.onnx.OnnxWire.Node;
import dev.compass.formulation.onnx.OnnxWire.Tensor;
import dev.compass.formulation.onnx.OnnxWire.ValueInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an ONNX model file into a {@link Network} (FORMULATION.md §2, §8.2, §8.3).
 *
 * <ul>
 *   <li><b>Weighted operators</b>: {@code Conv} (2-D, constant weight {@code [M, C/g, kh, kw]}) becomes a
 *       {@link Conv}; {@code Gemm} ({@code transA}/{@code transB}) and {@code MatMul} with exactly one
 *       constant operand become a {@link Dense} ({@code constantLeft} when the constant is the left
 *       operand). A transposed activation operand of a Gemm gets a {@code Transpose} view first.
 *   <li><b>Attention</b>: a {@code MatMul} (or {@code Gemm}) between two activations becomes a
 *       {@link VectorOp} with {@code macs = (product of output dims) x inner dim}.
 *   <li><b>Views</b> ({@link View#TYPES}): Concat passes all its inputs; Reshape, Squeeze, Unsqueeze,
 *       Flatten, Identity, Dropout and Transpose pass input 0 (shape operands are dropped).
 *   <li><b>Constants</b>: initializers, {@code Constant} outputs, {@code Shape}/{@code Size} outputs (shapes
 *       are static) and outputs of operators whose inputs are all constant. Constant-only operators are
 *       folded and not emitted; a constant that a view reads (the class token of a {@code Concat}) is
 *       declared as a constant tensor. Vector operators list only their non-constant inputs.
 *   <li>Every other supported operator ({@link #supportedOperators()}) is a {@link VectorOp}.
 * </ul>
 *
 * <p><b>Shapes</b> are static and per image (batch 1; a symbolic batch dimension of a graph input is
 * read as 1). Each output's shape comes from the file's {@code value_info} (or graph outputs) when it
 * is static there, otherwise from the importer's own shape inference ({@link ShapeInference}), which
 * also folds integer shape arithmetic on constants. {@link ShapeSource#INFERENCE} ignores
 * {@code value_info} entirely. Tensor payloads are never read except those of small inline constants
 * (shape operands); external data files are never opened.
 *
 * <p><b>Names</b>: PyTorch exports name nodes by module scope, e.g. {@code /layer1/layer1.0/conv1/Conv}
 * for module {@code layer1.0.conv1} (a component {@code layer1.0} replaces the preceding {@code layer1};
 * the last component is the operator). A weighted operator takes its module path, refined by the name of
 * its weight or bias parameter when that lies inside the module (so the {@code Gemm} in
 * {@code .../self_attention/...} with weight {@code ...self_attention.out_proj.weight} is
 * {@code ...self_attention.out_proj}, and the {@code MatMul} whose bias is {@code ...in_proj_bias} is
 * {@code ...self_attention.in_proj}). Other operators are named {@code module/OpName} (e.g.
 * {@code layer1.0.relu/Relu}); unscoped node names are kept as they are. A name already taken gets a
 * suffix {@code _2}, {@code _3}, ...
 *
 * <p>Errors are {@link InputException}s naming the file and the node, e.g.
 * {@code model.onnx: node 'Conv_12' (/layer1/layer1.0/conv1/Conv): ...}.
 */
public final class OnnxImporter {
  private OnnxImporter() {}

  /** Where output shapes come from. */
  public enum ShapeSource {
    /** The file's static {@code value_info} and graph output shapes first, own inference otherwise. */
    VALUE_INFO,
    /** Own shape inference only; {@code value_info} and graph output shapes are ignored. */
    INFERENCE
  }

  /** The lowest default-domain opset accepted (tested: 11 to 17 and later). */
  public static final int MIN_OPSET = 7;

  /** The ONNX operator types the importer maps (default domain), sorted. */
  public static Set<String> supportedOperators() {
    return ShapeInference.SUPPORTED;
  }

  /** Reads an ONNX file, shapes from {@code value_info} first. */
  public static Network read(Path file) {
    return read(file, ShapeSource.VALUE_INFO);
  }

  /** Reads an ONNX file. The file is streamed; large payloads are skipped unread. */
  public static Network read(Path file, ShapeSource shapes) {
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Model model;
    try (InputStream in = Files.newInputStream(file)) {
      model = parse(CodedInputStream.newInstance(in), source);
      return new OnnxImporter.Run(source, model, shapes).build();
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file; give the path of an .onnx model");
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot read: " + e.getMessage());
    } catch (InputException e) {
      // errors name the file as the user gave it (the network is named after the file name alone)
      String loc = e.location();
      if (!loc.startsWith(source) || file.toString().equals(source)) throw e;
      throw new InputException(file + loc.substring(source.length()), e.problem(), e);
    }
  }

  /** Reads an ONNX model from bytes; {@code source} names it in errors and names the network. */
  public static Network read(byte[] bytes, String source) {
    return read(bytes, source, ShapeSource.VALUE_INFO);
  }

  /** Reads an ONNX model from bytes; {@code source} names it in errors and names the network. */
  public static Network read(byte[] bytes, String source, ShapeSource shapes) {
    Model model;
    try {
      model = parse(CodedInputStream.newInstance(bytes), source);
    } catch (IOException e) {
      throw new InputException(source, "cannot read: " + e.getMessage());
    }
    return new OnnxImporter.Run(source, model, shapes).build();
  }

  private static Model parse(CodedInputStream in, String source) throws IOException {
    Model m;
    try {
      m = OnnxWire.parseModel(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("ended unexpectedly") || msg.contains("truncated")) {
        throw new InputException(source, "is truncated: it ends in the middle of a protobuf field after "
            + in.getTotalBytesRead() + " bytes; expected a complete onnx.ModelProto (is the file fully downloaded?)");
      }
      throw new InputException(source, "is not an ONNX model (protobuf: " + msg
          + "); expected a serialized onnx.ModelProto");
    } catch (OnnxWire.Malformed e) {
      throw new InputException(source, "is not an ONNX model (" + e.getMessage()
          + "); expected a serialized onnx.ModelProto");
    }
    if (m.graph() == null || m.graph().nodes().isEmpty()) {
      throw new InputException(source, "is not an ONNX model: it holds no graph with nodes"
          + " (expected a serialized onnx.ModelProto, e.g. from torch.onnx.export)");
    }
    return m;
  }

  /** One import: the state of the walk over the graph's nodes. */
  private static final class Run {
    private final String source;
    private final Model model;
    private final Graph graph;
    private final ShapeSource shapes;
    private final long opset;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, long[]> declared = new HashMap<>();
    private final Set<String> initializers = new HashSet<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new LinkedHashSet<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> attentionModules = new HashSet<>();
    private final List<Operator> ops = new ArrayList<>();
    /** For outputs of constant-only nodes: the node's first input (a weight behind a Transpose, Cast, ...). */
    private final Map<String, String> constantOrigin = new HashMap<>();

    Run(String source, Model model, ShapeSource shapes) {
      this.source = source;
      this.model = model;
      this.graph = model.graph();
      this.shapes = shapes;
      this.opset = defaultOpset();
    }

    private long defaultOpset() {
      for (OnnxWire.Opset o : model.opsets()) {
        if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) {
          if (o.version() < MIN_OPSET) {
            throw new InputException(source, "opset " + o.version() + " is not supported; re-export with opset "
                + MIN_OPSET + " or later (tested: 11 to 17 and later)");
          }
          return o.version();
        }
      }
      if (model.opsets().isEmpty() && model.irVersion() > 0 && model.irVersion() < 3) {
        return MIN_OPSET; // IR v1/v2 files predate opset_import
      }
      throw new InputException(source, "declares no opset of the default ONNX domain (opset_import): the file is"
          + " truncated (exporters write opset_import after the graph) or not an ONNX model; re-export it, e.g. with"
          + " torch.onnx.export(..., opset_version=13)");
    }

    Network build() {
      for (Tensor t : graph.initializers()) {
        initializers.add(t.name());
        for (long d : t.dims()) {
          if (d < 0) throw new InputException(source, "initializer '" + t.name() + "' has a negative dim " + d);
        }
        values.put(t.name(), Value.constant(t.dims(), t.values()));
      }
      List<String> inputs = new ArrayList<>();
      for (ValueInfo v : graph.inputs()) {
        if (initializers.contains(v.name())) continue;
        long[] s = inputShape(v);
        values.put(v.name(), Value.activation(s));
        inputs.add(v.name());
      }
      if (shapes == ShapeSource.VALUE_INFO) {
        for (ValueInfo v : graph.valueInfo()) putDeclared(v);
        for (ValueInfo v : graph.outputs()) putDeclared(v);
      }
      for (ValueInfo v : graph.outputs()) graphOutputs.add(v.name());
      List<Node> nodes = graph.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        for (String in : nodes.get(i).inputs()) {
          if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
        }
      }
      for (Node n : nodes) {
        // modules with an nn.MultiheadAttention out_proj: their other weighted product is in_proj
        if ((n.opType().equals("Gemm") || n.opType().equals("MatMul")) && n.inputs().size() > 1) {
          String module = modulePath(n.name());
          for (String in : n.inputs()) {
            if (module != null && in.equals(module + ".out_proj.weight")) attentionModules.add(module);
          }
        }
      }
      for (int i = 0; i < nodes.size(); i++) node(i, nodes.get(i));
      return network(inputs);
    }

    private void putDeclared(ValueInfo v) {
      if (v.dims() == null) return;
      long[] s = new long[v.dims().size()];
      for (int i = 0; i < s.length; i++) {
        Long d = v.dims().get(i);
        if (d == null || d <= 0) return;
        s[i] = d;
      }
      declared.put(v.name(), s);
    }

    private long[] inputShape(ValueInfo v) {
      String where = source + ": graph input '" + v.name() + "'";
      if (v.dims() == null) {
        throw new InputException(where, "has no shape; export with a fixed input shape, e.g. [1, 3, 224, 224]");
      }
      long[] s = new long[v.dims().size()];
      for (int i = 0; i < s.length; i++) {
        Long d = v.dims().get(i);
        if (d == null && i == 0) {
          s[i] = 1; // a symbolic batch dimension: per image
        } else if (d == null || d <= 0) {
          throw new InputException(where, "dimension " + i + " is " + (d == null ? "symbolic" : d)
              + "; only the batch dimension may be symbolic, export with a fixed input shape");
        } else {
          s[i] = d;
        }
      }
      if (s.length >= 2 && s[0] != 1) {
        throw new InputException(where, "has batch " + s[0] + " in shape " + Arrays.toString(s)
            + "; compass shapes are per image, export with batch 1");
      }
      return s;
    }

    // ------------------------------------------------------------ one node

    private void node(int index, Node n) {
      String where = source + ": node '" + n.opType() + "_" + index + "'" + (n.name().isEmpty() ? "" : " (" + n.name() + ")");
      try {
        handle(index, n);
      } catch (InputException e) {
        throw e.location().isEmpty() ? e.in(where) : e;
      } catch (ArithmeticException e) {
        throw new InputException(where, "shape arithmetic overflows: " + e.getMessage(), e);
      }
    }

    private void handle(int index, Node n) {
      String op = n.opType();
      if (!(n.domain().isEmpty() || n.domain().equals("ai.onnx"))) {
        throw new InputException("", "operator '" + n.domain() + "." + op + "' is not supported (custom domain '"
            + n.domain() + "'); supported: the default ONNX domain operators " + ShapeInference.SUPPORTED);
      }
      if (!ShapeInference.SUPPORTED.contains(op)) {
        throw new InputException("", "operator '" + op + "' is not supported; supported operators: "
            + ShapeInference.SUPPORTED);
      }
      if (n.outputs().isEmpty() || n.outputs().get(0).isEmpty()) {
        throw new InputException("", "has no output");
      }
      Value[] in = new Value[n.inputs().size()];
      boolean allConstant = true;
      for (int k = 0; k < in.length; k++) {
        String name = n.inputs().get(k);
        if (name.isEmpty()) continue;
        Value v = values.get(name);
        if (v == null) {
          throw new InputException("", "reads '" + name + "', which is not a graph input, an initializer or the"
              + " output of an earlier node (the graph is not in topological order or the tensor is dangling)");
        }
        in[k] = v;
        allConstant &= v.constant;
      }
      boolean constant = op.equals("Constant") || op.equals("Shape") || op.equals("Size") || allConstant;
      Value[] inferred = ShapeInference.infer(n, in, opset);
      List<String> outNames = new ArrayList<>();
      for (int k = 0; k < n.outputs().size(); k++) {
        String name = n.outputs().get(k);
        if (name.isEmpty()) continue;
        long[] shape = declared.get(name);
        Value inf = inferred[k];
        if (shape == null && inf != null) shape = inf.shape;
        boolean used = consumers.containsKey(name) || graphOutputs.contains(name);
        if (shape == null) {
          if (k > 0 && !used) continue;
          throw new InputException("", "cannot infer the shape of output '" + name + "'"
              + (inferred.length > 0 ? " (its shape depends on values that are not constant)" : "")
              + " and the file gives no static value_info for it; export with static shapes"
              + " (torch.onnx.export without dynamic_axes) and ONNX shape inference");
        }
        if (values.containsKey(name)) {
          throw new InputException("", "writes '" + name + "', which is already defined (ONNX values are assigned once)");
        }
        Value v;
        if (constant) {
          v = inf != null && Arrays.equals(inf.shape, shape) ? inf.asConstant() : Value.constant(shape);
        } else {
          v = Value.activation(shape);
        }
        values.put(name, v);
        if (k == 0 || used) outNames.add(name);
      }
      if (constant) {
        for (String in0 : n.inputs()) {
          if (!in0.isEmpty()) {
            for (String o : outNames) constantOrigin.put(o, in0);
            break;
          }
        }
        return;
      }
      emit(index, n, in, outNames);
    }

    private void emit(int index, Node n, Value[] in, List<String> outs) {
      String op = n.opType();
      String out0 = n.outputs().get(0);
      switch (op) {
        case "Conv" -> emitConv(index, n, in, out0);
        case "Gemm", "MatMul" -> emitProduct(index, n, in, out0);
        default -> {
          if (View.TYPES.contains(op)) {
            if (outs.size() > 1) {
              throw new InputException("", op + " is used with " + outs.size() + " outputs; as a view it has one");
            }
            List<String> passed = new ArrayList<>();
            if (op.equals("Concat")) {
              for (String s : n.inputs()) if (!s.isEmpty()) passed.add(s);
            } else {
              passed.add(n.inputs().get(0));
            }
            ops.add(new View(vectorName(index, n), op, passed, out0));
          } else {
            List<String> data = new ArrayList<>();
            for (int k = 0; k < in.length; k++) {
              if (in[k] != null && !in[k].constant && !data.contains(n.inputs().get(k))) data.add(n.inputs().get(k));
            }
            ops.add(new VectorOp(vectorName(index, n), op, data, outs, 0));
          }
        }
      }
    }

    private void emitConv(int index, Node n, Value[] in, String out) {
      Value x = in[0];
      Value w = in.length > 1 ? in[1] : null;
      if (w == null || !w.constant) {
        throw new InputException("", "Conv weight '" + (in.length > 1 ? n.inputs().get(1) : "") + "' is not a constant"
            + " (an initializer or computed from constants); only constant weights map onto crossbars");
      }
      if (x.constant) {
        throw new InputException("", "Conv input '" + n.inputs().get(0) + "' is a constant but its weight is not");
      }
      if (x.shape.length != 4) {
        throw new InputException("", "only 2-D convolutions are supported (input [1, C, H, W]); got input shape "
            + Arrays.toString(x.shape));
      }
      long[] ws = w.shape;
      long[] kernel = ShapeInference.attrInts(n, "kernel_shape");
      if (kernel == null) kernel = Arrays.copyOfRange(ws, 2, ws.length);
      long[] strides = ShapeInference.orOnes(ShapeInference.attrInts(n, "strides"), 2);
      long[] dil = ShapeInference.orOnes(ShapeInference.attrInts(n, "dilations"), 2);
      long[] pads = ShapeInference.resolvePads(n, new long[] {x.shape[2], x.shape[3]}, kernel, strides, dil);
      long group = ShapeInference.attrInt(n, "group", 1);
      Conv c = new Conv(weightedName(index, n), n.inputs().get(0), out, ws[0], ints(kernel), ints(strides), ints(pads),
          ints(dil), (int) group);
      ops.add(c);
    }

    private void emitProduct(int index, Node n, Value[] in, String out) {
      String op = n.opType();
      Value a = in[0];
      Value b = in[1];
      long[] os = values.get(out).shape;
      boolean gemm = op.equals("Gemm");
      boolean ta = gemm && ShapeInference.attrInt(n, "transA", 0) == 1;
      boolean tb = gemm && ShapeInference.attrInt(n, "transB", 0) == 1;
      String an = n.inputs().get(0);
      String bn = n.inputs().get(1);
      if (!a.constant && !b.constant) {
        // activation x activation: attention work on the vector units
        long inner = gemm ? (ta ? a.shape[0] : a.shape[1]) : a.shape[a.shape.length - 1];
        long macs = Math.multiplyExact(Value.elements(os), inner);
        List<String> data = an.equals(bn) ? List.of(an) : List.of(an, bn);
        ops.add(new VectorOp(vectorName(index, n), op, data, List.of(out), macs));
        return;
      }
      String name = weightedName(index, n);
      if (b.constant) {
        long[] w = b.shape;
        if (w.length < 2 && !gemm) {
          throw new InputException("", "MatMul with a 1-D constant operand " + Arrays.toString(w)
              + " is not supported (a weight matrix has two dims)");
        }
        checkNoBatch(w, bn);
        long k = tb ? w[w.length - 1] : w[w.length - 2];
        long nOut = tb ? w[w.length - 2] : w[w.length - 1];
        String input = ta ? transposed(index, n, an, a.shape) : an;
        ops.add(new Dense(name, op, input, out, k, nOut, false));
      } else {
        long[] w = a.shape;
        if (w.length < 2) {
          throw new InputException("", op + " with a 1-D constant operand " + Arrays.toString(w) + " is not supported");
        }
        checkNoBatch(w, an);
        long m = ta ? w[w.length - 1] : w[w.length - 2];
        long k = ta ? w[w.length - 2] : w[w.length - 1];
        if (b.shape.length < 2 || os.length != b.shape.length) {
          throw new InputException("", op + " with a constant left operand " + Arrays.toString(w) + " and activation "
              + Arrays.toString(b.shape) + " is not supported (the activation needs rank >= 2 and the output its rank)");
        }
        String input = tb ? transposed(index, n, bn, b.shape) : bn;
        ops.add(new Dense(name, op, input, out, k, m, true));
      }
    }

    private void checkNoBatch(long[] w, String name) {
      for (int i = 0; i < w.length - 2; i++) {
        if (w[i] != 1) {
          throw new InputException("", "the constant operand '" + name + "' has shape " + Arrays.toString(w)
              + "; only 2-D weight matrices (leading dims of 1) are supported");
        }
      }
    }

    /** Inserts a Transpose view of a 2-D Gemm operand and returns the transposed tensor's name. */
    private String transposed(int index, Node n, String tensor, long[] shape) {
      String t = tensor + "/transposed_for_" + n.opType() + "_" + index;
      long[] s = {shape[1], shape[0]};
      values.put(t, Value.activation(s));
      ops.add(new View(unique(vectorName(index, n) + "/transpose"), "Transpose", List.of(tensor), t));
      return t;
    }

    private static List<Integer> ints(long[] v) {
      List<Integer> r = new ArrayList<>();
      for (long x : v) r.add(Math.toIntExact(x));
      return r;
    }

    // ------------------------------------------------------------ names

    private String unique(String name) {
      String n = name;
      for (int k = 2; !usedNames.add(n); k++) n = name + "_" + k;
      return n;
    }

    private String vectorName(int index, Node n) {
      String module = modulePath(n.name());
      if (module == null) return unique(n.name().isEmpty() ? n.opType() + "_" + index : n.name());
      String[] parts = n.name().split("/");
      String last = parts[parts.length - 1];
      return unique(module.isEmpty() ? last : module + "/" + last);
    }

    private String weightedName(int index, Node n) {
      String module = modulePath(n.name());
      List<String> candidates = new ArrayList<>();
      String op = n.opType();
      boolean rightConstant = values.get(n.inputs().get(1)).constant;
      String weight = rightConstant ? n.inputs().get(1) : n.inputs().get(0);
      candidates.add(parameterModule(weight, "weight"));
      if (op.equals("Gemm") && n.inputs().size() > 2) candidates.add(parameterModule(n.inputs().get(2), "bias"));
      if (op.equals("MatMul")) {
        // a Linear on a 3-D tensor exports as MatMul + Add(bias); the bias keeps its parameter name
        List<Integer> cons = consumers.getOrDefault(n.outputs().get(0), List.of());
        if (cons.size() == 1) {
          Node next = graph.nodes().get(cons.get(0));
          if (next.opType().equals("Add")) {
            for (String s : next.inputs()) if (!s.equals(n.outputs().get(0))) candidates.add(parameterModule(s, "bias"));
          }
        }
      }
      for (String c : candidates) {
        if (c != null && (module == null || module.isEmpty() || c.equals(module) || c.startsWith(module + "."))) {
          return unique(c);
        }
      }
      if (module != null && attentionModules.contains(module) && !candidates.contains(module + ".out_proj")) {
        return unique(module + ".in_proj"); // nn.MultiheadAttention's packed projection, bias or not
      }
      if (module != null && !module.isEmpty()) return unique(module);
      return unique(n.name().isEmpty() ? op + "_" + index : n.name());
    }

    /**
     * {@code fc.weight -> fc}, {@code attn.in_proj_weight -> attn.in_proj}; null for other names. A
     * constant computed from an initializer (a weight behind a Transpose or Cast in an export without
     * constant folding) is traced back to it.
     */
    private String parameterModule(String tensor, String kind) {
      for (int hops = 0; hops < 8 && !initializers.contains(tensor) && constantOrigin.containsKey(tensor); hops++) {
        tensor = constantOrigin.get(tensor);
      }
      if (!initializers.contains(tensor) || tensor.contains("::") || tensor.startsWith("onnx")) return null;
      for (String suffix : List.of("." + kind, "_" + kind)) {
        if (tensor.endsWith(suffix) && tensor.length() > suffix.length()) {
          return tensor.substring(0, tensor.length() - suffix.length());
        }
      }
      return null;
    }

    // ------------------------------------------------------------ network

    private Network network(List<String> graphInputs) {
      Set<String> read = new HashSet<>();
      for (Operator o : ops) read.addAll(o.inputs());
      List<TensorDecl> tensors = new ArrayList<>();
      List<String> inputs = new ArrayList<>();
      for (String in : graphInputs) {
        if (read.contains(in)) {
          inputs.add(in);
          tensors.add(decl(in, values.get(in).shape, false));
        }
      }
      Set<String> seen = new HashSet<>(inputs);
      for (Operator o : ops) {
        for (String in : o.inputs()) {
          Value v = values.get(in);
          if (v.constant && seen.add(in)) tensors.add(decl(in, v.shape, true));
        }
        for (String out : o.outputs()) {
          if (seen.add(out)) tensors.add(decl(out, values.get(out).shape, false));
        }
      }
      List<String> outputs = new ArrayList<>();
      for (String o : graphOutputs) {
        if (!values.containsKey(o)) {
          throw new InputException(source, "graph output '" + o + "' is not produced by any node");
        }
        if (!values.get(o).constant) outputs.add(o);
      }
      if (inputs.isEmpty()) {
        throw new InputException(source, "no operator reads a graph input; nothing to map");
      }
      if (outputs.isEmpty()) {
        throw new InputException(source, "every graph output is a constant; nothing to map");
      }
      String name = source.replaceAll("\\.onnx$", "");
      try {
        return new Network(name, tensors, inputs, outputs, ops);
      } catch (InputException e) {
        throw e.in(source);
      }
    }

    private TensorDecl decl(String name, long[] shape, boolean constant) {
      List<Long> s = new ArrayList<>();
      for (long d : shape) {
        if (d <= 0) {
          throw new InputException(source + ": tensor '" + name + "'", "has shape " + Arrays.toString(shape)
              + "; every dimension must be positive");
        }
        s.add(d);
      }
      return new TensorDecl(name, s, constant);
    }
  }

  /**
   * The PyTorch module path of a scoped node name: {@code /layer1/layer1.0/conv1/Conv ->
   * layer1.0.conv1}; a component that extends the previous one by {@code .suffix} replaces it. Returns
   * {@code ""} for a top-level node ({@code /Flatten}) and null for an unscoped name.
   */
  static String modulePath(String nodeName) {
    if (!nodeName.startsWith("/")) return null;
    String[] parts = nodeName.substring(1).split("/");
    StringBuilder acc = new StringBuilder();
    String prev = "";
    for (int i = 0; i < parts.length - 1; i++) {
      String p = parts[i];
      if (p.isEmpty()) continue;
      if (!prev.isEmpty() && p.startsWith(prev + ".")) {
        acc.setLength(acc.length() - prev.length());
        acc.append(p);
      } else {
        if (acc.length() > 0) acc.append('.');
        acc.append(p);
      }
      prev = p;
    }
    return acc.toString();
  }
}
