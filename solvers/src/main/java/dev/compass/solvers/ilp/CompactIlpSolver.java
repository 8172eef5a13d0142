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
 * OR-Tools' MPSolver) with relative gap 0. Every coefficient comes from {@link dev.compass.costmodel.CompactTables}
 * (cost model version 2, FORMULATION.md §4); the formulation never reads {@code Mapping}.
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
 *   <li>{@code lambda_{u,l} in {0,1}}, one-hot: unit {@code u}'s stage runs at replication level {@code l} —
 *       the levels of stage {@code s} are the least replications {@code d_{s,l}} of its distinct MVM
 *       counts (the {@code ReplicationLadder} rungs), with stage time
 *       {@code t_{s,l} = ceil(P_s/d_{s,l})*steps*tStep + v_s}; a level with {@code d*a_u > A} is fixed to 0.
 *       No integer level variable and no big-M on levels: {@code d_u} and {@code t_u} are linear in {@code lambda}.
 *   <li>{@code theta_u >= 0}: the partition's target; {@code sep_{a,b} in {0,1}}
 *       ({@code a < b}): a cut lies in {@code (a, b]} (fixed to 1 when {@code a..b} is not a valid range;
 *       {@code sep_{a,a+1} = b_{a+1}}).
 *   <li>continuous running sums {@code W_u, R_u, IO_u, V_u, cap_u}, fill {@code f_u, F_u}, bottleneck
 *       {@code beta_u}, partition time {@code Tw_u, X_u, Tp_u}; CORE adds integer per-stage core counts.
 * </ul>
 *
 * <p><b>Constraints</b> ({@code M} are window bounds: the largest value a quantity can reach over the
 * longest valid range ending at that unit).
 * <pre>
 *  levels      sum_l lambda_{u,l} = 1;  |lambda_{u,l} - lambda_{u-1,l}| <= b_u   if s(u) = s(u-1)
 *  d, t        d_u = sum_l d_{s,l} lambda_{u,l},  t_u = sum_l t_{s,l} lambda_{u,l}
 *  target      t_u <= theta_u <= sum_l up_{s,l} lambda_{u,l};  |theta_u - theta_{u-1}| <= theta_max * b_u
 *              (up_{s,l} = CompactTables#levelCeiling: so d_u is the least replication meeting the
 *              partition's target — FORMULATION.md §4's plan space)
 *  cuts        (b-a) sep_{a,b} >= c_b - c_a >= sep_{a,b}
 *  capacity    ARRAY: cap_u >= a_u d_u;  cap_u >= cap_{u-1} + a_u d_u - A b_u;  cap_u <= A
 *              CORE:  run_u >= a_u d_u (+ run_{u-1} - A b_u if s(u) = s(u-1));  A_c f_u >= run_u (f_u integer)
 *                     base_u >= base_{u-1} + [s(u) != s(u-1)] f_{u-1} - 2 N_c b_u;  base_u + f_u <= N_c
 *  weights     W_u >= w_u/bw;  W_u >= W_{u-1} + w_u/bw - M b_u
 *  row writes  R_u >= r_u d_u tRow/ports;  R_u >= R_{u-1} + r_u d_u tRow/ports - M b_u
 *  traffic     IO_u >= io_u;  IO_u >= IO_{u-1} + io_u - M b_u   (io_u from CompactTables' traffic terms)
 *  attention   V_u >= v_s [first unit of s, else v_s b_u];  V_u >= V_{u-1} + [first unit of s] v_s - M b_u
 *              (a stage adds v_s once per partition: at its first unit, or where a partition starts inside it)
 *  fill (v2)   f_u >= t_u;  f_u >= t_u + f_{last(q)} - M sep_{last(q),u}      for each stage edge q -> s(u)
 *              f_u >= L_s/bw at the stage's first unit: loadConstant_s + sum_{(v,c)} c sep_{v,u} + psum_u
 *              f_u >= fullLoad_s b_u + psum_u  and  f_u >= f_{u-1} - M b_u      at its other units
 *              F_u >= f_u,  F_u >= V_u,  F_u >= F_{u-1} - M b_u
 *  time        Tw_u >= W_u, Tw_u >= R_u;  beta_u >= theta_u, beta_u >= V_u  (tau = max(max_s t_s, V))
 *              X_u >= F_u + (B-1) beta_u,  X_u >= IO_u
 *              Tp_u >= Tw_u + X_u - M (1 - e_u),  Tp_u >= 0
 * </pre>
 * Every running sum restarts at a cut, so at a partition's last unit it holds the partition's
 * {@code bytesW/bw}, {@code rowsW*tRow/ports}, {@code bytesIO/bw}, {@code V}, fill {@code F} and
 * {@code sum d_s a_s}; {@code Tp} there is FORMULATION.md §4's {@code T(p)} (v2). All are lower bounds
 * that minimization makes tight, and none can be lowered below its true value, so the model's optimum
 * is the plan space's optimum.
 *
 * <p><b>Valid inequalities</b> (each holds for every plan of the space, so none cuts off an optimum; none
 * uses another solver's answer):
 * <pre>
 *  roofline    sum_u Tp_u >= sum_u w_u/bw + B*max(work/A, sum_s v_s)
 *              sum_u Tp_u >= sum_u r_u d_u tRow/ports + B*max(work/A, sum_s v_s)
 *              (each partition has T(p) >= T_write(p) + B*tau_p, tau_p >= its array work / A and >= V_p,
 *              FORMULATION.md §8.12 per partition, summed)
 *  windows     c_v - c_u >= 1 for u = minFirst(v) - 1: units u..v do not fit one chip even at d = 1
 *  levels/cuts lambda_{u-1,l} <= b_u when unit u-1 at level l and unit u (at the same level if the same stage,
 *              else d = 1) exceed the capacity together
 * </pre>
 * Symmetry: a (cuts, levels) assignment is one plan and two assignments are two plans, so the integer
 * variables carry no symmetry to break; the continuous target {@code theta} of a partition may take any value
 * in {@code [max_s t_s, min_s up_s]}, which changes neither the plan nor its cost.
 *
 * <p><b>Activation traffic, linearized</b> (docs/MODEL.md 9–11). For a tensor {@code x} produced by stage
 * {@code q} and read by the units {@code U_x} of its consumer stages, {@link dev.compass.costmodel.CompactTables}
 * attributes: the store at a last-chunk unit {@code v} ({@code sep_{v, m_x}}, {@code m_x} = last consumer unit,
 * or always for a network output), and the load at each {@code u in U_x} with predecessor {@code u'} in
 * {@code U_x}: {@code sum_{v in q, v < u} share_v * sep_{max(v,u'), u}} (a partition loads a tensor once, at its
 * first consumer unit, the part produced before it starts; separations are nested). Energy:
 * {@code E = const + eRow * sum_u r_u d_u + eDram * B * (sum_u io_u) + pStatic * sum_u Tp_u}. Objective:
 * {@code min alpha*sum_u Tp_u + beta*E}.
 *
 * <p><b>Root bound.</b> The same model with every integrality dropped is solved by GLOP before SCIP, in the
 * first weighted solve only (at most 40% of its time limit); its optimum is reported as {@code rootBound} (a
 * lower bound on the weighted objective: the strength of the formulation's relaxation, which the study prints
 * as the root gap of additive objectives).
 *
 * <p><b>Result.</b> The plan is read from {@code b} and {@code lambda}; each partition's replication is
 * recomputed as the least meeting {@code max_s t_s} of its chosen levels, and the plan is re-evaluated
 * by the cost model. OPTIMAL requires SCIP's proof and {@code (value - bound)/value <= 1e-6} (the
 * tolerance covers SCIP's feasibility tolerance {@code 1e-8} on the normalized model). On large networks
 * SCIP may not close the gap in the time limit, which is reported as FEASIBLE (with the bound).
 *
 * <p><b>Time limit.</b> Building the root LP (at most 40% of the limit) and the MIP checks the deadline once
 * per unit of each loop. A weighted solve that stops while building, or whose SCIP run ends without a plan, returns its
 * start hint (greedy cuts, each partition at its best target), re-evaluated by the cost model, as FEASIBLE with
 * {@code statistics.stoppedWhile} and the root LP bound when GLOP solved it (instead of TIMEOUT without a plan). GLOP
 * and SCIP work before they check their limits (SCIP copies the model: up to 4 build times); with {@code b} the
 * longest build so far (or the time a stopped build had spent), GLOP is not started with less than {@code 1.5 b} of
 * its share left, a MIP is not built with less than {@code 6 b} left nor handed to SCIP with less than 5 times its
 * build left, SCIP's limit is the time left less 4 builds, and native models are freed on a daemon thread
 * (docs/ilp.md, "Under a time limit"). A start plan or SCIP status that contradicts the plan space (no finite start
 * plan, SCIP's INFEASIBLE although the start plan is feasible) is an internal error, never INFEASIBLE. EDP: see
 * {@link IlpDriver}.
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
    if (objective.kind() == Objective.Kind.EDP) f.skipRootLp();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("formulation", "compact");
    stats.put("units", model.units());
    return IlpDriver.run(name(), "compact MILP (cuts, replication levels, running sums), SCIP", model, objective, options, f,
        stats, t0);
  }
}
