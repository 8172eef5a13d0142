package dev.compass.solvers.ilp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
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

  /** The LP (GLOP's simplex) stops without a plan or a bound; the MIP backends keep their incumbent and bound. */
  @Override
  public boolean anytime() {
    return backend != Backend.GLOP;
  }

  /** The plans (chosen columns) of the earlier weighted solves. */
  private final List<List<Integer>> plans = new ArrayList<>();

  /** Columns added to a native model between two deadline checks. */
  private static final int CHECK_EVERY = 4096;
  /** Deadline checks made while building native models (statistic {@code deadlineChecks}). */
  private long deadlineChecks;

  /** Whether a solve that started at {@code t0} with {@code seconds} ({@code <= 0}: none) is out of time (counted). */
  private boolean late(long t0, double seconds) {
    deadlineChecks++;
    return new IlpDriver.Deadline(seconds, t0).expired();
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
    stats.put("constraints", cols.units);
    stats.put("upperBoundHeuristic", upper);
    double scale = upper > 0 ? upper : 1;
    if (backend == Backend.GLOP) return glop(alpha, beta, seconds, hint, scale, stats, t0);
    double keep = upper * (1 + 1e-9);
    List<Integer> used = new ArrayList<>();
    for (int c = 0; c < cols.size; c++) if (cols.cost(c, alpha, beta) <= keep) used.add(c);
    stats.put("columns", used.size());
    return switch (backend) {
      case CP_SAT -> cpSat(alpha, beta, seconds, used, hint, scale, stats, t0);
      case SCIP -> scip(alpha, beta, seconds, used, hint, scale, stats, t0);
      case GLOP -> throw new AssertionError("solved above");
    };
  }

  /** lp-path's restricted master, built at the first weighted solve and kept for the later ones (GLOP warm-starts). */
  private MPSolver glop;
  private MPConstraint[] glopBalance;
  private final List<MPVariable> glopX = new ArrayList<>();
  /** Table entries of {@link #glopX}, in the same order. */
  private final List<Integer> glopCols = new ArrayList<>();
  private boolean[] inMaster;
  /** A column enters the restricted master when its reduced cost (normalized costs, optimum about 1) is below minus this. */
  static final double PRICE_TOL = 1e-12;

  /** Releases the native LP model (lp-path); the formulation must not be used afterwards. */
  void close() {
    if (glop != null) glop.delete();
    glop = null;
  }

  /** Adds column {@code c} to the restricted master unless it is there already ({@code c < 0}: none); true if added. */
  private boolean addToMaster(int c) {
    if (c < 0 || inMaster[c]) return false;
    MPVariable v = glop.makeNumVar(0, Double.POSITIVE_INFINITY, "x" + c);
    glopBalance[cols.first(c)].setCoefficient(v, -1);
    if (cols.last(c) + 1 < cols.units) glopBalance[cols.last(c) + 1].setCoefficient(v, 1);
    glopX.add(v);
    glopCols.add(c);
    inMaster[c] = true;
    return true;
  }

  /**
   * Adds, per first unit and per last unit, the column of least cost per unit covered under these weights: a guess at
   * long cheap ranges for the restricted master. Only a starting set: pricing decides optimality. It saves pricing
   * rounds and simplex iterations (the A/B on gpt2_xl/compass-m is in docs/ilp.md, "Why a pricing round cost"; the
   * kept configuration's {@code pricingRounds} and {@code lpIterations} are in the statistics of
   * {@code compass partition --model gpt2_xl --hw compass-m --solver lp-path --json}).
   */
  private void addCheapestPerUnit(double alpha, double beta) {
    BestPerEnd best = new BestPerEnd(cols.units + 1, Double.POSITIVE_INFINITY);
    for (int c = 0; c < cols.size; c++) {
      best.offer(c, cols.first(c), cols.last(c) + 1, cols.cost(c, alpha, beta) / (cols.last(c) - cols.first(c) + 1));
    }
    for (int c : best.tailCol) addToMaster(c);
    for (int c : best.headCol) addToMaster(c);
  }

  /** Per position, the column of least value among those offered with it as tail (first unit) and as head (last unit + 1). */
  private static final class BestPerEnd {
    final double[] tailV;
    final double[] headV;
    final int[] tailCol;
    final int[] headCol;

    /** Only values below {@code above} count. */
    BestPerEnd(int positions, double above) {
      tailV = new double[positions];
      headV = new double[positions];
      tailCol = new int[positions];
      headCol = new int[positions];
      java.util.Arrays.fill(tailV, above);
      java.util.Arrays.fill(headV, above);
      java.util.Arrays.fill(tailCol, -1);
      java.util.Arrays.fill(headCol, -1);
    }

    void offer(int c, int tail, int head, double v) {
      if (v < tailV[tail]) {
        tailV[tail] = v;
        tailCol[tail] = c;
      }
      if (v < headV[head]) {
        headV[head] = v;
        headCol[head] = c;
      }
    }
  }

  private void glopParameters() {
    // primal simplex: adding columns or changing costs keeps the basis primal feasible. No preprocessing: nothing to
    // remove in a network matrix, and it would discard the basis.
    // Dantzig pricing in both phases: with GLOP's default (steepest edge) every re-solve after new columns entered
    // recomputed the edge norms of the whole master, even when the round made one simplex iteration; Dantzig needs more
    // iterations, each much cheaper (a network basis is a tree). The measurements behind both choices (gpt2_xl/compass-m)
    // are in docs/ilp.md ("Solving: column generation", "Why a pricing round cost")
    glop.setSolverSpecificParametersAsString("primal_feasibility_tolerance: " + GLOP_FEASIBILITY
        + " dual_feasibility_tolerance: " + GLOP_FEASIBILITY + " random_seed: " + Math.floorMod(options.seed(), 1 << 30)
        + " use_dual_simplex: false use_preprocessing: false feasibility_rule: DANTZIG optimization_rule: DANTZIG");
  }

  /**
   * The LP relaxation ({@code 0 <= x_c}) on GLOP by column generation: the constraint matrix is a network matrix, so
   * GLOP's basic optimal solution is integral; its duals {@code y_v} of the balance rows (with {@code y_U = 0}) are
   * potentials, {@code pi_(j+1) - pi_i <= cost_c} being column c's dual constraint.
   *
   * <p>The restricted master holds a subset of the columns (at first the known plan, every single-unit range at its
   * cheapest target, so that every row has a path through it, and per first unit and per last unit the column of least
   * cost per unit covered; each later weighted solve adds its known plan and those columns for its weights). After each
   * GLOP solve every column of the table is priced with the duals: reduced cost {@code rc_c = cost_c - (y_(j+1) - y_i)}. Columns with {@code rc_c < -PRICE_TOL}
   * (per head row and per tail row the most negative one) enter and GLOP re-solves from its basis (primal simplex with
   * Dantzig pricing: the basis stays primal feasible when columns are added, and no edge norms are recomputed). When no column prices out, the duals satisfy every column's
   * dual constraint, so the restricted optimum is the full LP's optimum (LP duality; no column is ever dropped for its
   * cost, and no DP value is used). EDP's later weighted solves keep the restricted master and change its objective.
   * Proven when GLOP ends OPTIMAL, pricing found no column, the primal is integral (within 1e-9) and the duals' value
   * {@code pi_U - pi_0} meets the plan's cost within the tolerance.
   */
  private Weighted glop(double alpha, double beta, double seconds, List<Integer> hint, double scale, Map<String, Object> stats,
      long t0) {
    int n = cols.units;
    boolean fresh = glop == null;
    long b0 = System.nanoTime();
    // the restricted master is small (about 2n columns): one check before building it and one after
    if (late(t0, seconds)) return stoppedBuilding(stats);
    if (fresh) {
      glop = MPSolver.createSolver("GLOP");
      if (glop == null) throw new IllegalStateException("OR-Tools was built without GLOP");
      glopBalance = new MPConstraint[n];
      glopBalance[0] = glop.makeConstraint(-1, -1);
      for (int v = 1; v < n; v++) glopBalance[v] = glop.makeConstraint(0, 0);
      inMaster = new boolean[cols.size];
      for (int c : hint) addToMaster(c);
      for (int u = 0; u < n; u++) addToMaster(cols.table.cheapest(u, u, alpha, beta));
      glopParameters();
    } else {
      for (int c : hint) addToMaster(c);
    }
    addCheapestPerUnit(alpha, beta);
    if (late(t0, seconds)) return stoppedBuilding(stats);
    MPSolver s = glop;
    MPObjective obj = s.objective();
    for (int q = 0; q < glopX.size(); q++) obj.setCoefficient(glopX.get(q), cols.cost(glopCols.get(q), alpha, beta) / scale);
    obj.setMinimization();
    stats.put("buildSeconds", (System.nanoTime() - b0) / 1e9);
    long iterations = 0;
    int rounds = 0;
    double solverSeconds = 0;
    double pricingSeconds = 0;
    double[] y = new double[n + 1];
    MPSolver.ResultStatus st;
    while (true) {
      if (late(t0, seconds)) return stoppedSolving(stats, rounds, iterations);
      s.setTimeLimit(seconds > 0 ? (long) (new IlpDriver.Deadline(seconds, t0).left() * 1000) : Long.MAX_VALUE / 4);
      long s0 = System.nanoTime();
      st = s.solve();
      solverSeconds += (System.nanoTime() - s0) / 1e9;
      iterations += s.iterations();
      rounds++;
      if (st != MPSolver.ResultStatus.OPTIMAL) break;
      // pricing: every column of the table against the restricted master's duals
      long p0 = System.nanoTime();
      for (int v = 0; v < n; v++) y[v] = glopBalance[v].dualValue();
      y[n] = 0;
      BestPerEnd best = new BestPerEnd(n + 1, -PRICE_TOL);
      for (int c = 0; c < cols.size; c++) {
        if (inMaster[c]) continue;
        int i = cols.first(c);
        int h = cols.last(c) + 1;
        best.offer(c, i, h, cols.cost(c, alpha, beta) / scale - (y[h] - y[i]));
      }
      int added = 0;
      for (int v = 0; v <= n; v++) {
        for (int c : new int[] {best.headCol[v], best.tailCol[v]}) {
          if (addToMaster(c)) {
            obj.setCoefficient(glopX.get(glopX.size() - 1), cols.cost(c, alpha, beta) / scale);
            added++;
          }
        }
      }
      pricingSeconds += (System.nanoTime() - p0) / 1e9;
      if (added == 0) break;
    }
    stats.put("deadlineChecks", deadlineChecks);
    stats.put("backend", "GLOP " + s.solverVersion());
    stats.put("columns", glopX.size());
    stats.put("variables", glopX.size());
    stats.put("warmStart", !fresh);
    stats.put("pricingRounds", rounds);
    stats.put("pricingSeconds", pricingSeconds);
    stats.put("lpIterations", iterations);
    stats.put("solverSeconds", solverSeconds);
    stats.put("weightedSolveSeconds", (System.nanoTime() - t0) / 1e9);
    stats.put("glopStatus", st.toString());
    stats.put("dualMethod", "GLOP duals of the path LP (column generation)");
    if (st == MPSolver.ResultStatus.INFEASIBLE) return Weighted.infeasible(stats);
    if (st != MPSolver.ResultStatus.OPTIMAL) return Weighted.stopped(stats);
    List<Integer> chosen = new ArrayList<>();
    double fractional = 0;
    for (int q = 0; q < glopX.size(); q++) {
      double v = glopX.get(q).solutionValue();
      fractional = Math.max(fractional, Math.min(Math.abs(v), Math.abs(1 - v)));
      if (v > 0.5) chosen.add(glopCols.get(q));
    }
    stats.put("maxFractionality", fractional);
    double[] pi = new double[n + 1];
    for (int v = 0; v < n; v++) pi[v] = y[v] * scale;
    pi[n] = 0;
    double bound = pi[n] - pi[0];
    stats.put("lpObjective", obj.value() * scale);
    stats.put("rootBound", bound);
    options.progress().report(solverName, obj.value() * scale, bound, (System.nanoTime() - t0) / 1e9);
    Weighted w = result(chosen, alpha, beta, bound, fractional <= 1e-9, false, stats);
    return w.proven() ? withFacet(w, new Facet(alpha, beta, pi)) : w;
  }

  /** The time limit passed between two pricing rounds: the restricted master's plan proves nothing; no plan, no bound. */
  private Weighted stoppedSolving(Map<String, Object> stats, int rounds, long iterations) {
    stats.put("stoppedWhile", "column generation (pricing round " + (rounds + 1) + ")");
    stats.put("pricingRounds", rounds);
    stats.put("lpIterations", iterations);
    stats.put("deadlineChecks", deadlineChecks);
    return Weighted.stopped(stats);
  }

  private static Weighted withFacet(Weighted w, Facet f) {
    return new Weighted(w.cost(), w.modelLatency(), w.modelEnergy(), w.bound(), w.proven(), w.timedOut(), w.infeasible(), w.statistics(),
        Optional.of(f));
  }

  // flow conservation: out(0) = 1; in(v) = out(v) for 0 < v < n (in(n) = 1 follows)
  private Weighted cpSat(double alpha, double beta, double seconds, List<Integer> used, List<Integer> hint, double scale,
      Map<String, Object> stats, long t0) {
    long m0 = System.nanoTime();
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
    // CP-SAT's clock starts after CpSolver.solve() has copied the model, and the plan is re-evaluated and labelled after
    // it returns; both scale with the model: reserve 1.5 times the model's build time for them (measured on gpt2_xl/
    // compass-m latency, 368,706 columns: build 0.87 s, copy 0.54 s, after 0.3 s; CP-SAT ran to its limit and the
    // solve ended 0.7 s past the time limit before this reserve)
    double build = (System.nanoTime() - m0) / 1e9;
    stats.put("buildSeconds", build);
    double reserve = 1.5 * build;
    stats.put("cpSatReserveSeconds", reserve);
    if (seconds > 0) s.getParameters().setMaxTimeInSeconds(Math.max(1e-3, new IlpDriver.Deadline(seconds, t0).left() - reserve));
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
    long c0 = System.nanoTime();
    CpSolverStatus st = s.solve(m, cb);
    stats.put("cpSatCallSeconds", (System.nanoTime() - c0) / 1e9); // CpSolver.solve() as a whole: the model's copy included
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
      // stopped before its first solution: the known plan (the hint, a complete plan) is still a plan, re-evaluated by
      // the cost model; no bound (CP-SAT's is not reported without a solution) and no labels (they cost time past the
      // limit). gpt2_xl/compass-m latency with --time-limit 3: CP-SAT had 0.42 s and returned UNKNOWN
      stats.put("stoppedWhile", "CP-SAT's search, before its first solution (the plan: the known plan, "
          + stats.get("knownPlan") + ")");
      return known(hint, stats);
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
    long m0 = System.nanoTime();
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
      // no presolve: on these shortest-path models it can run hundreds of rounds that remove one column each and do not
      // check the time limit (resnet18/compass-s energy: minutes); capped at 3 rounds it removed 222 of 51,108 columns in
      // 0.5 s of each 1.6 s root solve (resnet50/compass-l latency; SCIP's log), and the LP is integral anyway. EDP
      // there (6 weighted solves, each proven at the root): 12.6 s -> 9.2 s at load 3
      stats.put("deadlineChecks", deadlineChecks);
      stats.put("backend", "SCIP " + s.solverVersion());
      stats.put("variables", used.size());
      double build = (System.nanoTime() - m0) / 1e9;
      stats.put("buildSeconds", build);
      long c0 = System.nanoTime();
      // SCIP's copy of the model and reading 1 value per column after it scale with the model: 2.5 builds are reserved
      // for them (gpt2_xl/compass-m latency, 368,706 columns: build 0.37 s, copy 0.67 s, after 0.2 s; the solve ended
      // 0.85 s past a 10 s limit before this reserve, and 2.1 s past it while the model was freed before the answer)
      double reserve = 2.5 * build;
      stats.put("scipReserveSeconds", reserve);
      MPSolver.ResultStatus st = OrTools.solveScip(s, options, "presolving/maxrounds = 0\n", seconds, t0, reserve, stats);
      stats.put("scipCallSeconds", (System.nanoTime() - c0) / 1e9); // MPSolver.solve() as a whole: the copy included
      if (st == MPSolver.ResultStatus.INFEASIBLE) {
        return Weighted.infeasible(stats);
      }
      if (st != MPSolver.ResultStatus.OPTIMAL && st != MPSolver.ResultStatus.FEASIBLE) {
        return Weighted.stopped(stats);
      }
      List<Integer> chosen = new ArrayList<>();
      for (int q = 0; q < used.size(); q++) if (x[q].solutionValue() > 0.5) chosen.add(used.get(q));
      double bound = OrTools.scipBound(obj, st, scale, stats);
      options.progress().report(solverName, obj.value() * scale, bound, (System.nanoTime() - t0) / 1e9);
      return result(chosen, alpha, beta, bound, st == MPSolver.ResultStatus.OPTIMAL, st != MPSolver.ResultStatus.OPTIMAL, stats);
    } finally {
      OrTools.freeLater(s); // gpt2_xl/compass-m, 368,706 columns: freeing took a second of the answer's time
    }
  }

  /** The known plan {@code chosen} as a FEASIBLE answer without a bound (a solve stopped before the solver had a plan). */
  Weighted known(List<Integer> chosen, Map<String, Object> stats) {
    return planned(chosen, cols.plan(chosen), Double.NEGATIVE_INFINITY, false, true, stats);
  }

  /**
   * The plan {@code chosen}, whose cost-model evaluation is {@code cost}, with its T and E summed over its columns and
   * {@code bound}; kept as a known plan for later weighted solves.
   */
  private Weighted planned(List<Integer> chosen, PlanCost cost, double bound, boolean proven, boolean timedOut,
      Map<String, Object> stats) {
    double t = 0;
    double e = 0;
    for (int c : chosen) {
      t += cols.latency(c);
      e += cols.energy(c);
    }
    plans.add(List.copyOf(chosen));
    stats.put("partitions", chosen.size());
    return new Weighted(Optional.of(cost), t, e, bound, proven, timedOut, false, stats);
  }

  private Weighted result(List<Integer> chosen, double alpha, double beta, double bound, boolean solverOptimal, boolean timedOut,
      Map<String, Object> stats) {
    PlanCost cost = cols.plan(chosen);
    double value = alpha * cost.latencySeconds() + beta * cost.energyJoules();
    boolean proven = solverOptimal && value - bound <= tolerance() * Math.abs(value);
    double[] pi = null;
    if (backend != Backend.GLOP) {
      stats.put("dualMethod", "DAG labels of the path columns (the path LP's dual)");
      // the path LP's optimum (its root relaxation: integral, so the root gap is 0 up to the solver's tolerance) is
      // the labels' pi_U; the proof of a MIP solver is its search tree, its checkable form that same LP dual
      pi = cols.labels(alpha, beta);
      stats.put("rootBound", pi[pi.length - 1] - pi[0]);
    }
    Weighted w = planned(chosen, cost, bound, proven, timedOut, stats);
    if (pi == null || !proven) return w;
    for (double p : pi) if (!Double.isFinite(p)) return w;
    return withFacet(w, new Facet(alpha, beta, pi));
  }
}
