package dev.compass.formulation.graph;

/**
 * Data flowing from stage {@code from} to a later stage {@code to}: the elements per image of the
 * distinct tensors that {@code from} produces and {@code to} reads.
 */
public record StageEdge(int from, int to, long elementsPerImage) {

  /** {@code elements * activationBits / 8}, exact (FORMULATION.md §8.5). */
  public double bytesPerImage(int activationBits) {
    return elementsPerImage * (double) activationBits / 8.0;
  }
}
