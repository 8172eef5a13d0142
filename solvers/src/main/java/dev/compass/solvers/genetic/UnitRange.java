package dev.compass.solvers.genetic;

/**
 * A contiguous range of units {@code first..last} (inclusive): the allele of a {@link PartitionGene}.
 *
 * @param first the first unit
 * @param last the last unit ({@code >= first})
 */
public record UnitRange(int first, int last) {
  public UnitRange {
    if (first < 0 || last < first) throw new IllegalArgumentException("unit range " + first + ".." + last + " is empty or negative");
  }

  /** Units in the range, {@code last - first + 1}. */
  public int size() {
    return last - first + 1;
  }

  @Override
  public String toString() {
    return first + ".." + last;
  }
}
