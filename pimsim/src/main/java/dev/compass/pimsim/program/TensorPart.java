package dev.compass.pimsim.program;

/**
 * Bytes per image of one tensor: what a stage reads in full, or the part of a tensor a stage
 * produces in this partition (its share).
 */
public record TensorPart(String tensor, double bytesPerImage) {

  public TensorPart {
    if (tensor == null || tensor.isBlank()) throw new IllegalArgumentException("tensor part needs a tensor name");
    if (!(bytesPerImage >= 0) || Double.isInfinite(bytesPerImage)) {
      throw new IllegalArgumentException("bytesPerImage must be finite and >= 0, got " + bytesPerImage);
    }
  }
}
