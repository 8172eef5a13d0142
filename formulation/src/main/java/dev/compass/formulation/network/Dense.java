package dev.compass.formulation.network;

import java.util.List;

/**
 * A product with a constant matrix: Gemm / Linear, or MatMul with one constant operand.
 *
 * <p>Constant on the right (the usual Linear): input {@code [..., inFeatures]}, output
 * {@code [..., outFeatures]}, weight {@code inFeatures x outFeatures}. Constant on the left
 * ({@code constantLeft}, FORMULATION.md §8.6): constant {@code [outFeatures, inFeatures]} times input
 * {@code [..., inFeatures, n]} gives {@code [..., outFeatures, n]}. Either way the crossbar matrix has
 * {@code H = inFeatures} rows and {@code W = outFeatures} columns, and {@code P = output elements / W}.
 *
 * @param opType {@code Gemm}, {@code MatMul} or {@code Linear}
 */
public record Dense(
    String name, String opType, String input, String output, long inFeatures, long outFeatures, boolean constantLeft)
    implements Operator {

  public Dense {
    Checks.name(name, "name");
    Checks.name(opType, "opType");
    Checks.name(input, "input");
    Checks.name(output, "output");
    Checks.positive(inFeatures, "inFeatures");
    Checks.positive(outFeatures, "outFeatures");
  }

  /** A Linear / Gemm with the constant on the right. */
  public static Dense linear(String name, String input, String output, long in, long out) {
    return new Dense(name, "Gemm", input, output, in, out, false);
  }

  @Override public List<String> inputs() { return List.of(input); }
  @Override public List<String> outputs() { return List.of(output); }
  @Override public boolean weighted() { return true; }
}
