package dev.compass.formulation.network;

import java.util.List;

/**
 * An operator run by the vector units: activations, pooling, Add, Mul, normalization, Softmax, and
 * activation-by-activation MatMul (attention), whose {@code macs} per image are recorded (0 for all
 * other vector operators, whose time the model neglects, FORMULATION.md §2 and §8.1).
 */
public record VectorOp(String name, String opType, List<String> inputs, List<String> outputs, long macs)
    implements Operator {

  public VectorOp {
    Checks.name(name, "name");
    Checks.name(opType, "opType");
    inputs = Checks.names(inputs, "inputs", false);
    outputs = Checks.names(outputs, "outputs", true);
    if (macs < 0) {
      throw new dev.compass.formulation.InputException("macs", "must be >= 0, got " + macs);
    }
  }

  /** A one-input, one-output vector operator without MACs (Relu, pooling, ...). */
  public static VectorOp of(String name, String opType, String input, String output) {
    return new VectorOp(name, opType, List.of(input), List.of(output), 0);
  }
}
