package dev.compass.solvers.genetic;

import io.jenetics.Alterer;
import io.jenetics.AltererResult;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.random.RandomGenerator;

/**
 * A mutation of partition groups: each individual handed to {@link #alter} is mutated with
 * probability {@link #probability()}; a mutated individual is a new, not yet evaluated phenotype of the
 * current generation. Subclasses map a valid group to a valid group, or return {@code null} when the
 * group offers no place to apply the mutation (the individual is then left unchanged).
 */
public abstract class AbstractPartitionMutator implements Alterer<PartitionGene, Double> {
  private final double probability;

  protected AbstractPartitionMutator(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("mutation probability must be in [0, 1], got " + probability);
    }
    this.probability = probability;
  }

  public double probability() {
    return probability;
  }

  /**
   * The mutated cuts, or {@code null} if the mutation does not apply to this group.
   *
   * @param starts a valid group's first units (not to be modified)
   */
  abstract int[] mutate(int[] starts, ValidityMap validity, RandomGenerator random);

  @Override
  public AltererResult<PartitionGene, Double> alter(Seq<Phenotype<PartitionGene, Double>> population, long generation) {
    RandomGenerator r = RandomRegistry.random();
    MSeq<Phenotype<PartitionGene, Double>> out = MSeq.of(population);
    int count = 0;
    for (int p = 0; p < out.size(); p++) {
      if (r.nextDouble() >= probability) continue;
      PartitionGroupChromosome c = out.get(p).genotype().chromosome().as(PartitionGroupChromosome.class);
      int[] next = mutate(c.startsView(), c.validity(), r);
      if (next == null) continue;
      out.set(p, Phenotype.of(Genotype.of(new PartitionGroupChromosome(next, c.validity())), generation));
      count++;
    }
    return new AltererResult<>(out.toISeq(), count);
  }
}
