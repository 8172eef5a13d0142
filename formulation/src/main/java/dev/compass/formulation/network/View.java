package dev.compass.formulation.network;

import java.util.List;
import java.util.Set;

/**
 * An operator that moves no data (FORMULATION.md §2, §8.3): Concat passes all its inputs; Reshape,
 * Squeeze, Unsqueeze, Flatten, Identity, Dropout and Transpose of a whole tensor pass one. The
 * output keeps its producers; traffic is counted on the producers' tensors. {@code inputs} holds
 * only the tensors passed through (shape operands are metadata and are not listed).
 */
public record View(String name, String opType, List<String> inputs, String output) implements Operator {

  /** The operator types that are views. */
  public static final Set<String> TYPES =
      Set.of("Concat", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Transpose", "Dropout");

  public View {
    Checks.name(name, "name");
    Checks.name(opType, "opType");
    if (!TYPES.contains(opType)) {
      throw new dev.compass.formulation.InputException(
          "opType", "'" + opType + "' is not a view; views are " + new java.util.TreeSet<>(TYPES));
    }
    inputs = Checks.names(inputs, "inputs", true);
    if (!opType.equals("Concat") && inputs.size() != 1) {
      throw new dev.compass.formulation.InputException(
          "inputs", opType + " passes exactly one tensor, got " + inputs.size());
    }
    Checks.name(output, "output");
  }

  public static View of(String name, String opType, String input, String output) {
    return new View(name, opType, List.of(input), output);
  }

  @Override public List<String> outputs() { return List.of(output); }
}
