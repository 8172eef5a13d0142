package dev.compass.solvers.genetic;

import io.jenetics.Alterer;
import io.jenetics.AltererResult;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * One-point crossover of partition groups at a unit position: each individual, with probability
 * {@link #probability()}, is paired with another chosen uniformly; a unit {@code x} in
 * {@code 1..units-1} is drawn, and the children take the cuts of one parent before {@code x} and the
 * other's from {@code x} on. The partition that spans {@code x} in a child may not fit; the engine's
 * {@code RepairConstraint} then splits it greedily. Whether this operator is used is a measured choice
 * (docs/genetic.md).
 */
public final class CutCrossover implements Alterer<PartitionGene, Double> {
  private final double probability;

  public CutCrossover(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("crossover probability must be in [0, 1], got " + probability);
    }
    this.probability = probability;
  }

  public double probability() {
    return probability;
  }

  @Override
  public AltererResult<PartitionGene, Double> alter(Seq<Phenotype<PartitionGene, Double>> population, long generation) {
    RandomGenerator r = RandomRegistry.random();
    MSeq<Phenotype<PartitionGene, Double>> out = MSeq.of(population);
    int count = 0;
    if (out.size() < 2 || probability == 0) return new AltererResult<>(out.toISeq(), 0);
    for (int i = 0; i < out.size(); i++) {
      if (r.nextDouble() >= probability) continue;
      int j = r.nextInt(out.size() - 1);
      if (j >= i) j++;
      PartitionGroupChromosome a = out.get(i).genotype().chromosome().as(PartitionGroupChromosome.class);
      PartitionGroupChromosome b = out.get(j).genotype().chromosome().as(PartitionGroupChromosome.class);
      int n = a.validity().units();
      if (n < 2) break;
      int x = r.nextInt(1, n);
      int[] ca = cross(a.startsView(), b.startsView(), x);
      int[] cb = cross(b.startsView(), a.startsView(), x);
      if (!Arrays.equals(ca, a.startsView())) {
        out.set(i, Phenotype.of(Genotype.of(new PartitionGroupChromosome(ca, a.validity())), generation));
        count++;
      }
      if (!Arrays.equals(cb, b.startsView())) {
        out.set(j, Phenotype.of(Genotype.of(new PartitionGroupChromosome(cb, b.validity())), generation));
        count++;
      }
    }
    return new AltererResult<>(out.toISeq(), count);
  }

  /** The cuts of {@code head} below {@code x} followed by those of {@code tail} from {@code x} on. */
  static int[] cross(int[] head, int[] tail, int x) {
    return IntStream.concat(Arrays.stream(head).filter(s -> s < x), Arrays.stream(tail).filter(s -> s >= x)).toArray();
  }

  @Override
  public String toString() {
    return "cut-crossover(p=" + probability + ")";
  }
}
