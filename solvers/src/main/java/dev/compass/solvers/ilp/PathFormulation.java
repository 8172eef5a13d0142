package dev.compass.solvers.ilp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import dev.compass.costmodel.PlanCost;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.certificate.Facet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The path formulation of the weighted problem {@code min alpha*T + beta*E} (see {@link PathIlpSolver}
 * for the math), solved by CP-SAT on integer-scaled costs or by SCIP through MPSolver on normalized
 * double costs.
 */
final class PathFormulation implements WeightedFormulation {
  /** Which solver runs the model. */
  enum Backend { CP_SAT, SCIP, GLOP }

  /** CP-SAT cost resolution: costs are integers in units of {@code S / 2^44}. */
  static final double CP_SAT_QUANTA = 0x1p44;
  static final double CP_SAT_TOLERANCE = 1e-9;
  static final double SCIP_TOLERANCE = 1e-7;
  /** GLOP's primal and dual feasibility tolerances on the normalized LP (optimum about 1). */
  static final double GLOP_FEASIBILITY = 1e-10;
  static final double GLOP_TOLERANCE = 1e-8;

  private final PathColumns cols;
  private final Backend backend;
  private final SolverOptions options;
  private final String solverName;

  PathFormulation(PathColumns cols, Backend backend, SolverOptions options, String solverName) {
    this.cols = cols;
    this.backend = backend;
    this.options = options;
    this.solverName = solverName;
  }

  @Override
  public double tolerance() {
    return switch (backend) {
      case CP_SAT -> CP_SAT_TOLERANCE;
      case SCIP -> SCIP_TOLERANCE;
      case GLOP -> GLOP_TOLERANCE;
    };
  }

  /** The plans (chosen columns) of the earlier weighted solves. */
  private final List<List<Integer>> plans = new ArrayList<>();

  /** Columns added to a native model between two deadline checks. */
  private static final int CHECK_EVERY = 4096;
  /** Deadline checks made while building native models (statistic {@code deadlineChecks}). */
  private long deadlineChecks;

  /** Whether a solve that started at {@code t0} with {@code seconds} ({@code <= 0}: none) is out of time. */
  private boolean late(long t0, double seconds) {
    deadlineChecks++;
    return seconds > 0 && (System.nanoTime() - t0) / 1e9 >= seconds;
  }

  /** The time limit passed while building the native model: no plan, no bound. */
  private Weighted stoppedBuilding(Map<String, Object> stats) {
    stats.put("stoppedWhile", "building the " + backend + " model");
    stats.put("deadlineChecks", deadlineChecks);
    return Weighted.stopped(stats);
  }

  @Override
  public Weighted solve(double alpha, double beta, double seconds) {
    OrTools.load();
    long t0 = System.nanoTime();
    List<Integer> hint = new ArrayList<>();
    double upper = cols.heuristic(alpha, beta, hint);
    Map<String, Object> stats = new LinkedHashMap<>();
    // the plans of earlier weighted solves (EDP's hull points) are plans too: the cheapest under these weights, if
    // cheaper than the greedy cover, is the known plan (upper bound, column reduction and hint)
    String known = "greedy cover";
    for (List<Integer> p : plans) {
      double v = 0;
      for (int c : p) v += cols.cost(c, alpha, beta);
      if (v < upper) {
        upper = v;
        hint = p;
        known = "an earlier weighted solve's plan";
      }
    }
    stats.put("knownPlan", known);
    stats.put("candidates", cols.all);
    stats.put("columnsAll", cols.size);
    if (!Double.isFinite(upper)) {
      // the longest valid range from some unit has no column only when that unit alone does not fit:
      // proven infeasible, reported as the other infeasible outcomes are (bound +Infinity)
      stats.put("columns", 0);
      return Weighted.infeasible(stats);
    }
    // Columns costing more than a known plan cannot be in an optimal plan (all costs are >= 0); the LP keeps
    // them all, so that its duals price every column (the certificate checks every candidate)
    double keep = backend == Backend.GLOP ? Double.POSITIVE_INFINITY : upper * (1 + 1e-9);
    List<Integer> used = new ArrayList<>();
    for (int c = 0; c < cols.size; c++) if (cols.cost(c, alpha, beta) <= keep) used.add(c);
    stats.put("columns", used.size());
    stats.put("constraints", cols.units);
    stats.put("upperBoundHeuristic", upper);
    double scale = upper > 0 ? upper : 1;
    return switch (backend) {
      case CP_SAT -> cpSat(alpha, beta, seconds, used, hint, scale, stats, t0);
      case SCIP -> scip(alpha, beta, seconds, used, hint, scale, stats, t0);
      case GLOP -> glop(alpha, beta, seconds, used, scale, stats, t0);
    };
  }

  /**
   * The LP relaxation ({@code 0 <= x_c}) on GLOP: the constraint matrix is a network matrix, so GLOP's basic
   * optimal solution is integral; its duals {@code y_v} of the balance rows (with {@code y_U = 0}) are potentials,
   * {@code pi_(j+1) - pi_i <= cost_c} being column c's dual constraint. Proven when GLOP ends OPTIMAL, the primal
   * is integral (within 1e-9) and the duals' value {@code pi_U - pi_0} meets the plan's cost within the tolerance.
   */
  /** lp-path's model, built at the first weighted solve and re-solved with each new objective (GLOP warm-starts). */
  private MPSolver glop;
  private MPConstraint[] glopBalance;
  private MPVariable[] glopX;

  /** Releases the native LP model (lp-path); the formulation must not be used afterwards. */
  void close() {
    if (glop != null) glop.delete();
    glop = null;
  }

  private Weighted glop(double alpha, double beta, double seconds, List<Integer> used, double scale, Map<String, Object> stats, long t0) {
    int n = cols.units;
    boolean fresh = glop == null;
    if (fresh) {
      glop = MPSolver.createSolver("GLOP");
      if (glop == null) throw new IllegalStateException("OR-Tools was built without GLOP");
      glopBalance = new MPConstraint[n];
      glopBalance[0] = glop.makeConstraint(-1, -1);
      for (int v = 1; v < n; v++) glopBalance[v] = glop.makeConstraint(0, 0);
      glopX = new MPVariable[used.size()];
      for (int q = 0; q < used.size(); q++) {
        if (q % CHECK_EVERY == 0 && late(t0, seconds)) {
          close(); // a partial model is of no use to the next weighted solve
          return stoppedBuilding(stats);
        }
        int c = used.get(q);
        glopX[q] = glop.makeNumVar(0, Double.POSITIVE_INFINITY, "x" + c);
        glopBalance[cols.first(c)].setCoefficient(glopX[q], -1);
        if (cols.last(c) + 1 < n) glopBalance[cols.last(c) + 1].setCoefficient(glopX[q], 1);
      }
      // dual simplex: every cost is >= 0, so the all-slack starting basis is already dual feasible and the dual
      // simplex needs about one iteration per row; preprocessing off: nothing to remove in a network matrix
      // (gpt2_xl/compass-m latency: 12.0 s -> 8.2 s; vit_b_16/compass-m EDP 4.0 s -> 1.4 s; docs/ilp.md)
      glop.setSolverSpecificParametersAsString("primal_feasibility_tolerance: " + GLOP_FEASIBILITY
          + " dual_feasibility_tolerance: " + GLOP_FEASIBILITY + " random_seed: " + Math.floorMod(options.seed(), 1 << 30)
          + " use_dual_simplex: true use_preprocessing: false");
    }
    // every weighted solve keeps all columns (keep = +Infinity above), so the model only changes its objective;
    // GLOP re-solves from the previous optimal basis
    MPSolver s = glop;
    MPVariable[] x = glopX;
    MPObjective obj = s.objective();
    for (int q = 0; q < used.size(); q++) {
      if (q % CHECK_EVERY == 0 && late(t0, seconds)) return stoppedBuilding(stats);
      obj.setCoefficient(x[q], cols.cost(used.get(q), alpha, beta) / scale);
    }
    obj.setMinimization();
    s.setTimeLimit(seconds > 0 ? Math.max(1, (long) ((seconds - (System.nanoTime() - t0) / 1e9) * 1000)) : Long.MAX_VALUE / 4);
    stats.put("deadlineChecks", deadlineChecks);
    long s0 = System.nanoTime();
    MPSolver.ResultStatus st = s.solve();
    stats.put("backend", "GLOP " + s.solverVersion());
    stats.put("variables", used.size());
    stats.put("warmStart", !fresh);
    stats.put("lpIterations", s.iterations());
    stats.put("solverSeconds", (System.nanoTime() - s0) / 1e9);
    stats.put("weightedSolveSeconds", (System.nanoTime() - t0) / 1e9);
    stats.put("glopStatus", st.toString());
    stats.put("dualMethod", "GLOP duals of the path LP");
    if (st == MPSolver.ResultStatus.INFEASIBLE) return Weighted.infeasible(stats);
    if (st != MPSolver.ResultStatus.OPTIMAL) return Weighted.stopped(stats);
    List<Integer> chosen = new ArrayList<>();
    double fractional = 0;
    for (int q = 0; q < used.size(); q++) {
      double v = x[q].solutionValue();
      fractional = Math.max(fractional, Math.min(Math.abs(v), Math.abs(1 - v)));
      if (v > 0.5) chosen.add(used.get(q));
    }
    stats.put("maxFractionality", fractional);
    double[] pi = new double[n + 1];
    for (int v = 0; v < n; v++) pi[v] = glopBalance[v].dualValue() * scale;
    pi[n] = 0;
    double bound = pi[n] - pi[0];
    stats.put("lpObjective", obj.value() * scale);
    stats.put("rootBound", bound);
    options.progress().report(solverName, obj.value() * scale, bound, (System.nanoTime() - t0) / 1e9);
    Weighted w = result(chosen, alpha, beta, bound, fractional <= 1e-9, false, stats);
    return w.proven() ? withFacet(w, new Facet(alpha, beta, pi)) : w;
  }

  /** SCIP's node limit from {@link SolverOptions.Limits#nodes()} (a parameter line, or empty). */
  static String scipNodeLimit(SolverOptions options) {
    return options.limits().nodes() > 0 ? "limits/nodes = " + options.limits().nodes() + "\n" : "";
  }

  private static Weighted withFacet(Weighted w, Facet f) {
    return new Weighted(w.cost(), w.modelLatency(), w.modelEnergy(), w.bound(), w.proven(), w.timedOut(), w.infeasible(), w.statistics(),
        Optional.of(f));
  }

  // flow conservation: out(0) = 1; in(v) = out(v) for 0 < v < n (in(n) = 1 follows)
  private Weighted cpSat(double alpha, double beta, double seconds, List<Integer> used, List<Integer> hint, double scale,
      Map<String, Object> stats, long t0) {
    CpModel m = new CpModel();
    int n = cols.units;
    double quantum = scale / CP_SAT_QUANTA;
    Literal[] x = new Literal[used.size()];
    long[] w = new long[used.size()];
    LinearExprBuilder[] balance = new LinearExprBuilder[n];
    for (int v = 0; v < n; v++) balance[v] = LinearExpr.newBuilder();
    LinearExprBuilder obj = LinearExpr.newBuilder();
    java.util.Set<Integer> hinted = new java.util.HashSet<>(hint);
    for (int q = 0; q < used.size(); q++) {
      if (q % CHECK_EVERY == 0 && late(t0, seconds)) return stoppedBuilding(stats);
      int c = used.get(q);
      x[q] = m.newBoolVar("x" + c);
      w[q] = Math.round(cols.cost(c, alpha, beta) / quantum);
      obj.addTerm(x[q], w[q]);
      balance[cols.first(c)].addTerm(x[q], -1);
      if (cols.last(c) + 1 < n) balance[cols.last(c) + 1].addTerm(x[q], 1);
      m.addHint(x[q], hinted.contains(c));
    }
    m.addEquality(balance[0], -1);
    for (int v = 1; v < n; v++) m.addEquality(balance[v], 0);
    m.minimize(obj);
    CpSolver s = new CpSolver();
    s.getParameters().setNumWorkers(options.workers()).setRandomSeed((int) options.seed()).setLogSearchProgress(false)
        // probing only costs time here: the LP relaxation of a shortest path is already integral
        // (measured on squeezenet1_0/compass-l: 27 s with the default probing level, 8 s without)
        .setCpModelProbingLevel(0)
        // presolve finds nothing to remove in a network matrix and costs a model copy (docs/ilp.md)
        .setCpModelPresolve(false)
        // all balance rows in the root LP from the start, and the root LP solved to its (integral) optimum: lazily
        // added rows and the default 2000 root iterations gave a root bound of 3% of the optimum on resnet50/compass-s
        .setAddLpConstraintsLazily(false)
        .setRootLpIterations(1_000_000)
        // the LP's floating point leaves the bound a few thousand quanta (of 2^44 per plan cost) below the optimum,
        // which CP-SAT then closed by fixing every Boolean at the root (5 s on resnet50/compass-s latency); the
        // proof needs only CP_SAT_TOLERANCE (1e-9), so stop at a tenth of it
        .setRelativeGapLimit(CP_SAT_TOLERANCE / 10)
        // the hint is a complete plan, which CP-SAT takes as its first solution anyway; its "hint search" then re-derived
        // it by search (0.7 s of each 1 s solve on resnet50/compass-l)
        .setHintConflictLimit(0);
    if (seconds > 0) s.getParameters().setMaxTimeInSeconds(Math.max(1e-3, seconds - (System.nanoTime() - t0) / 1e9));
    stats.put("deadlineChecks", deadlineChecks);
    if (options.limits().deterministicSeconds() > 0) s.getParameters().setMaxDeterministicTime(options.limits().deterministicSeconds());
    double slack = n * quantum / 2; // rounding: at most n columns, each off by at most half a quantum
    CpSolverSolutionCallback cb = new CpSolverSolutionCallback() {
      @Override
      public void onSolutionCallback() {
        options.progress().report(solverName, objectiveValue() * quantum, bestObjectiveBound() * quantum - slack,
            (System.nanoTime() - t0) / 1e9);
      }
    };
    CpSolverStatus st = s.solve(m, cb);
    stats.put("backend", "CP-SAT");
    stats.put("variables", used.size());
    stats.put("costQuantum", quantum);
    stats.put("branches", s.numBranches());
    stats.put("conflicts", s.numConflicts());
    stats.put("solverSeconds", s.wallTime());
    stats.put("cpSatStatus", st.toString());
    if (st == CpSolverStatus.INFEASIBLE) {
      return Weighted.infeasible(stats);
    }
    if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
      return Weighted.stopped(stats);
    }
    List<Integer> chosen = new ArrayList<>();
    for (int q = 0; q < used.size(); q++) if (s.booleanValue(x[q])) chosen.add(used.get(q));
    double bound = s.bestObjectiveBound() * quantum - slack;
    return result(chosen, alpha, beta, bound, st == CpSolverStatus.OPTIMAL, st != CpSolverStatus.OPTIMAL, stats);
  }

  private Weighted scip(double alpha, double beta, double seconds, List<Integer> used, List<Integer> hint, double scale,
      Map<String, Object> stats, long t0) {
    MPSolver s = MPSolver.createSolver("SCIP");
    if (s == null) throw new IllegalStateException("OR-Tools was built without SCIP");
    try {
      int n = cols.units;
      MPConstraint[] balance = new MPConstraint[n];
      balance[0] = s.makeConstraint(-1, -1);
      for (int v = 1; v < n; v++) balance[v] = s.makeConstraint(0, 0);
      MPObjective obj = s.objective();
      MPVariable[] x = new MPVariable[used.size()];
      java.util.Set<Integer> hinted = new java.util.HashSet<>(hint);
      double[] hv = new double[used.size()];
      for (int q = 0; q < used.size(); q++) {
        if (q % CHECK_EVERY == 0 && late(t0, seconds)) return stoppedBuilding(stats);
        int c = used.get(q);
        x[q] = s.makeBoolVar("x" + c);
        obj.setCoefficient(x[q], cols.cost(c, alpha, beta) / scale);
        balance[cols.first(c)].setCoefficient(x[q], -1);
        if (cols.last(c) + 1 < n) balance[cols.last(c) + 1].setCoefficient(x[q], 1);
        hv[q] = hinted.contains(c) ? 1 : 0;
      }
      obj.setMinimization();
      s.setHint(x, hv);
      // presolve is capped: on these shortest-path models it can run hundreds of rounds that remove one
      // column each and do not check the time limit (resnet18/compass-s energy: minutes); the LP is integral anyway
      s.setSolverSpecificParametersAsString("randomization/randomseedshift = " + Math.floorMod(options.seed(), 1 << 30) + "\n"
          + "presolving/maxrounds = 3\n" + scipNodeLimit(options));
      if (seconds > 0) s.setTimeLimit(Math.max(1, (long) ((seconds - (System.nanoTime() - t0) / 1e9) * 1000)));
      stats.put("deadlineChecks", deadlineChecks);
      MPSolverParameters p = new MPSolverParameters();
      p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
      MPSolver.ResultStatus st = s.solve(p);
      stats.put("backend", "SCIP " + s.solverVersion());
      stats.put("variables", used.size());
      stats.put("nodes", s.nodes());
      stats.put("lpIterations", s.iterations());
      stats.put("solverSeconds", s.wallTime() / 1000.0);
      stats.put("scipStatus", st.toString());
      if (st == MPSolver.ResultStatus.INFEASIBLE) {
        return Weighted.infeasible(stats);
      }
      if (st != MPSolver.ResultStatus.OPTIMAL && st != MPSolver.ResultStatus.FEASIBLE) {
        return Weighted.stopped(stats);
      }
      List<Integer> chosen = new ArrayList<>();
      for (int q = 0; q < used.size(); q++) if (x[q].solutionValue() > 0.5) chosen.add(used.get(q));
      // SCIP reports an infinite bound as +-1e20 (its infinity): no bound then, not a number
      double bound = Math.abs(obj.bestBound()) >= 1e19 ? Double.NEGATIVE_INFINITY : obj.bestBound() * scale;
      options.progress().report(solverName, obj.value() * scale, bound, (System.nanoTime() - t0) / 1e9);
      return result(chosen, alpha, beta, bound, st == MPSolver.ResultStatus.OPTIMAL, st != MPSolver.ResultStatus.OPTIMAL, stats);
    } finally {
      s.delete();
    }
  }

  private Weighted result(List<Integer> chosen, double alpha, double beta, double bound, boolean solverOptimal, boolean timedOut,
      Map<String, Object> stats) {
    double t = 0;
    double e = 0;
    for (int c : chosen) {
      t += cols.latency(c);
      e += cols.energy(c);
    }
    PlanCost cost = cols.plan(chosen);
    plans.add(List.copyOf(chosen));
    stats.put("partitions", chosen.size());
    double value = alpha * cost.latencySeconds() + beta * cost.energyJoules();
    boolean proven = solverOptimal && value - bound <= tolerance() * Math.abs(value);
    if (backend == Backend.GLOP) return new Weighted(Optional.of(cost), t, e, bound, proven, timedOut, false, stats);
    stats.put("dualMethod", "DAG labels of the path columns (the path LP's dual)");
    // the path LP's optimum (its root relaxation: integral, so the root gap is 0 up to the solver's tolerance) is
    // the labels' pi_U; the proof of a MIP solver is its search tree, its checkable form that same LP dual
    double[] pi = cols.labels(alpha, beta);
    stats.put("rootBound", pi[pi.length - 1] - pi[0]);
    Weighted w = new Weighted(Optional.of(cost), t, e, bound, proven, timedOut, false, stats);
    if (!proven) return w;
    for (double p : pi) if (!Double.isFinite(p)) return w;
    return withFacet(w, new Facet(alpha, beta, pi));
  }
}
