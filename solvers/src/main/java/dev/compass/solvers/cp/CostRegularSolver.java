package dev.compass.solvers.cp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.ilp.IlpDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Constraint programming with Choco's {@code costRegular} (Pesant 2004; Demassey, Pesant and Rousseau,
 * Constraints 11, 2006); CLI name {@code cp}. The compact model stays as {@code cp-compact} ({@link CpSolver}).
 *
 * <p><b>Model.</b> One variable per unit {@code u}: {@code x_u = 0} continues the current partition past
 * {@code u}; {@code x_u = k >= 1} closes it at {@code u} with the {@code k}-th kept candidate target of its range
 * (the candidate table of {@link FormulationTables.Candidates}, the one the path ILP uses; Pareto candidates
 * only, at most two per range on the zoo models). An automaton whose state {@code l} counts the units already in
 * the current partition (states {@code 0..Lmax-1}, {@code Lmax} the longest valid range; initial and final
 * state 0) reads {@code x}: {@code l --0--> l+1}, {@code l --k--> 0}. The arc at layer {@code u}, state {@code l},
 * value {@code k} costs {@code (alpha*T_c + beta*E_c)/q} for the candidate {@code c} of range
 * {@code (u-l)..u}, or a prohibitive cost if that range is not valid or has no {@code k}-th candidate
 * (costRegular removes such arcs at the root); continuing costs 0. {@code costRegular(x, z, automaton)} ties the
 * cost {@code z} to the sum; every word of the automaton is a plan of FORMULATION.md §4 and every plan is one
 * word: the model is exact over the plan space.
 *
 * <p><b>Filtering and proof.</b> costRegular computes shortest and longest paths through the layered graph
 * (layers = units, nodes = automaton states) and removes every arc on no path of cost within {@code z}'s bounds;
 * {@code z}'s lower bound becomes the shortest path, the optimum of the scaled problem. The search decides
 * {@code z <= lb(z)} first, then {@code x} in order, closing a partition before continuing one, so the first dive
 * follows a shortest path of the scaled graph without failing. <em>Root proof:</em> its plan, re-evaluated, is
 * OPTIMAL when its true cost {@code V} satisfies {@code V - q*lb(z) <= 1e-6 V} ({@code q*lb(z)} bounds every plan
 * from below); the search stops there (statistics {@code provenAtRoot}, {@code nodes}, {@code fails} = 0). Otherwise
 * the search continues under the true-value cut {@code z <= floor(Vbest / q)} until exhausted, which proves to
 * floating point.
 *
 * <p><b>Scaling and tolerance.</b> Arc costs are {@code floor(c/q)} in quanta {@code q = UB / 2^29} ({@code UB} a
 * greedy cover's cost: from each unit the longest valid range at its cheapest candidate), so {@code q*z} never
 * exceeds a plan's true cost, and a plan of {@code p} partitions costs less than {@code (z + p) q}: the root proof's
 * gap is below {@code p * 2^-29 * UB/V} (about {@code 2e-7} for vgg16/compass-s's 115 partitions). Stated tolerance
 * ({@code RegularFormulation.TOLERANCE}): 1e-6 relative, 3e-6 for EDP; the root bound {@code q*lb(z)} is reported
 * as {@code rootBound} (docs/cp.md).
 *
 * <p><b>EDP</b> is the supported-point search over weighted solves ({@link IlpDriver}), not
 * {@code multiCostRegular}: the product {@code E*T} is not a resource that a layered graph can price, and
 * {@code multiCostRegular} bounds each resource separately (a box), which is weaker than the hull facets whose
 * weighted solves each cost one root propagation here.
 *
 * <p><b>Certificate.</b> The potentials are the forward shortest-path values of the same layered graph, computed
 * in doubles without the scaling ({@link FormulationTables.Candidates#labels}); {@code compass verify} checks them.
 */
public final class CostRegularSolver implements PartitionSolver {
  @Override public String name() { return "cp"; }
  @Override public boolean exact() { return true; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("formulation", "costRegular");
    stats.put("units", model.units());
    Optional<FormulationTables.Candidates> table = FormulationTables.candidates(model, new IlpDriver.Deadline(options.timeLimitSeconds(), t0)::expired);
    stats.put("tableSeconds", (System.nanoTime() - t0) / 1e9);
    if (table.isEmpty()) return IlpDriver.stoppedBuildingTable(name(), objective, stats, t0);
    RegularFormulation f = new RegularFormulation(model, table.get(), options);
    return IlpDriver.run(name(), "Choco costRegular over the candidate table (root bound + one failure-free dive)", model,
        objective, options, f, stats, t0);
  }
}
