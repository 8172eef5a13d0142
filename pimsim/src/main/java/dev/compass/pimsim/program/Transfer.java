package dev.compass.pimsim.program;

/**
 * One DRAM transfer per image of the compute phase: a load or a store of (part of) a tensor.
 *
 * <p>Tensor names are the network's tensor names; the partial sums of a non-last row chunk are
 * named {@code psum:<unit name>} after the chunk that produces them.
 *
 * @param tensor the tensor (or partial-sum block) moved
 * @param kind what it is
 * @param bytesPerImage bytes moved per image (exact: {@code share * elements * bits / 8})
 */
public record Transfer(String tensor, Kind kind, double bytesPerImage) {

  /** What a transfer carries. */
  public enum Kind {
    /** A network input (loads only). */
    NETWORK_INPUT,
    /** An activation tensor produced by a stage. */
    ACTIVATION,
    /** Partial sums of a non-last row chunk (MODEL.md rule 8). */
    PARTIAL_SUM
  }

  public Transfer {
    if (tensor == null || tensor.isBlank()) throw new IllegalArgumentException("transfer needs a tensor name");
    if (kind == null) throw new IllegalArgumentException("transfer needs a kind");
    if (!(bytesPerImage >= 0) || Double.isInfinite(bytesPerImage)) {
      throw new IllegalArgumentException("bytesPerImage must be finite and >= 0, got " + bytesPerImage);
    }
  }
}
