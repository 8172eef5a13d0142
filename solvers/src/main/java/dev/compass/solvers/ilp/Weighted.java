package dev.compass.solvers.ilp;

import dev.compass.costmodel.PlanCost;
import dev.compass.solvers.certificate.Facet;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one solve of a weighted objective {@code alpha*T + beta*E} by a formulation.
 *
 * @param cost the plan found, re-evaluated by the cost model (empty if none)
 * @param modelLatency the plan's batch latency as the formulation computed it from its own variables (NaN if none,
 *     or if the formulation cannot vouch for it because latency had no weight in this solve)
 * @param modelEnergy the plan's energy as the formulation computed it (NaN if none)
 * @param bound a proven lower bound on {@code alpha*T + beta*E} over the plan space (-Infinity if none)
 * @param proven true when the solver proved optimality and the gap is within {@code tolerance}
 * @param timedOut true when the time limit stopped the solve
 * @param infeasible true when the solver proved that no plan exists
 * @param statistics solver counters (variables, constraints, nodes, ...)
 * @param facet potentials proving {@code bound} for this weighting (empty if the formulation has none or did not prove)
 */
public record Weighted(Optional<PlanCost> cost, double modelLatency, double modelEnergy, double bound, boolean proven, boolean timedOut,
    boolean infeasible, Map<String, Object> statistics, Optional<Facet> facet) {

  public Weighted {
    statistics = Map.copyOf(statistics);
  }

  public Weighted(Optional<PlanCost> cost, double modelLatency, double modelEnergy, double bound, boolean proven, boolean timedOut,
      boolean infeasible, Map<String, Object> statistics) {
    this(cost, modelLatency, modelEnergy, bound, proven, timedOut, infeasible, statistics, Optional.empty());
  }

  /** The solver proved that no plan exists: no plan, lower bound {@code +Infinity}. */
  public static Weighted infeasible(Map<String, Object> statistics) {
    return new Weighted(Optional.empty(), Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, false, false, true, statistics);
  }

  /** The solver stopped (time limit or other status) without a plan: no plan, no bound. */
  public static Weighted stopped(Map<String, Object> statistics) {
    return new Weighted(Optional.empty(), Double.NaN, Double.NaN, Double.NEGATIVE_INFINITY, false, true, false, statistics);
  }

  public double latency() { return cost.orElseThrow().latencySeconds(); }
  public double energy() { return cost.orElseThrow().energyJoules(); }
}
