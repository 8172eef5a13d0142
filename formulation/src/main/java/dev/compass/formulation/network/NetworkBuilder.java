package dev.compass.formulation.network;

import dev.compass.formulation.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Network} in execution order, computing output shapes. Each operator's output
 * tensor is named after the operator; every method returns that tensor name. Used by the model zoo
 * and by tests.
 */
public final class NetworkBuilder {
  private final String name;
  private final Map<String, TensorDecl> tensors = new LinkedHashMap<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<Operator> ops = new ArrayList<>();

  public NetworkBuilder(String name) {
    this.name = name;
  }

  /** Shape of a tensor added so far. */
  public long[] shape(String tensor) {
    TensorDecl t = tensors.get(tensor);
    if (t == null) throw new InputException(tensor, "unknown tensor in builder");
    return t.shape().stream().mapToLong(Long::longValue).toArray();
  }

  private String tensor(String tensorName, long[] shape, boolean constant) {
    Long[] boxed = Arrays.stream(shape).boxed().toArray(Long[]::new);
    if (tensors.putIfAbsent(tensorName, new TensorDecl(tensorName, List.of(boxed), constant)) != null) {
      throw new InputException(tensorName, "duplicate tensor name in builder");
    }
    return tensorName;
  }

  public String input(String tensorName, long... shape) {
    inputs.add(tensorName);
    return tensor(tensorName, shape, false);
  }

  public String constant(String tensorName, long... shape) {
    return tensor(tensorName, shape, true);
  }

  /** Square kernel, symmetric padding. */
  public String conv(String opName, String in, long outChannels, int k, int stride, int pad, int groups) {
    return conv(opName, in, outChannels, k, k, stride, stride, pad, pad, 1, groups);
  }

  public String conv(String opName, String in, long outChannels, int k, int stride, int pad) {
    return conv(opName, in, outChannels, k, k, stride, stride, pad, pad, 1, 1);
  }

  /** General 2-D convolution (symmetric padding {@code ph}, {@code pw}). */
  public String conv(String opName, String in, long outChannels, int kh, int kw, int sh, int sw, int ph, int pw,
      int dilation, int groups) {
    Conv c = new Conv(opName, in, opName, outChannels, List.of(kh, kw), List.of(sh, sw), List.of(ph, pw, ph, pw),
        List.of(dilation, dilation), groups);
    long[] s = shape(in);
    tensor(opName, new long[] {s[0], outChannels, c.outSize(0, s[2]), c.outSize(1, s[3])}, false);
    ops.add(c);
    return opName;
  }

  /** Linear / Gemm over the last dimension. */
  public String linear(String opName, String in, long outFeatures) {
    long[] s = shape(in);
    long[] o = s.clone();
    o[o.length - 1] = outFeatures;
    tensor(opName, o, false);
    ops.add(new Dense(opName, "Gemm", in, opName, s[s.length - 1], outFeatures, false));
    return opName;
  }

  /** Linear exported as MatMul with a constant right operand (a Linear on a 3-D tensor). */
  public String matmulConst(String opName, String in, long outFeatures) {
    long[] s = shape(in);
    long[] o = s.clone();
    o[o.length - 1] = outFeatures;
    tensor(opName, o, false);
    ops.add(new Dense(opName, "MatMul", in, opName, s[s.length - 1], outFeatures, false));
    return opName;
  }

  /** A vector operator whose output has the shape of its first input. */
  public String vector(String opName, String opType, String... in) {
    return vectorShaped(opName, opType, shape(in[0]), 0, in);
  }

  /** A vector operator with an explicit output shape and MACs (attention products). */
  public String vectorShaped(String opName, String opType, long[] outShape, long macs, String... in) {
    tensor(opName, outShape, false);
    ops.add(new VectorOp(opName, opType, List.of(in), List.of(opName), macs));
    return opName;
  }

  /** Max/average pooling with a square window. */
  public String pool(String opName, String opType, String in, int k, int stride, int pad, boolean ceilMode) {
    long[] s = shape(in);
    long oh = poolOut(s[2], k, stride, pad, ceilMode);
    long ow = poolOut(s[3], k, stride, pad, ceilMode);
    return vectorShaped(opName, opType, new long[] {s[0], s[1], oh, ow}, 0, in);
  }

  private static long poolOut(long in, int k, int stride, int pad, boolean ceil) {
    long num = in + 2L * pad - k;
    long out = (ceil ? Math.floorDiv(num + stride - 1, stride) : Math.floorDiv(num, stride)) + 1;
    if (ceil && (out - 1) * stride >= in + pad) out--;
    return out;
  }

  /** Global average pooling to {@code [1, C, 1, 1]}. */
  public String globalPool(String opName, String in) {
    long[] s = shape(in);
    return vectorShaped(opName, "GlobalAveragePool", new long[] {s[0], s[1], 1, 1}, 0, in);
  }

  /** Adaptive average pooling to {@code [1, C, h, w]}. */
  public String adaptivePool(String opName, String in, long h, long w) {
    long[] s = shape(in);
    return vectorShaped(opName, "AveragePool", new long[] {s[0], s[1], h, w}, 0, in);
  }

  /** A view with an explicit output shape (Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Identity). */
  public String view(String opName, String opType, String in, long... outShape) {
    tensor(opName, outShape, false);
    ops.add(new View(opName, opType, List.of(in), opName));
    return opName;
  }

  /** Flatten to {@code [1, elements]}. */
  public String flatten(String opName, String in) {
    long[] s = shape(in);
    long rest = 1;
    for (int i = 1; i < s.length; i++) rest *= s[i];
    return view(opName, "Flatten", in, s[0], rest);
  }

  /** Concat along {@code axis}. */
  public String concat(String opName, int axis, String... in) {
    long[] o = shape(in[0]).clone();
    int ax = axis < 0 ? o.length + axis : axis;
    o[ax] = 0;
    for (String t : in) o[ax] += shape(t)[ax];
    tensor(opName, o, false);
    ops.add(new View(opName, "Concat", List.of(in), opName));
    return opName;
  }

  /**
   * Reshape (a view) to {@code shape}; the element count must match (checked when the network is
   * built).
   */
  public String reshape(String opName, String in, long... shape) {
    return view(opName, "Reshape", in, shape);
  }

  /** Transpose (a view): output dim {@code i} is input dim {@code perm[i]}. */
  public String transpose(String opName, String in, int... perm) {
    long[] s = shape(in);
    if (perm.length != s.length) {
      throw new InputException(opName, "perm " + Arrays.toString(perm) + " does not match the rank of " + Arrays.toString(s));
    }
    long[] o = new long[s.length];
    for (int i = 0; i < perm.length; i++) o[i] = s[perm[i]];
    return view(opName, "Transpose", in, o);
  }

  /**
   * A product of two activations (attention), run by the vector units: {@code a [..., m, k]} times
   * {@code b [..., k, n]} gives {@code [..., m, n]} (equal leading dimensions) with
   * {@code MACs = (product of leading dims) * m * k * n}.
   */
  public String matmul(String opName, String a, String b) {
    long[] x = shape(a);
    long[] y = shape(b);
    int r = x.length;
    boolean ok = r >= 2 && y.length == r && x[r - 1] == y[r - 2];
    for (int i = 0; ok && i < r - 2; i++) ok = x[i] == y[i];
    if (!ok) {
      throw new InputException(opName, "MatMul of " + Arrays.toString(x) + " and " + Arrays.toString(y)
          + " needs equal leading dims and a's last dim = b's second to last");
    }
    long[] o = x.clone();
    o[r - 1] = y[r - 1];
    long macs = 1;
    for (long d : o) macs = Math.multiplyExact(macs, d);
    macs = Math.multiplyExact(macs, x[r - 1]);
    return vectorShaped(opName, "MatMul", o, macs, a, b);
  }

  /**
   * Split (a vector operator with several outputs, named {@code opName.0}, {@code opName.1}, ...)
   * along {@code axis} into parts of the given sizes, which must add up to that dimension.
   */
  public String[] split(String opName, String in, int axis, long... sizes) {
    long[] s = shape(in);
    int ax = axis < 0 ? s.length + axis : axis;
    long sum = 0;
    for (long z : sizes) sum += z;
    if (sum != s[ax]) {
      throw new InputException(opName, "split sizes " + Arrays.toString(sizes) + " do not add up to dim " + ax
          + " of " + Arrays.toString(s));
    }
    String[] outs = new String[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      long[] o = s.clone();
      o[ax] = sizes[i];
      outs[i] = tensor(opName + "." + i, o, false);
    }
    ops.add(new VectorOp(opName, "Split", List.of(in), List.of(outs), 0));
    return outs;
  }

  public Network build(String... outputs) {
    return new Network(name, new ArrayList<>(tensors.values()), inputs, List.of(outputs), ops);
  }
}
