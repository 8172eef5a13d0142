package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact formulation ({@code ilp-compact}): cut variables with running per-partition sums; it
 * never enumerates ranges or (range, target) pairs. A mixed-integer program solved by SCIP (through
 * OR-Tools' MPSolver) with relative gap 0.
 *
 * <p>Units {@code u = 0..n-1} in order; {@code s(u)} is the stage of unit {@code u}. Data per unit:
 * {@code a_u} arrays, {@code r_u} rows written per copy, {@code w_u} weight bytes. Times are divided
 * by {@code T0} (the latency of a heuristic plan) and the objective by its value, so both are about 1.
 *
 * <p><b>Variables.</b>
 * <ul>
 *   <li>{@code b_u in {0,1}}, {@code u = 1..n-1}: a partition starts at {@code u} ({@code b_0 = 1});
 *       {@code e_u = b_{u+1}} (partition ends at {@code u}; {@code e_{n-1} = 1});
 *       {@code c_u = sum_{x<=u} b_x} (cumulative cuts). Partitions are the maximal runs without a cut:
 *       contiguity is built in.
 *   <li>{@code lambda_{u,l} in {0,1}}: unit {@code u}'s stage runs at replication level {@code l} —
 *       the levels of stage {@code s} are the least replications {@code d_{s,l}} of its distinct MVM
 *       counts {@code K = ceil(P_s/d)} ({@code d_{s,0} = 1}), with stage time
 *       {@code t_{s,l} = K_l*steps*tStep + attention_s}, as far as {@code d*a_u <= A}.
 *   <li>{@code tau_u >= 0}: the partition's bottleneck target; {@code sep_{a,b} in {0,1}}
 *       ({@code a < b}): a cut lies in {@code (a, b]}, i.e. units {@code a} and {@code b} are in
 *       different partitions (fixed to 1 when {@code a..b} is not a valid range;
 *       {@code sep_{a,a+1} = b_{a+1}}).
 *   <li>continuous running sums {@code W_u, R_u, IO_u, cap_u}, fill {@code L_u, F_u}, partition
 *       time {@code Tw_u, X_u, Tp_u}; CORE adds integer per-stage core counts {@code f_u}.
 * </ul>
 *
 * <p><b>Constraints</b> ({@code M} are window bounds: the largest value a quantity can reach over the
 * longest valid range ending at that unit).
 * <pre>
 *  levels      sum_l lambda_{u,l} = 1;  |lambda_{u,l} - lambda_{u-1,l}| <= b_u   if s(u) = s(u-1)
 *  d, t        d_u = sum_l d_{s,l} lambda_{u,l},  t_u = sum_l t_{s,l} lambda_{u,l}
 *  target      t_u <= tau_u <= sum_l up_{s,l} lambda_{u,l};  |tau_u - tau_{u-1}| <= theta_max * b_u
 *              (up_{s,0} = theta_max; up_{s,l} = the largest candidate time < t_{s,l-1}: so d_u is the
 *              least replication meeting the partition's target — FORMULATION.md §4's plan space)
 *  cuts        (b-a) sep_{a,b} >= c_b - c_a >= sep_{a,b}
 *  capacity    ARRAY: cap_u >= a_u d_u;  cap_u >= cap_{u-1} + a_u d_u - A b_u;  cap_u <= A
 *              CORE:  run_u >= a_u d_u (+ run_{u-1} - A b_u if s(u) = s(u-1));  A_c f_u >= run_u (f_u integer)
 *                     base_u >= base_{u-1} + [s(u) != s(u-1)] f_{u-1} - 2 N_c b_u;  base_u + f_u <= N_c
 *  weights     W_u >= w_u/bw;  W_u >= W_{u-1} + w_u/bw - M b_u
 *  row writes  R_u >= r_u d_u tRow/ports;  R_u >= R_{u-1} + r_u d_u tRow/ports - M b_u
 *  traffic     IO_u >= io_u;  IO_u >= IO_{u-1} + io_u - M b_u, with io_u (seconds, per batch) below
 *  fill        L_u >= t_u;  L_u >= t_u + L_{last(q)} - M sep_{last(q),u}   for each stage edge q -> s(u)
 *              F_u >= L_u;  F_u >= F_{u-1} - M b_u
 *  time        Tw_u >= W_u, Tw_u >= R_u;  X_u >= F_u + (B-1) tau_u, X_u >= IO_u
 *              Tp_u >= Tw_u + X_u - M (1 - e_u),  Tp_u >= 0
 *  valid ineq. sum_u Tp_u >= totalWeightBytes/bw + B*work/A;  sum_u Tp_u >= sum_u r_u d_u tRow/ports + B*work/A
 *              (work = sum_u P_s(u)*steps*tStep*a_u; each partition has T(p) >= T_write(p) + B*tau_p and
 *              tau_p >= its array work / A, FORMULATION.md §8.12's roofline argument per partition)
 * </pre>
 * Every running sum restarts at a cut, so at a partition's last unit it holds the partition's
 * {@code bytesW/bw}, {@code rowsW*tRow/ports}, {@code bytesIO/bw}, fill {@code F} and
 * {@code sum d_s a_s}; {@code Tp} there is FORMULATION.md §4's {@code T(p)}. All are lower bounds
 * that minimization makes tight, and none can be lowered below its true value, so the model's optimum
 * is the plan space's optimum.
 *
 * <p><b>Activation traffic, linearized</b> (docs/MODEL.md 9–11; bits per image, times {@code B/8}
 * bytes and {@code 1/bw} seconds). Partial sums of row chunks are constants of their units. For a
 * tensor {@code x} produced by stage {@code q} (output share {@code o_v/(g W)} per last-chunk unit
 * {@code v}, {@code bits_x} bits) and read by the units {@code U_x} of its consumer stages:
 * <pre>
 *  store at v   bits_x o_v/(gW) * (1 if x is a network output, else sep_{v, m_x}),   m_x = last unit of x's consumers
 *  load  at u   for u in U_x with predecessor u' in U_x (none for the first):
 *               sum_{v in q, v < u} bits_x o_v/(gW) * sep_{max(v,u'), u}     (network input: bits_x * sep_{u',u}, or 1)
 * </pre>
 * A partition loads a tensor once, at its first consumer unit {@code u} (the one with
 * {@code sep_{u',u} = 1}), the part produced before it starts ({@code v} with {@code sep_{v,u} = 1});
 * the product of the two separations is {@code sep_{max(v,u'),u}} because separations are nested.
 * Energy: {@code E = const + eRow * sum_u r_u d_u + eDram * (sum_u io_u) + pStatic * sum_u Tp_u}
 * (compute, attention and weight-read energy are constants). Objective:
 * {@code min alpha*sum_u Tp_u + beta*E}.
 *
 * <p><b>Result.</b> The plan is read from {@code b} and {@code lambda}; each partition's replication is
 * recomputed as the least meeting {@code max_s t_s} of its chosen levels, and the plan is re-evaluated
 * by the cost model. OPTIMAL requires SCIP's proof and {@code (value - bound)/value <= 1e-6} (the
 * tolerance covers SCIP's feasibility tolerance {@code 1e-8} on the normalized model). The model has
 * {@code O(sum_u levels(s(u)))} level binaries and {@code O(n + traffic terms)} other variables; on
 * large networks SCIP may not close the gap in the time limit, which is reported as FEASIBLE (with the
 * bound) or TIMEOUT. EDP: see {@link IlpDriver}.
 */
public final class CompactIlpSolver implements PartitionSolver {
  @Override
  public String name() {
    return "ilp-compact";
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    CompactFormulation f = new CompactFormulation(model, options, name());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("formulation", "compact");
    stats.put("units", model.units());
    return IlpDriver.run(name(), "compact MILP (cuts, replication levels, running sums), SCIP", model, objective, options, f,
        stats, t0);
  }
}
