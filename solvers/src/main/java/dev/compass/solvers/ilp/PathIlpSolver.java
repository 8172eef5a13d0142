package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The path formulation (FORMULATION.md §4–5): a plan is a path from unit position 0 to {@code n}
 * whose arcs are (valid range, bottleneck target) columns.
 *
 * <p><b>Columns.</b> For every valid range {@code i..j} ({@code minFirst(j) <= i <= j}) and every
 * candidate bottleneck target {@code tau_k} of the range (the distinct stage times {@code t_s(d)} that
 * every stage can meet with capacity left, {@link dev.compass.costmodel.RangeScanner#candidates}), one
 * binary {@code x_c}, {@code c = (i, j, k)}, with the range's latency {@code T_c} and energy
 * {@code E_c} at replication {@code d_s(tau_k)} from the cost model. The activation traffic of a range
 * depends only on its ends (docs/MODEL.md 9–11), so {@code T_c} and {@code E_c} are exact per column.
 *
 * <pre>
 *   min  sum_c (alpha*T_c + beta*E_c) * x_c
 *   s.t. sum_{c: i_c = 0} x_c = 1
 *        sum_{c: j_c + 1 = v} x_c = sum_{c: i_c = v} x_c      for v = 1..n-1   (flow conservation)
 *        x_c in {0, 1}
 * </pre>
 *
 * Every feasible {@code x} is one path 0 -> n, i.e. a cover of the units by consecutive ranges with
 * one target each: exactly FORMULATION.md §4's plan space. The constraint matrix is the node-arc
 * incidence matrix of a DAG (totally unimodular), so the LP relaxation is integral. Two proven
 * reductions drop columns: a candidate dominated within its own range (another target of the same
 * range with no more {@code T} and no more {@code E}) is never needed for any weighting nor for
 * {@code E*T}; and a column costing more than a known plan (longest valid ranges left to right)
 * cannot be part of an optimal path since all costs are {@code >= 0}. Statistics report
 * {@code candidates} (all (range, target) pairs), {@code columnsAll} (after dominance) and
 * {@code columns} (in the solved model).
 *
 * <p><b>Solvers.</b> {@code ilp-path}: CP-SAT with integer costs {@code w_c = round(cost_c / q)},
 * {@code q = S / 2^44} ({@code S} the known plan's cost). A plan has at most {@code n} columns, so the
 * integer and the real objective differ by at most {@code n*q/2}; the reported bound is CP-SAT's bound
 * times {@code q} minus {@code n*q/2}. OPTIMAL needs CP-SAT's proof and
 * {@code (value - bound)/value <= 1e-9}. {@code ilp-path-scip}: SCIP with the costs divided by
 * {@code S} (so the optimum is about 1), relative MIP gap 0; OPTIMAL needs SCIP's proof and a gap of
 * at most {@code 1e-7} (SCIP's own feasibility and optimality tolerances are {@code 1e-6}/{@code 1e-9}
 * on the normalized problem). EDP: see {@link IlpDriver}.
 *
 * <p>Parameters: time limit (for all weighted solves together), workers (CP-SAT; SCIP runs on one
 * thread), seed (CP-SAT {@code random_seed}, SCIP {@code randomization/randomseedshift}). With one
 * worker the same seed gives the same plan.
 */
public final class PathIlpSolver implements PartitionSolver {
  private final PathFormulation.Backend backend;

  /** The CP-SAT variant ({@code ilp-path}). */
  public PathIlpSolver() {
    this(false);
  }

  /** @param scip true for SCIP through MPSolver ({@code ilp-path-scip}), false for CP-SAT ({@code ilp-path}) */
  public PathIlpSolver(boolean scip) {
    this.backend = scip ? PathFormulation.Backend.SCIP : PathFormulation.Backend.CP_SAT;
  }

  private PathIlpSolver(PathFormulation.Backend backend) {
    this.backend = backend;
  }

  /**
   * The LP relaxation on GLOP ({@code lp-path}): integral because the path model's constraint matrix is a network
   * matrix (totally unimodular, docs/ilp.md); its duals are the certificate's potentials.
   */
  public static PathIlpSolver lp() {
    return new PathIlpSolver(PathFormulation.Backend.GLOP);
  }

  /** The SCIP variant ({@code ilp-path-scip}). */
  public static PathIlpSolver scip() {
    return new PathIlpSolver(true);
  }

  @Override
  public String name() {
    return switch (backend) {
      case SCIP -> "ilp-path-scip";
      case CP_SAT -> "ilp-path";
      case GLOP -> "lp-path";
    };
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("formulation", backend == PathFormulation.Backend.GLOP ? "path LP" : "path");
    stats.put("units", model.units());
    // OR-Tools' native libraries (0.5-0.7 s at a JVM's first solve: they are unpacked from the jar) load on another
    // thread while this one builds the candidate table
    CompletableFuture<Void> natives = new CompletableFuture<>();
    Thread loader = new Thread(() -> {
      try {
        OrTools.load();
        natives.complete(null);
      } catch (Throwable e) {
        natives.completeExceptionally(e);
      }
    }, "or-tools-loader");
    loader.setDaemon(true);
    loader.start();
    Optional<FormulationTables.Candidates> table = FormulationTables.candidates(model, new IlpDriver.Deadline(options.timeLimitSeconds(), t0)::expired);
    stats.put("columnSeconds", (System.nanoTime() - t0) / 1e9);
    if (table.isEmpty()) return IlpDriver.stoppedBuildingTable(name(), objective, stats, t0);
    try {
      natives.join();
    } catch (CompletionException e) {
      // the loader's own error (an UnsatisfiedLinkError, say), as if this thread had loaded the libraries
      if (e.getCause() instanceof Error err) throw err;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw e;
    }
    PathColumns cols = new PathColumns(model, table.get());
    PathFormulation f = new PathFormulation(cols, backend, options, name());
    String method = switch (backend) {
      case SCIP -> "path ILP over (range, target) columns, SCIP";
      case CP_SAT -> "path ILP over (range, target) columns, CP-SAT";
      case GLOP -> "path LP over (range, target) columns, GLOP (integral: network matrix)";
    };
    try {
      return IlpDriver.run(name(), method, model, objective, options, f, stats, t0);
    } finally {
      f.close();
    }
  }
}
