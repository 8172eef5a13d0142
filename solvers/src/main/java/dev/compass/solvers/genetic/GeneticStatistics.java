package dev.compass.solvers.genetic;

import dev.compass.solvers.SolverStatistics;
import java.util.Map;

/**
 * What a genetic run counted.
 *
 * @param seed the seed used
 * @param population population size
 * @param generations generations run
 * @param evaluations fitness evaluations
 * @param rangesScanned distinct unit ranges scanned by the fitness
 * @param repairs chromosomes repaired
 * @param partitions partitions of the best group
 * @param fitness the best fitness
 * @param stoppedByTimeLimit true if the time limit ended the run
 * @param trace the convergence trace
 */
public record GeneticStatistics(long seed, int population, int generations, long evaluations, int rangesScanned, long repairs,
    int partitions, double fitness, boolean stoppedByTimeLimit, GeneticTrace trace) implements SolverStatistics {

  /** The statistics of a run that could not start (no plan exists). */
  static GeneticStatistics none(long seed, int population) {
    return new GeneticStatistics(seed, population, 0, 0, 0, 0, 0, Double.NaN, false, new GeneticTrace(java.util.List.of()));
  }

  @Override
  public Map<String, Object> asMap() {
    return SolverStatistics.named("seed", seed, "population", population, "generations", generations, "evaluations", evaluations,
        "rangesScanned", rangesScanned, "repairs", repairs, "partitions", partitions, "fitness", fitness,
        "stoppedByTimeLimit", stoppedByTimeLimit, GeneticTrace.STATISTIC, trace);
  }
}
