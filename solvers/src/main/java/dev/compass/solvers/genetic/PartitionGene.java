package dev.compass.solvers.genetic;

import io.jenetics.Gene;
import io.jenetics.util.RandomRegistry;
import java.util.random.RandomGenerator;

/**
 * A gene of the COMPASS genetic algorithm: one partition, a contiguous {@link UnitRange} of units.
 * It is valid when the range fits the chip with every {@code d_s = 1} (the validity map,
 * FORMULATION.md §4). Immutable.
 */
public final class PartitionGene implements Gene<UnitRange, PartitionGene> {
  private final UnitRange range;
  private final ValidityMap validity;

  PartitionGene(UnitRange range, ValidityMap validity) {
    this.range = range;
    this.validity = validity;
  }

  @Override
  public UnitRange allele() {
    return range;
  }

  /** First unit of the partition. */
  public int first() {
    return range.first();
  }

  /** Last unit of the partition. */
  public int last() {
    return range.last();
  }

  /** A random valid partition: a uniform first unit, then a uniform last unit in its valid window. */
  @Override
  public PartitionGene newInstance() {
    RandomGenerator r = RandomRegistry.random();
    int i = r.nextInt(validity.units());
    int hi = Math.max(i, validity.maxLast(i));
    return new PartitionGene(new UnitRange(i, r.nextInt(i, hi + 1)), validity);
  }

  @Override
  public PartitionGene newInstance(UnitRange value) {
    return new PartitionGene(value, validity);
  }

  @Override
  public boolean isValid() {
    return range.last() < validity.units() && validity.valid(range.first(), range.last());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionGene g && g.range.equals(range);
  }

  @Override
  public int hashCode() {
    return range.hashCode();
  }

  @Override
  public String toString() {
    return range.toString();
  }
}
