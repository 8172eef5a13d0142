package dev.compass.solvers.cp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.Certificate;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.SolverStatistics;
import dev.compass.solvers.Status;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.ilp.IlpDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.chocosolver.solver.ParallelPortfolio;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.exception.ContradictionException;
import org.chocosolver.solver.search.SearchState;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.search.strategy.selectors.values.IntDomainRandom;
import org.chocosolver.solver.search.strategy.selectors.values.IntValueSelector;
import org.chocosolver.solver.search.strategy.selectors.variables.InputOrder;
import org.chocosolver.solver.search.strategy.strategy.AbstractStrategy;
import org.chocosolver.solver.search.limits.FailCounter;
import org.chocosolver.solver.Solution;
import org.chocosolver.solver.variables.IntVar;

/**
 * Constraint programming (Choco 4.10) over the compact formulation of FORMULATION.md §4–5; CLI name
 * {@code cp-compact} (the textbook compact model, kept beside {@link CostRegularSolver}, {@code cp}). The model, its scaling and the search are documented in {@code docs/cp.md}; in short:
 *
 * <p><b>Variables</b> (per unit {@code u = 0..n-1}): cut {@code c_u in {0,1}} (a partition starts at
 * {@code u}; {@code c_0 = 1}); target index {@code tau_u in [0, M)} into the sorted distinct candidate
 * bottlenecks {@code v_0 < ... < v_{M-1}} (every stage's level times {@code t_s(d)}); partition start
 * {@code st_u in [minFirst(u), u]}. A partition ends at {@code u} when {@code e_u = c_{u+1} = 1}. Every
 * coefficient comes from costmodel's {@code CompactTables} ({@link CpTables}).
 *
 * <p><b>Constraints</b> (FORMULATION.md §4, version 2).
 * <pre>
 *   c_{u+1} = 0  ->  tau_u = tau_{u+1}                      (one target per partition)
 *   st_u = c_u ? u : st_{u-1}                                (validity: st_u >= minFirst(u))
 *   d_u  = element(D_{s(u)}, tau_u),  D_s(k) = min{d : t_s(d) <= v_k}   (replication implied by the target)
 *   g_u  = a_u + (c_u or u = first(s) ? 0 : g_{u-1})         (arrays of s in the partition so far)
 *   h_u  = d_u*g_u (ARRAY)  or  ceil(d_u*g_u / A_c) (CORE)
 *   L_u  = h_u + (c_u ? 0 : (u = first(s) ? L_{u-1} : L_{u-1} - h_{u-1}))  <= A (or N_c)    (capacity)
 *   e_u  -> some stage of the partition has t_s(d_s) = v_{tau_u}   (the target is max_s t_s: one index per plan)
 *   m_u  = max(t_u, c_u ? 0 : m_{u-1})                         (largest stage time, t_u = element(t_s(D_s), tau_u))
 *   V_u  = (c_u ? 0 : V_{u-1}) + v_s  at u = first(s);  c_u ? v_s : V_{u-1} otherwise   (one vector unit: V = sum_s v_s)
 *   f_u  = max(element(L_s(st_u..u)/bw, st_u), t_u + max_{p in preds(s)} [pi_u = pi_{last(p)}] * f_{last(p)})  at u = first(s);
 *          max(element(L_s(st_u..u)/bw, st_u), c_u ? t_u : f_{u-1})   otherwise   (first-image finish, pi_u = sum_{v<=u} c_v)
 *   F_u  = max(f_u, c_u ? 0 : F_{u-1}),   Tc_u = max(F_u, V_u) + (B-1)*max(m_u, V_u)
 *   R_u  = rw_u + (c_u ? 0 : R_{u-1}),    rw_u = element(D_s * rows(u) * tRow/writePorts, tau_u)
 *   T(p) = max(element(bytesW(st_u..u)/bw, st_u), R_u) + max(Tc_u, element(bytesIO(st_u..u)/bw, st_u))   at e_u = 1
 *   T    = sum_u e_u * T(p_u)  >=  floor(T_lb/q) - (B+1)*n          (the roofline, {@link #withRooflineFloor})
 *   E    = E_const + sum_u eRow*rows(u)*d_u + sum_u e_u * eDram*bytesIO(st_u..u) + pStatic*T
 * </pre>
 * The activation traffic and the first-image loads of a partition depend only on its first and last unit
 * (docs/MODEL.md 9–11), so each is a one-dimensional element table over {@code st_u} for each end {@code u};
 * no (range, target) pair is enumerated. EDP is {@code floor(Tq * (Eq + E_const,q) / Q)} with a
 * {@link FloorProductPropagator} (the product of two full-resolution scaled integers does not fit
 * Choco's domains; {@code times} would force a coarse scale).
 *
 * <p><b>Scaling and exactness.</b> Times and energies are integers in quanta chosen per instance
 * ({@link Scaling}); every constant is rounded down, so the scaled objective {@code Z} of every plan is
 * a lower bound of its true objective. Each solution's plan is re-evaluated by the cost model; the
 * branch-and-bound cut is not {@code Z < Z_incumbent} but {@code Z <= floor((V* - offset)/quantum)},
 * where {@code V*} is the best <em>re-evaluated</em> objective: every plan better than {@code V*}
 * stays in the search space. When the search space is exhausted the best plan is optimal over
 * FORMULATION.md §4's plan space up to floating point (stated tolerance: relative 1e-9), and the
 * result is OPTIMAL with bound = objective. Otherwise the bound is the scaled objective's lower bound
 * after root propagation converted back conservatively, and the status FEASIBLE (a plan) or TIMEOUT
 * (none).
 *
 * <p><b>Search</b> (one worker, deterministic). Phase 1, complete branch-and-bound for half the
 * time limit: for LATENCY and WEIGHTED, input order {@code tau_0, c_1, tau_1, c_2, ...}, cuts 0 first
 * (extend the partition), targets smallest index first (a partition's replication is chosen when it
 * opens and it grows while that fits); for ENERGY and EDP, all cuts left to right first (0 first;
 * capacity at the least replication places them), then the targets, largest index first (least
 * replication). Wrapped in last-conflict; no restarts. Phase 2, if not proven: large neighbourhood
 * search from the best plan over random windows of consecutive units ({@link WindowNeighbor}, seeded
 * by {@code seed}); it can improve the plan, never prove it. With {@code workers > 1} a Choco
 * {@link ParallelPortfolio} runs worker 0 with phase 1's strategy and worker {@code w >= 1} with random
 * target values seeded {@code seed + w} and Luby restarts; all share the incumbent cut.
 *
 * <p>The greedy baseline's objective (never the DP's) bounds the window and fixes the scales; the
 * returned plan is always one the CP search found.
 */
public final class CpSolver implements PartitionSolver {

  /** The initial window: plans up to this factor times the greedy baseline's objective. */
  static final double WINDOW = 4;

  @Override public String name() { return "cp-compact"; }
  @Override public boolean exact() { return true; }

  /** Shared incumbent of all workers. */
  private static final class Incumbent {
    PlanCost cost;
    double value = Double.POSITIVE_INFINITY;
    int solutions;
    int cut;
    Solution best; // worker 0's best solution, to bootstrap the LNS phase
  }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    try {
      return solveModel(model, objective, options, t0);
    } catch (org.chocosolver.solver.exception.SolverException e) {
      return refused(model, objective, e, t0);
    } catch (CpModel.Stopped e) {
      return greedyPlan(model, objective, "the time limit passed while building cp-compact's model; nothing searched, the plan is"
          + " the greedy baseline's", "greedy baseline (cp-compact stopped while building)", t0);
    }
  }

  /**
   * The result when Choco refuses to build the model ({@code SolverException}, e.g. a variable whose domain passes
   * Choco's bound of about 2.1e7; {@link CpModel}'s sums avoid the one case met so far): nothing was searched, so no
   * bound and no claim, and the greedy baseline's plan (the one the scales were built from), re-evaluated by the cost
   * model, is returned as FEASIBLE with {@code statistics.error} saying why (never TIMEOUT, which would blame the
   * time limit).
   */
  SolverResult refused(CostModel model, Objective objective, RuntimeException e, long t0) {
    return greedyPlan(model, objective, "Choco refused the compact model (" + e.getMessage()
        + "); nothing searched, the plan is the greedy baseline's", "greedy baseline (Choco refused cp-compact's model)", t0);
  }

  /**
   * The greedy baseline's plan, re-evaluated by the cost model, as FEASIBLE without a bound, with {@code statistics.error}
   * = {@code why}: the outcome when nothing was searched (Choco refused the model, or the time limit passed while it
   * was built).
   */
  private SolverResult greedyPlan(CostModel model, Objective objective, String why, String method, long t0) {
    PlanCost greedy = new GreedySolver().solve(model, objective, SolverOptions.DEFAULT).cost().orElseThrow();
    SolverStatistics stats = CpCompactStatistics.refused(model.units(), why);
    Certificate cert = Certifier.certify(model, greedy, objective, false, Double.NEGATIVE_INFINITY, method);
    return new SolverResult(name(), objective, Status.FEASIBLE, Optional.of(greedy), greedy.value(objective), Double.NEGATIVE_INFINITY,
        (System.nanoTime() - t0) / 1e9, stats, Optional.of(cert));
  }

  private SolverResult solveModel(CostModel model, Objective objective, SolverOptions options, long t0) {
    Setup setup = setup(model, objective);
    Scaling scaling = setup.scaling();
    CpTables tables = setup.tables();
    double window = setup.window();
    int n = model.units();

    Incumbent inc = new Incumbent();
    inc.cut = scaling.cut(window);
    int workers = Math.max(1, options.workers());
    List<CpModel> models = new ArrayList<>();
    // building checks the time limit once per unit of each loop (gpt2_xl/compass-m: 452,731 variables)
    BooleanSupplier expired = new IlpDriver.Deadline(options.timeLimitSeconds(), t0)::expired;
    for (int w = 0; w < workers; w++) models.add(new CpModel(tables, objective, scaling, "compass-cp-" + w, expired));

    // root lower bound of the scaled objective, on a throw-away copy of the model (propagating the
    // searched model before its search would leave Choco's engine in a half-initialized state)
    long rootLb;
    CpModel probe = new CpModel(tables, objective, scaling, "compass-cp-root", expired);
    try {
      probe.objectiveVar.updateUpperBound(inc.cut, org.chocosolver.solver.Cause.Null);
      probe.model.getSolver().propagate();
      rootLb = probe.objectiveVar.getLB();
    } catch (ContradictionException e) {
      rootLb = inc.cut + 1L;
    }
    CpModel first = models.get(0);

    double elapsed = (System.nanoTime() - t0) / 1e9;
    long limitMs = options.timeLimitSeconds() > 0 ? Math.max(1, (long) ((options.timeLimitSeconds() - elapsed) * 1000)) : 0;
    for (int w = 0; w < workers; w++) configure(models.get(w), w, options, workers == 1 ? 0 : limitMs, scaling, inc, objective, t0, rootLb);

    boolean proven;
    boolean lns = false;
    long phase1Nodes = 0;
    long phase1Fails = 0;
    if (workers == 1) {
      Solver solver = first.model.getSolver();
      // phase 1: complete branch-and-bound for half of the time left (all of it without a limit),
      // and longer until a plan exists: without one there is nothing for the LNS phase to start from
      if (limitMs > 0) {
        long half = System.nanoTime() + limitMs * 500_000L;
        solver.limitTime(limitMs);
        solver.addStopCriterion(() -> System.nanoTime() > half && inc.best != null);
      }
      while (solver.solve()) {
        // solutions are recorded by the monitor
      }
      proven = solver.getSearchState() == SearchState.TERMINATED;
      // phase 2: not proven in time -> large neighbourhood search from the best plan for the rest
      // (incomplete: it can improve the plan, never prove it)
      double left = options.timeLimitSeconds() - (System.nanoTime() - t0) / 1e9;
      if (!proven && inc.best != null && left > 0.05) {
        phase1Nodes = solver.getNodeCount();
        phase1Fails = solver.getFailCount();
        solver.reset();
        solver.removeAllStopCriteria();
        solver.limitTime((long) (left * 1000));
        solver.setLNS(new WindowNeighbor(first.cut, first.tau, options.seed()), new FailCounter(first.model, 200), inc.best);
        while (solver.solve()) {
          // recorded by the monitor
        }
        lns = true;
      }
    } else {
      ParallelPortfolio pf = new ParallelPortfolio(false);
      for (CpModel m : models) pf.addModel(m.model, false);
      while (pf.solve()) {
        // recorded by the monitors
      }
      proven = false;
      for (CpModel m : models) proven |= m.model.getSolver().getSearchState() == SearchState.TERMINATED;
    }
    double secs = (System.nanoTime() - t0) / 1e9;

    long nodes = phase1Nodes;
    long fails = phase1Fails;
    for (CpModel m : models) {
      nodes += m.model.getSolver().getNodeCount();
      fails += m.model.getSolver().getFailCount();
    }
    SolverStatistics stats = new CpCompactStatistics(n, tables.targets.length, first.model.getNbVars(), first.model.getNbCstrs(), nodes, fails,
        lns, inc.solutions, workers, scaling.timeQuantum(), scaling.energyQuantum(), secs - elapsed, proven,
        scaling.lowerBound(rootLb), Optional.empty());

    double lb = Math.min(scaling.lowerBound(rootLb), inc.value);
    if (inc.cost == null) {
      if (proven) {
        throw new IllegalStateException("cp: the search space was exhausted without a plan, but the greedy plan ("
            + window / WINDOW + ") lies inside it; the CP model is wrong for this instance");
      }
      return new SolverResult(name(), objective, Status.TIMEOUT, Optional.empty(), Double.NaN, lb, secs, stats, Optional.empty());
    }
    double value = inc.value;
    if (proven) lb = value;
    String method = "Choco CP branch-and-bound over the compact formulation, exhaustive under the re-evaluated incumbent cut";
    Certificate cert = Certifier.certify(model, inc.cost, objective, proven, lb, method);
    Status status = proven && cert.optimal() ? Status.OPTIMAL : Status.FEASIBLE;
    return new SolverResult(name(), objective, status, Optional.of(inc.cost), value, lb, secs, stats, Optional.of(cert));
  }

  /**
   * What the model is built from: the scaling (window and quanta from the greedy baseline, the
   * roofline floor) and the coefficient tables.
   *
   * @param window the objective window {@code WINDOW * greedy}: every plan at most this fits the scales
   */
  record Setup(Scaling scaling, CpTables tables, double window) {}

  static Setup setup(CostModel model, Objective objective) {
    double incumbent = new GreedySolver().solve(model, objective, SolverOptions.DEFAULT).objectiveValue();
    CpTables tables = CpTables.of(model);
    // the window admits plans up to WINDOW times the greedy objective, so that the first dives of the
    // search (often worse than greedy) are solutions and not failures
    double window = incumbent * WINDOW;
    Scaling scaling = Scaling.of(objective, window, tables.ct.constantEnergy() * CpModel.DOWN, tables.ct.rooflineSeconds(),
        tables.ct.staticPower());
    return new Setup(withRooflineFloor(scaling, model), tables, window);
  }

  private void configure(CpModel m, int worker, SolverOptions options, long limitMs, Scaling scaling, Incumbent inc,
      Objective objective, long t0, long rootLb) {
    Solver solver = m.model.getSolver();
    boolean low = objective.kind() == Objective.Kind.LATENCY || objective.kind() == Objective.Kind.WEIGHTED;
    // worker 0: smallest target index first (LATENCY, WEIGHTED) or largest (ENERGY, EDP); others: seeded random
    IntValueSelector tauValues = worker == 0 ? v -> low ? v.getLB() : v.getUB() : new IntDomainRandom(options.seed() + worker);
    AbstractStrategy<IntVar> main;
    if (low) {
      // LATENCY, WEIGHTED: tau_0, c_1, tau_1, ...: a partition's target is chosen when it opens and
      // the partition grows while that replication fits; cuts 0 first
      java.util.Set<IntVar> taus = new java.util.HashSet<>(Arrays.asList(m.tau));
      main = Search.intVarSearch(new InputOrder<>(m.model), v -> taus.contains(v) ? tauValues.selectValue(v) : v.getLB(), m.decisions);
    } else {
      // ENERGY, EDP: all cuts left to right (capacity at the least replication places them), then targets
      AbstractStrategy<IntVar> targets = Search.intVarSearch(new InputOrder<>(m.model), tauValues, m.tau);
      main = m.n == 1 ? targets : Search.sequencer(
          Search.intVarSearch(new InputOrder<>(m.model), v -> v.getLB(), Arrays.copyOfRange(m.cut, 1, m.cut.length)), targets);
    }
    // every other variable is a function of the decisions; the second strategy only completes
    // instantiations that bounds propagation left open
    solver.setSearch(Search.lastConflict(main), Search.inputOrderLBSearch(m.model.retrieveIntVars(true)));
    if (worker > 0) solver.setLubyRestart(100, new FailCounter(m.model, 1), 10_000);
    if (limitMs > 0) solver.limitTime(limitMs);
    ChocoLimits.apply(solver, options);
    solver.getObjectiveManager().setCutComputer(x -> {
      synchronized (inc) {
        return inc.cut;
      }
    });
    solver.plugMonitor((org.chocosolver.solver.search.loop.monitors.IMonitorSolution) () -> {
      PartitionPlan plan = m.plan();
      PlanCost cost = m.cm.evaluate(plan);
      double v = cost.value(objective);
      synchronized (inc) {
        inc.solutions++;
        if (v < inc.value) {
          inc.value = v;
          inc.cost = cost;
          inc.cut = Math.min(inc.cut, scaling.cut(v));
          if (worker == 0) inc.best = new Solution(m.model, m.decisions).record();
          options.progress().report(name(), v, Math.min(v, scaling.lowerBound(rootLb)), (System.nanoTime() - t0) / 1e9);
        }
      }
    });
  }

  /**
   * The scaling with its latency floor lowered by the rounding slack: the roofline {@code T_lb}
   * (FORMULATION.md §8.12, {@link CostModel#rooflineSeconds}) bounds every plan's true latency, but the
   * model's scaled latency {@code Tq} rounds each constant down, losing less than one quantum per
   * rounded term. A partition's latency combines fewer than {@code n_p + B*S_p <= (B+1) n_p} of them
   * on any path through its maxima ({@code R}: {@code n_p} row-write terms, or the weight read; the fill: at most
   * {@code S_p} stage times and one load, or {@code S_p} attention terms; {@code (B-1)} times the
   * bottleneck: one stage time or {@code S_p} attention terms; or the traffic), so every plan has
   * {@code Tq > T_lb/q - (B+1) n} and the floor {@code floor(T_lb/q) - (B+1) n} never cuts one.
   */
  static Scaling withRooflineFloor(Scaling s, CostModel model) {
    if (!s.needTime()) return s;
    long slack = (long) (model.batch() + 1) * model.units();
    int floor = (int) Math.max(0, s.timeFloor() - slack);
    return new Scaling(s.needTime(), s.needEnergy(), s.timeQuantum(), s.timeMax(), s.energyQuantum(), s.energyMax(), s.energyConstQ(),
        s.productDivisor(), s.staticNum(), s.staticDen(), s.offset(), s.objectiveQuantum(), floor);
  }

}
