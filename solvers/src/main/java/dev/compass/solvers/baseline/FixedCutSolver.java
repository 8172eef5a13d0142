package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.FixedCuts;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import java.util.Optional;

/**
 * A baseline: fix the cuts, then choose each partition's bottleneck target optimally for the
 * objective ({@link FixedCuts}; for EDP, the supported-point search restricted to those cuts,
 * FORMULATION.md §8.11).
 */
public abstract class FixedCutSolver implements PartitionSolver {

  /** The first unit of each partition, ascending, starting at 0. */
  protected abstract int[] cuts(CostModel model);

  @Override public boolean exact() { return false; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    int[] starts = cuts(model);
    Optional<PlanCost> cost = FixedCuts.optimize(model, starts, objective);
    double secs = (System.nanoTime() - t0) / 1e9;
    FixedCutStatistics stats = new FixedCutStatistics(starts.length);
    if (cost.isEmpty()) {
      return new SolverResult(name(), objective, Status.INFEASIBLE, Optional.empty(), Double.NaN, Double.NEGATIVE_INFINITY, secs, stats, Optional.empty());
    }
    double value = cost.get().value(objective);
    var cert = Certifier.certify(model, cost.get(), objective, false, Double.NEGATIVE_INFINITY, name() + " cuts, optimal replication");
    return new SolverResult(name(), objective, Status.FEASIBLE, cost, value, Double.NEGATIVE_INFINITY, secs, stats, Optional.of(cert));
  }
}
