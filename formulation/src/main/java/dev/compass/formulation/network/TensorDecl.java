package dev.compass.formulation.network;

import dev.compass.formulation.InputException;
import java.util.List;

/**
 * A tensor with its static per-image shape (batch dimension 1). A {@code constant} tensor (an
 * initializer or a Constant output that an operator reads, e.g. a positional embedding) carries no
 * traffic and belongs to no stage (FORMULATION.md §8.2). Weights of weighted operators are not
 * tensors here: they are part of the operator.
 */
public record TensorDecl(String name, List<Long> shape, boolean constant) {

  public TensorDecl {
    Checks.name(name, "name");
    if (shape == null) {
      throw new InputException("shape", "is missing; give the per-image dims, e.g. [1, 64, 56, 56]");
    }
    for (int i = 0; i < shape.size(); i++) {
      Long d = shape.get(i);
      if (d == null || d <= 0) {
        throw new InputException("shape[" + i + "]", "must be a positive dimension, got " + d);
      }
    }
    shape = List.copyOf(shape);
    long n = 1;
    for (long d : shape) {
      if (n > MAX_ELEMENTS / d) {
        throw new InputException("shape", "has more than " + MAX_ELEMENTS + " (2^53) elements: " + shape);
      }
      n *= d;
    }
  }

  /** The most elements a tensor may have, {@code 2^53}: every count stays exact in a long and a double. */
  public static final long MAX_ELEMENTS = 1L << 53;

  public static TensorDecl of(String name, long... dims) {
    Long[] boxed = new Long[dims.length];
    for (int i = 0; i < dims.length; i++) boxed[i] = dims[i];
    return new TensorDecl(name, List.of(boxed), false);
  }

  /** Number of elements per image (exact; overflow is an error). */
  public long elements() {
    long n = 1;
    for (long d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  public int rank() {
    return shape.size();
  }

  /** Dimension {@code i}; negative {@code i} counts from the end. */
  public long dim(int i) {
    return shape.get(i < 0 ? shape.size() + i : i);
  }
}
