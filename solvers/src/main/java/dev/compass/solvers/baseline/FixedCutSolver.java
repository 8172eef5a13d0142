package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.dp.SegmentOptimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A baseline: fix the cuts, then choose each partition's bottleneck target optimally for the
 * objective (for EDP, by the supported-point search restricted to those cuts, FORMULATION.md §8.11).
 */
public abstract class FixedCutSolver implements PartitionSolver {

  /** The first unit of each partition, ascending, starting at 0. */
  protected abstract int[] cuts(CostModel model);

  @Override public boolean exact() { return false; }
  @Override public boolean supportsPrefetch() { return true; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    int[] starts = cuts(model);
    SegmentOptimizer.Solution s = new SegmentOptimizer(model, starts).solve(objective);
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("partitions", starts.length);
    double value = s.cost().value(objective);
    var cert = Certifier.certify(model, s.cost(), objective, false, Double.NEGATIVE_INFINITY, name() + " cuts, optimal replication");
    return new SolverResult(name(), objective, Status.FEASIBLE, Optional.of(s.cost()), value, Double.NEGATIVE_INFINITY, secs, stats, Optional.of(cert));
  }
}
