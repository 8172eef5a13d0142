package dev.compass.solvers.genetic;

import dev.compass.formulation.plan.PartitionPlan;
import io.jenetics.Chromosome;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.Arrays;

/**
 * A chromosome of the COMPASS genetic algorithm: a partition group, the sequence of partitions
 * ({@link PartitionGene}s) that covers the network's units in order. Stored as the partitions' first
 * units ({@code starts}, ascending, from 0); partition {@code k} is
 * {@code starts[k] .. starts[k+1]-1} (the last one ends at the last unit).
 *
 * <p>It is valid when the genes cover all units once, in order, and every partition is valid. The
 * operators of this package only build valid groups, except crossover at its junction; invalid groups
 * are repaired ({@code ValidityMap#repair}) by {@code RepairConstraint}, never dropped. Immutable.
 */
public final class PartitionGroupChromosome implements Chromosome<PartitionGene> {
  private final int[] starts;
  private final ValidityMap validity;
  private final PartitionGene[] genes;

  PartitionGroupChromosome(int[] starts, ValidityMap validity) {
    if (starts.length == 0) throw new IllegalArgumentException("a partition group needs at least one partition");
    this.starts = starts.clone();
    this.validity = validity;
    int n = validity.units();
    this.genes = new PartitionGene[starts.length];
    for (int k = 0; k < starts.length; k++) {
      int last = PartitionPlan.lastUnit(starts, k, n);
      // an out-of-order cut makes an empty range: keep it as a one-unit range, which the validity check rejects
      genes[k] = new PartitionGene(new UnitRange(Math.max(0, starts[k]), Math.max(Math.max(0, starts[k]), last)), validity);
    }
  }

  /** The first unit of each partition, ascending from 0 (a copy). */
  public int[] starts() {
    return starts.clone();
  }

  /** Number of partitions. */
  @Override
  public int length() {
    return starts.length;
  }

  @Override
  public PartitionGene get(int index) {
    return genes[index];
  }

  ValidityMap validity() {
    return validity;
  }

  int[] startsView() {
    return starts;
  }

  @Override
  public boolean isValid() {
    return validity.validGroup(starts);
  }

  /** A random valid partition group ({@code ValidityMap#randomCuts}). */
  @Override
  public PartitionGroupChromosome newInstance() {
    return new PartitionGroupChromosome(validity.randomStarts(RandomRegistry.random()), validity);
  }

  /**
   * The group made of the given genes' first units (their last units are implied by the next
   * gene). The result may be invalid; {@link #repaired()} makes it valid.
   */
  @Override
  public PartitionGroupChromosome newInstance(ISeq<PartitionGene> genes) {
    int[] s = new int[genes.size()];
    for (int k = 0; k < s.length; k++) s[k] = genes.get(k).first();
    return new PartitionGroupChromosome(s, validity);
  }

  /** This group if valid, else its repair ({@code ValidityMap#repair}). */
  public PartitionGroupChromosome repaired() {
    return isValid() ? this : new PartitionGroupChromosome(validity.repair(starts), validity);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionGroupChromosome c && Arrays.equals(c.starts, starts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(starts);
  }

  @Override
  public String toString() {
    return Arrays.toString(genes);
  }
}
