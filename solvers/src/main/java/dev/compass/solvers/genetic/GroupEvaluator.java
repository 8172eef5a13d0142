package dev.compass.solvers.genetic;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.FixedCuts;

/**
 * The fitness of the genetic algorithm: the objective of a partition group (its cuts) from the shared
 * cost model, with each partition's bottleneck target chosen exactly for the objective
 * (FORMULATION.md §4, and §8.11 as for the baselines) by {@link FixedCuts}: additive objectives let
 * each partition take its own best target; EDP runs the supported-point search over the sum of the
 * partitions' (T, E) fronts. Fronts are cached per unit range; many chromosomes share partitions.
 * Not thread-safe.
 */
final class GroupEvaluator {
  private final Objective objective;
  private final FixedCuts cuts;
  private long evaluations;

  GroupEvaluator(CostModel model, Objective objective) {
    this.objective = objective;
    this.cuts = new FixedCuts(model);
  }

  /** Objective evaluations so far (calls of {@link #evaluate}). */
  long evaluations() {
    return evaluations;
  }

  /** Distinct unit ranges scanned so far. */
  int rangesScanned() {
    return cuts.rangesScanned();
  }

  /** The Pareto front of range {@code i..j}'s candidate targets (cached). The range must be valid. */
  FixedCuts.Front front(int i, int j) {
    FixedCuts.Front f = cuts.front(i, j);
    if (f.size() == 0) throw new IllegalStateException("range " + i + ".." + j + " has no feasible target; the genetic operators only build valid ranges");
    return f;
  }

  /** The objective of the valid group with these first units, each partition's target chosen exactly. */
  double evaluate(int[] starts) {
    evaluations++;
    return cuts.value(starts, objective).orElseThrow(
        () -> new IllegalStateException("a partition of " + java.util.Arrays.toString(starts) + " has no feasible target"));
  }
}
