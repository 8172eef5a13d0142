package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.ReplicationLadder;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds certificates (FORMULATION.md §7). The feasibility check is independent of the cost model's
 * tables: it walks the mapping's unit table and the stage list directly.
 */
public final class Certifier {
  private Certifier() {}

  /**
   * Checks a plan: units covered once and in order; stage names in their partition;
   * {@code 1 <= d_s <= P_s}; capacity (ARRAY or CORE); and each partition's replication is the least
   * meeting its own target {@code max_s t_s} ({@link ReplicationLadder#isLeastFor}: {@code d_s = 1} or
   * {@code t_s(d_s - 1)} misses it).
   *
   * @return the problems found (empty if feasible)
   */
  public static List<String> check(Mapping mapping, PartitionPlan plan) {
    List<String> problems = new ArrayList<>();
    HardwareSpec hw = mapping.hardware();
    int next = 0;
    for (int k = 0; k < plan.size(); k++) {
      Partition p = plan.partitions().get(k);
      String where = "partition " + k + " (units " + p.firstUnit() + ".." + p.lastUnit() + ")";
      if (p.firstUnit() != next) problems.add(where + ": starts at " + p.firstUnit() + ", expected " + next);
      next = p.lastUnit() + 1;
      if (p.lastUnit() >= mapping.units()) {
        problems.add(where + ": ends past the last unit " + (mapping.units() - 1));
        continue;
      }
      java.util.Map<Integer, Long> arrays = new java.util.TreeMap<>();
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) arrays.merge(mapping.unitStage(u), (long) mapping.unitArrays(u), Long::sum);
      for (String name : p.replication().keySet()) {
        boolean found = arrays.keySet().stream().anyMatch(s -> mapping.graph().stage(s).name().equals(name));
        if (!found) problems.add(where + ": replication names stage '" + name + "', which it does not hold");
      }
      long used = 0;
      double tau = 0;
      for (var e : arrays.entrySet()) {
        Stage st = mapping.graph().stage(e.getKey());
        int d = p.replicationOf(st.name());
        if (d < 1 || d > st.mvmsPerImage()) problems.add(where + ": " + st.name() + " has d = " + d + ", outside 1.." + st.mvmsPerImage());
        long a = (long) d * e.getValue();
        used += hw.allocation() == Allocation.ARRAY ? a : (a + hw.arraysPerCore() - 1) / hw.arraysPerCore();
        if (d >= 1) tau = Math.max(tau, ReplicationLadder.of(st, hw).time(d));
      }
      long cap = hw.allocation() == Allocation.ARRAY ? hw.arrays() : hw.cores();
      if (used > cap) problems.add(where + ": uses " + used + (hw.allocation() == Allocation.ARRAY ? " arrays" : " cores") + " > " + cap);
      for (var e : arrays.entrySet()) {
        Stage st = mapping.graph().stage(e.getKey());
        int d = p.replicationOf(st.name());
        if (d > 1 && d <= st.mvmsPerImage() && !ReplicationLadder.of(st, hw).isLeastFor(d, tau)) {
          problems.add(where + ": " + st.name() + " has d = " + d + " but d = " + (d - 1)
              + " already meets the bottleneck " + tau + " s (not the least replication for any target)");
        }
      }
    }
    if (next != mapping.units()) problems.add("plan covers units 0.." + (next - 1) + " of 0.." + (mapping.units() - 1));
    return problems;
  }

  /**
   * Relative tolerance between a claimed objective and the cost model's re-evaluation. A solver's
   * own tolerance, not the cost model's ({@link ReplicationLadder#TOLERANCE}, 1e-12): a claim comes
   * from a solver that may reach its value through its own arithmetic (scaled integer objectives in
   * CP/CP-SAT, LP duals, coefficient tables summed in another order, a value read back from JSON),
   * and the exact solvers state their optimality to 1e-9 relative; a claim off by more is a wrong
   * claim, not rounding.
   */
  public static final double OBJECTIVE_TOLERANCE = 1e-9;

  /**
   * Checks a claim: the plan passes {@link #check}, and its objective re-evaluated by the cost model
   * equals {@code claimedValue} within {@link #OBJECTIVE_TOLERANCE} relative.
   *
   * @return the problems found (empty if the claim holds)
   */
  public static List<String> verify(CostModel model, PartitionPlan plan, Objective objective, double claimedValue) {
    List<String> problems = check(model.mapping(), plan);
    if (!problems.isEmpty()) return problems;
    double recomputed = model.evaluate(plan).value(objective);
    if (!(Math.abs(recomputed - claimedValue) <= OBJECTIVE_TOLERANCE * Math.abs(recomputed))) {
      problems.add("objective " + objective + " claimed " + claimedValue + " but the cost model gives " + recomputed);
    }
    return problems;
  }

  /**
   * A certificate for {@code cost}'s plan: objective recomputed by the model, plus the feasibility
   * check; an infeasible plan gets {@code NaN} as its objective and is never optimal.
   */
  public static Certificate certify(CostModel model, PlanCost cost, Objective objective, boolean optimal, double lowerBound, String method) {
    return certify(model, cost, objective, optimal, lowerBound, method, java.util.Optional.empty());
  }

  /**
   * As {@link #certify(CostModel, PlanCost, Objective, boolean, double, String)}, with the solver's dual proof
   * (kept only when the plan is proven optimal).
   */
  public static Certificate certify(CostModel model, PlanCost cost, Objective objective, boolean optimal, double lowerBound, String method,
      java.util.Optional<dev.compass.solvers.certificate.DualCertificate> dual) {
    PartitionPlan plan = cost.plan();
    List<String> problems = check(model.mapping(), plan);
    // an infeasible plan has no objective (the evaluator rejects it): NaN, and never optimal
    double recomputed = problems.isEmpty() ? model.evaluate(plan).value(objective) : Double.NaN;
    boolean ok = optimal && problems.isEmpty();
    return new Certificate(ok, recomputed, lowerBound, method, problems.isEmpty(), problems, ok ? dual : java.util.Optional.empty());
  }
}
