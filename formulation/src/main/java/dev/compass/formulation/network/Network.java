package dev.compass.formulation.network;

import dev.compass.formulation.InputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network: a DAG of operators over tensors with static shapes, listed in a topological order
 * (the linear order of FORMULATION.md §2: weighted operators are stages in the order listed).
 *
 * <p>The constructor validates the whole graph: unique names; every tensor read is a network input,
 * a constant, or written by an earlier operator (a later writer means a cycle or a wrong order, no
 * writer a dangling tensor); every tensor is written once; shapes connect for weighted operators and
 * views; at least one weighted operator. Errors name the operator and the tensor.
 */
public record Network(
    String name, List<TensorDecl> tensors, List<String> inputs, List<String> outputs, List<Operator> operators) {

  public Network {
    Checks.name(name, "name");
    tensors = List.copyOf(tensors);
    inputs = Checks.names(inputs, "inputs", true);
    outputs = Checks.names(outputs, "outputs", true);
    operators = List.copyOf(operators);
    validate(tensors, inputs, outputs, operators);
  }

  /** Tensor by name; throws for an unknown name. */
  public TensorDecl tensor(String tensorName) {
    TensorDecl t = index().get(tensorName);
    if (t == null) {
      throw new InputException("tensors", "no tensor named '" + tensorName + "'");
    }
    return t;
  }

  /** The tensors by name (built on each call; cache it in hot code). */
  public Map<String, TensorDecl> index() {
    Map<String, TensorDecl> m = new LinkedHashMap<>();
    for (TensorDecl t : tensors) m.put(t.name(), t);
    return m;
  }

  /** The weighted operators in linear order. */
  public List<Operator> weightedOperators() {
    List<Operator> w = new ArrayList<>();
    for (Operator op : operators) if (op.weighted()) w.add(op);
    return w;
  }

  private static void validate(
      List<TensorDecl> tensors, List<String> inputs, List<String> outputs, List<Operator> operators) {
    Map<String, TensorDecl> byName = new HashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      TensorDecl t = tensors.get(i);
      if (byName.put(t.name(), t) != null) {
        throw new InputException("tensors[" + i + "]", "duplicate tensor name '" + t.name() + "'");
      }
    }
    Map<String, Integer> writer = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      TensorDecl t = byName.get(in);
      if (t == null) {
        throw new InputException("inputs[" + i + "]", "network input '" + in + "' is not declared in tensors");
      }
      if (t.constant()) {
        throw new InputException("inputs[" + i + "]", "network input '" + in + "' is declared constant");
      }
      writer.put(in, -1);
    }
    for (int i = 0; i < operators.size(); i++) {
      for (String out : operators.get(i).outputs()) {
        String where = "operators[" + i + "] (" + operators.get(i).name() + ")";
        TensorDecl t = byName.get(out);
        if (t == null) {
          throw new InputException(where, "writes tensor '" + out + "', which is not declared in tensors");
        }
        if (t.constant()) {
          throw new InputException(where, "writes tensor '" + out + "', which is declared constant");
        }
        Integer prev = writer.putIfAbsent(out, i);
        if (prev != null) {
          throw new InputException(where, "writes tensor '" + out + "', already written by "
              + (prev < 0 ? "the network inputs" : "operators[" + prev + "] (" + operators.get(prev).name() + ")"));
        }
      }
    }
    Set<String> opNames = new HashSet<>();
    Set<String> read = new HashSet<>();
    boolean anyWeighted = false;
    long vectorMacs = 0;
    for (int i = 0; i < operators.size(); i++) {
      Operator op = operators.get(i);
      String where = "operators[" + i + "] (" + op.name() + ")";
      if (!opNames.add(op.name())) {
        throw new InputException(where, "duplicate operator name '" + op.name() + "'");
      }
      for (String in : op.inputs()) {
        TensorDecl t = byName.get(in);
        if (t == null) {
          throw new InputException(where, "reads tensor '" + in + "', which is not declared in tensors (dangling)");
        }
        read.add(in);
        if (t.constant()) continue;
        Integer w = writer.get(in);
        if (w == null) {
          throw new InputException(where, "reads tensor '" + in
              + "', which no operator writes and which is not a network input or constant (dangling)");
        }
        if (w >= i) {
          throw new InputException(where, "reads tensor '" + in + "', written by operators[" + w + "] ("
              + operators.get(w).name() + ") at or after it: the graph has a cycle or is not in topological order");
        }
      }
      anyWeighted |= op.weighted();
      checkShapes(op, byName, where);
      checkCounts(op, byName, where);
      if (op instanceof VectorOp v) {
        vectorMacs += v.macs(); // each is at most 2^53, so the sum cannot wrap before the check
        if (vectorMacs > MAX_COUNT) {
          throw new InputException(where, "the vector operators' MACs per image add up to more than the limit "
              + MAX_COUNT + " (2^53)");
        }
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      String out = outputs.get(i);
      if (!byName.containsKey(out) || (!writer.containsKey(out) && !byName.get(out).constant())) {
        throw new InputException("outputs[" + i + "]", "network output '" + out + "' is not written by any operator");
      }
    }
    for (int i = 0; i < tensors.size(); i++) {
      String n = tensors.get(i).name();
      if (!writer.containsKey(n) && !read.contains(n)) {
        throw new InputException("tensors[" + i + "]", "tensor '" + n + "' is neither written nor read (dangling)");
      }
    }
    if (!anyWeighted) {
      throw new InputException("operators", "the network has no weighted operator (Conv, Gemm/Linear or MatMul with a constant)");
    }
  }

  /**
   * The largest count (tensor elements, weights and MACs per image of one operator, MACs of all
   * vector operators) that the project accepts: {@code 2^53}, so that every count and every sum of
   * counts is exact in a {@code long} and in a {@code double} (the cost model's arithmetic).
   */
  public static final long MAX_COUNT = TensorDecl.MAX_ELEMENTS;

  /** Weights and MACs per image of a weighted operator, at most {@link #MAX_COUNT} (no overflow). */
  private static void checkCounts(Operator op, Map<String, TensorDecl> byName, String where) {
    long weights;
    long macs;
    try {
      if (op instanceof Conv c) {
        long cin = byName.get(c.input()).dim(1);
        TensorDecl out = byName.get(c.output());
        long h = Math.multiplyExact(Math.multiplyExact((long) c.kh(), (long) c.kw()), cin / c.groups());
        weights = Math.multiplyExact(h, c.outChannels());
        macs = Math.multiplyExact(weights, Math.multiplyExact(out.dim(2), out.dim(3)));
      } else if (op instanceof Dense d) {
        weights = Math.multiplyExact(d.inFeatures(), d.outFeatures());
        macs = Math.multiplyExact(byName.get(d.output()).elements() / d.outFeatures(), weights);
      } else if (op instanceof VectorOp v) {
        weights = 0;
        macs = v.macs();
      } else {
        return;
      }
    } catch (ArithmeticException e) {
      throw new InputException(where, "its weights or MACs per image overflow a 64-bit count; the limit is "
          + MAX_COUNT + " (2^53)");
    }
    if (weights > MAX_COUNT) {
      throw new InputException(where, "has " + weights + " weights, more than the limit " + MAX_COUNT + " (2^53)");
    }
    if (macs > MAX_COUNT) {
      throw new InputException(where, "has " + macs + " MACs per image, more than the limit " + MAX_COUNT + " (2^53)");
    }
  }

  private static void checkShapes(Operator op, Map<String, TensorDecl> byName, String where) {
    if (op instanceof Conv c) {
      TensorDecl in = byName.get(c.input());
      TensorDecl out = byName.get(c.output());
      if (in.rank() != 4 || out.rank() != 4) {
        throw new InputException(where, "Conv needs [1, C, H, W] tensors, got input " + in.shape() + " and output " + out.shape());
      }
      long cin = in.dim(1);
      if (cin % c.groups() != 0) {
        throw new InputException(where, "input channels " + cin + " are not a multiple of groups " + c.groups());
      }
      long oh = c.outSize(0, in.dim(2));
      long ow = c.outSize(1, in.dim(3));
      if (oh <= 0 || ow <= 0) {
        throw new InputException(where, "the kernel " + c.kernel() + " with dilation " + c.dilation()
            + " is larger than the input " + in.shape() + " padded by " + c.pads() + ", so the convolution has no output");
      }
      List<Long> want = List.of(in.dim(0), c.outChannels(), oh, ow);
      if (!out.shape().equals(want)) {
        throw new InputException(where, "output '" + out.name() + "' has shape " + out.shape()
            + " but input " + in.shape() + " with kernel " + c.kernel() + ", stride " + c.stride() + ", pads "
            + c.pads() + ", dilation " + c.dilation() + " gives " + want);
      }
    } else if (op instanceof Dense d) {
      TensorDecl in = byName.get(d.input());
      TensorDecl out = byName.get(d.output());
      if (d.constantLeft()) {
        if (in.rank() < 2 || out.rank() != in.rank() || in.dim(-2) != d.inFeatures()
            || out.dim(-2) != d.outFeatures() || out.dim(-1) != in.dim(-1)) {
          throw new InputException(where, "constant-left " + d.opType() + " [" + d.outFeatures() + ", " + d.inFeatures()
              + "] x input " + in.shape() + " cannot give output " + out.shape());
        }
      } else {
        if (in.dim(-1) != d.inFeatures() || out.dim(-1) != d.outFeatures()
            || in.elements() / d.inFeatures() != out.elements() / d.outFeatures()) {
          throw new InputException(where, d.opType() + " with " + d.inFeatures() + " in / " + d.outFeatures()
              + " out features cannot map input " + in.shape() + " to output " + out.shape());
        }
      }
    } else if (op instanceof View v) {
      long sum = 0;
      for (String in : v.inputs()) sum += byName.get(in).elements();
      long out = byName.get(v.output()).elements();
      if (sum != out) {
        throw new InputException(where, v.opType() + " output '" + v.output() + "' has " + out
            + " elements but its inputs have " + sum + " (a view moves no data, so they must match)");
      }
    }
  }
}
