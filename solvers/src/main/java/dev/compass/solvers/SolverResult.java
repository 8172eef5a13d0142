package dev.compass.solvers;

import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a solve.
 *
 * @param solver solver name
 * @param objective what was minimized
 * @param status how it ended
 * @param cost the plan's cost from the shared cost model (empty if no plan was found)
 * @param objectiveValue the objective of the plan as the solver reported it ({@code NaN} if none)
 * @param lowerBound best proven lower bound ({@code -Infinity} if none)
 * @param solveSeconds wall-clock time of the solve
 * @param statistics what the solver counted, typed per solver family ({@link SolverStatistics})
 * @param certificate the certificate (empty if no plan)
 */
public record SolverResult(
    String solver,
    Objective objective,
    Status status,
    Optional<PlanCost> cost,
    double objectiveValue,
    double lowerBound,
    double solveSeconds,
    SolverStatistics statistics,
    Optional<Certificate> certificate) {

  public SolverResult {
    java.util.Objects.requireNonNull(statistics, "statistics");
  }

  /** A result whose statistics are a backend's named counters ({@link SolverStatistics.Counters}). */
  public SolverResult(String solver, Objective objective, Status status, Optional<PlanCost> cost, double objectiveValue,
      double lowerBound, double solveSeconds, Map<String, Object> counters, Optional<Certificate> certificate) {
    this(solver, objective, status, cost, objectiveValue, lowerBound, solveSeconds, new SolverStatistics.Counters(counters), certificate);
  }

  public PartitionPlan plan() {
    return cost.orElseThrow(() -> new IllegalStateException(solver + " found no plan (" + status + ")")).plan();
  }

  /** Relative gap between objective and bound, or NaN without a plan or bound. */
  public double gap() {
    if (Double.isNaN(objectiveValue) || Double.isInfinite(lowerBound)) return Double.NaN;
    return objectiveValue == 0 ? 0 : Math.max(0, (objectiveValue - lowerBound) / Math.abs(objectiveValue));
  }
}
