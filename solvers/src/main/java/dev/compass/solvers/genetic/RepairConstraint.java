package dev.compass.solvers.genetic;

import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.engine.Constraint;

/**
 * The engine's constraint: an individual is valid when its partition group is
 * ({@link PartitionGroupChromosome#isValid()}); an invalid one is repaired
 * ({@link ValidityMap#repair}: every partition that does not fit is split greedily into valid ones),
 * never replaced or dropped. Counts its repairs; not thread-safe (the engine runs on one thread).
 */
final class RepairConstraint implements Constraint<PartitionGene, Double> {
  private long repairs;

  @Override
  public boolean test(Phenotype<PartitionGene, Double> individual) {
    return individual.isValid();
  }

  @Override
  public Phenotype<PartitionGene, Double> repair(Phenotype<PartitionGene, Double> individual, long generation) {
    repairs++;
    PartitionGroupChromosome c = individual.genotype().chromosome().as(PartitionGroupChromosome.class);
    return Phenotype.of(Genotype.of(c.repaired()), generation);
  }

  long repairs() {
    return repairs;
  }
}
