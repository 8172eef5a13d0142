package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;

/**
 * A partitioning method: problem in (the cost model of a network, chip and batch, and an objective),
 * result out (plan, cost breakdown, status, bound, time, statistics). Implementations are
 * stateless across calls and thread-safe.
 */
public interface PartitionSolver {
  /** The name used on the command line ({@code dp}, {@code greedy}, ...). */
  String name();

  /** True if an OPTIMAL status from this solver is a proof over FORMULATION.md §4's plan space. */
  boolean exact();

  SolverResult solve(CostModel model, Objective objective, SolverOptions options);

  /**
   * True if the solver optimizes the weight-prefetch model (FORMULATION.md §9) on a chip with
   * {@code prefetch = true}. A solver that does not would optimize the wrong model there; the registry
   * ({@link Solvers#get}) refuses it on such a chip with a clear error.
   */
  default boolean supportsPrefetch() {
    return false;
  }
}
