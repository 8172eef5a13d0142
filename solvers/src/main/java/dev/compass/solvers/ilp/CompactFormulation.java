package dev.compass.solvers.ilp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import dev.compass.costmodel.CompactTables;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.FixedCuts;
import dev.compass.solvers.GreedyCuts;
import dev.compass.solvers.SolverOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compact formulation of {@code min alpha*T + beta*E} (the math is in {@link CompactIlpSolver}),
 * built as a mixed-integer program and solved by SCIP through MPSolver; the same model with every
 * integrality relaxed is solved by GLOP for the root LP bound. Every coefficient comes from
 * {@link CompactTables} (cost model v2); the instance data is computed once in the constructor, the
 * model is built per weighted solve.
 */
final class CompactFormulation implements WeightedFormulation {
  static final double TOLERANCE = 1e-6;

  private final CostModel model;
  private final CompactTables tab;
  private final SolverOptions options;
  private final String solverName;
  private final int n;
  private final int batch;
  private final int[] stageOf;
  private final long[][] levelD;
  private final double[][] levelT;
  private final double[][] levelUp;
  private final double maxTheta;
  private final double maxLoad;
  /** True once a weighted solve has solved the root LP. */
  private boolean rootSolved;
  /**
   * Seconds a model of this formulation takes to build (root LP or MIP, the same rows): the longest complete build
   * measured so far, or, if longer, the seconds a build stopped at its deadline had already spent (a lower bound on
   * a complete build); 0 before the first build.
   */
  private double buildEstimate;

  /**
   * SCIP's setup inside {@code MPSolver.solve}, before its own time limit starts, in units of the MIP's build time.
   * MPSolver copies the model into SCIP there: 1.3x to 3.8x the build as measured (docs/ilp.md, "Under a time limit");
   * a run's own ratio is its statistics {@code scipCallSeconds / mipBuildSeconds}.
   */
  static final double SCIP_SETUP_PER_BUILD = 4;

  /**
   * GLOP's setup inside {@code MPSolver.solve} before it first checks its time limit, in units of the root LP's build
   * time: 0.2x to 1.15x as measured (docs/ilp.md, "Under a time limit"); a run's own ratio is its statistics
   * {@code rootCallSeconds / rootBuildSeconds}.
   */
  static final double GLOP_SETUP_PER_BUILD = 1.5;

  CompactFormulation(CostModel model, SolverOptions options, String solverName) {
    this.model = model;
    this.tab = CompactTables.of(model);
    this.options = options;
    this.solverName = solverName;
    this.n = tab.units();
    this.batch = tab.batch();
    int stages = tab.stages();
    stageOf = new int[n];
    for (int u = 0; u < n; u++) stageOf[u] = tab.unitStage(u);
    levelD = new long[stages][];
    levelT = new double[stages][];
    levelUp = new double[stages][];
    double mt = 0;
    double ml = 0;
    for (int s = 0; s < stages; s++) {
      levelD[s] = tab.levels(s);
      levelT[s] = tab.levelSeconds(s);
      levelUp[s] = tab.levelCeiling(s);
      for (double t : levelT[s]) mt = Math.max(mt, t);
      ml = Math.max(ml, tab.fullLoadSeconds(s));
    }
    double mp = 0;
    for (int u = 0; u < n; u++) mp = Math.max(mp, tab.psumLoadSeconds(u));
    maxTheta = mt;
    maxLoad = ml + mp;
  }

  /**
   * Skips the root LP (EDP: the study reports no root gap for a non-additive objective, and the LP would take 40% of
   * the least-T solve's budget, which then stops before SCIP has a bound).
   */
  void skipRootLp() {
    rootSolved = true;
  }

  @Override
  public double tolerance() {
    return TOLERANCE;
  }

  /**
   * A plan for scaling and the hint: the greedy cuts ({@link GreedyCuts}: longest valid ranges left to right), each
   * range at its best target for the weights ({@link FixedCuts}). Every greedy range is valid (fits the chip at
   * {@code d = 1}: each unit fits alone, since {@code Mapping} cuts a column unit into row chunks of at most {@code A}
   * arrays), and a valid range always has its {@code d = 1} target, so no plan is an internal error, never a claim of
   * infeasibility.
   */
  private PlanCost startPlan(double alpha, double beta) {
    Objective weights = beta == 0 ? Objective.LATENCY : alpha == 0 ? Objective.ENERGY : Objective.weighted(alpha / beta);
    return FixedCuts.optimize(model, GreedyCuts.starts(model), weights).orElseThrow(() -> new IllegalStateException(
        solverName + ": the greedy start plan has a range without a finite cost for weights (" + alpha + ", " + beta
            + "); every unit fits the chip alone, so this is a cost-model error, not a proof that no plan exists"));
  }

  @Override
  public Weighted solve(double alpha, double beta, double seconds) {
    OrTools.load();
    long t0 = System.nanoTime();
    Map<String, Object> stats = new LinkedHashMap<>();
    PlanCost h = startPlan(alpha, beta);
    long deadline = seconds > 0 ? t0 + (long) (seconds * 1e9) : 0; // 0: none
    double objScale = Math.max(alpha * h.latencySeconds() + beta * h.energyJoules(), Double.MIN_NORMAL);
    double tn = h.latencySeconds(); // time unit of the model
    double rootBound = Double.NEGATIVE_INFINITY;
    // the root LP: the same model, every integrality relaxed, solved by GLOP (a valid lower bound); only in the
    // first weighted solve (an additive objective's only one), so that EDP's later solves keep their budget;
    // building and solving it get at most 40% of the time limit
    MPSolver lp = rootSolved ? null : MPSolver.createSolver("GLOP");
    rootSolved = true;
    if (lp != null) {
      long b0 = System.nanoTime();
      try {
        long lpDeadline = seconds > 0 ? t0 + (long) (0.4 * seconds * 1e9) : 0;
        Model relaxed = new Model(lp, true, alpha, beta, objScale, tn, lpDeadline);
        double built = (System.nanoTime() - b0) / 1e9;
        buildEstimate = Math.max(buildEstimate, built);
        stats.put("rootBuildSeconds", built);
        double lpLeft = (lpDeadline - System.nanoTime()) / 1e9;
        if (lpDeadline > 0 && lpLeft < GLOP_SETUP_PER_BUILD * built) {
          // GLOP's setup alone would pass the root LP's share (it checks its limit only after it)
          stats.put("rootStatus", "not started (GLOP's setup would pass the root LP's 40% of the limit)");
        } else {
          if (lpDeadline > 0) lp.setTimeLimit(Math.max(1, (long) (lpLeft * 1000)));
          long c0 = System.nanoTime();
          MPSolver.ResultStatus st = lp.solve();
          stats.put("rootCallSeconds", (System.nanoTime() - c0) / 1e9); // GLOP's solve() as a whole
          stats.put("rootStatus", st.toString());
          if (st == MPSolver.ResultStatus.OPTIMAL) {
            rootBound = relaxed.obj.value() * objScale;
            stats.put("rootBound", rootBound);
            stats.put("rootSeconds", lp.wallTime() / 1000.0);
          }
        }
      } catch (Stopped e) {
        buildEstimate = Math.max(buildEstimate, (System.nanoTime() - b0) / 1e9);
        stats.put("rootStatus", "stopped while building the LP");
      } finally {
        OrTools.freeLater(lp);
      }
    }
    // SCIP copies the whole model inside solve() before its own time limit starts (SCIP_SETUP_PER_BUILD times the
    // build); a MIP whose build, copy and one build time of search do not fit the time left is not built, and one whose
    // copy and one build time of search do not fit once built is not handed to SCIP: the solve returns its start plan.
    // When the root LP's build was stopped at 40% of the limit, building the MIP and copying it would take more than
    // 2 x 40%, so the MIP is skipped.
    double need = (2 + SCIP_SETUP_PER_BUILD) * buildEstimate;
    if (deadline > 0 && buildEstimate > 0 && (deadline - System.nanoTime()) / 1e9 < need) {
      return skipped(h, rootBound, "before building the MIP", need, stats, t0);
    }
    MPSolver s = MPSolver.createSolver("SCIP");
    if (s == null) throw new IllegalStateException("OR-Tools was built without SCIP");
    try {
      Model mip;
      long b0 = System.nanoTime();
      try {
        mip = new Model(s, false, alpha, beta, objScale, tn, deadline);
      } catch (Stopped e) {
        buildEstimate = Math.max(buildEstimate, (System.nanoTime() - b0) / 1e9);
        return fallback(h, rootBound, "building the MIP", stats, t0);
      }
      double built = (System.nanoTime() - b0) / 1e9;
      buildEstimate = Math.max(buildEstimate, built);
      stats.put("mipBuildSeconds", built);
      double setup = SCIP_SETUP_PER_BUILD * built;
      if (deadline > 0 && (deadline - System.nanoTime()) / 1e9 < setup + built) {
        return skipped(h, rootBound, "handing the MIP to SCIP", setup + built, stats, t0);
      }
      // SCIP's own limit: the time left less its estimated setup (reserved), so that the whole solve() ends near the deadline
      return mip.solve(alpha, beta, seconds, setup, objScale, tn, h, rootBound, stats, t0);
    } finally {
      OrTools.freeLater(s);
    }
  }

  /** {@link #fallback} for a MIP not started: the guard's estimate ({@code needed} seconds) did not fit the time left. */
  private Weighted skipped(PlanCost h, double rootBound, String stoppedWhile, double needed, Map<String, Object> stats, long t0) {
    stats.put("buildEstimateSeconds", buildEstimate);
    stats.put("guardNeededSeconds", needed);
    return fallback(h, rootBound, stoppedWhile, stats, t0);
  }

  /** Thrown by {@link Model}'s constructor when its deadline passes while it builds. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  /**
   * The result of a solve stopped before SCIP found a plan: the start hint {@code h} (the greedy plan at its best
   * targets, already re-evaluated by the cost model) as a FEASIBLE plan, with the root LP bound when it was solved
   * (a valid lower bound: a relaxation of this same model). The formulation did not compute the plan's T and E from
   * its own variables, so it vouches for neither (NaN).
   */
  private static Weighted fallback(PlanCost h, double rootBound, String stoppedWhile, Map<String, Object> stats, long t0) {
    stats.put("stoppedWhile", stoppedWhile);
    stats.put("plan", "start hint (greedy cuts, best targets)");
    stats.put("partitions", h.partitions().size());
    stats.put("stoppedAfterSeconds", (System.nanoTime() - t0) / 1e9);
    return new Weighted(Optional.of(h), Double.NaN, Double.NaN, rootBound, false, true, false, stats);
  }

  /** {@code out[u]} = sum of {@code x} over the longest valid range ending at {@code u}. */
  private double[] window(double[] x) {
    double[] pre = new double[n + 1];
    for (int u = 0; u < n; u++) pre[u + 1] = pre[u] + x[u];
    double[] out = new double[n];
    for (int u = 0; u < n; u++) out[u] = pre[u + 1] - pre[model.minFirst(u)];
    return out;
  }

  /** Units {@code a < b} can never share a partition when the range {@code a..b} is not valid. */
  private boolean alwaysSeparated(int a, int bb) {
    return !model.valid(a, bb);
  }

  /** True if the capacity holds for {@code d1} copies of {@code a1} arrays next to {@code d2} copies of {@code a2} ({@code same}: one stage). */
  private boolean pairFits(long a1, long d1, long a2, long d2, boolean same) {
    long used = same ? tab.footprint(a1 * d1 + a2 * d2) : tab.footprint(a1 * d1) + tab.footprint(a2 * d2);
    return used <= tab.capacity();
  }

  /** One MPSolver model of the formulation (relaxed: every binary and integer variable continuous). */
  private final class Model {
    final MPSolver s;
    final boolean relaxed;
    final MPObjective obj;
    final MPVariable[] b = new MPVariable[n];
    final MPVariable[] cum = new MPVariable[n];
    final MPVariable[][] lam = new MPVariable[n][];
    final MPVariable[] tp = new MPVariable[n];
    final Map<Long, MPVariable> seps = new HashMap<>();
    final double modelE0;
    boolean empty;

    MPVariable bool(String name) {
      return relaxed ? s.makeNumVar(0, 1, name) : s.makeBoolVar(name);
    }

    MPConstraint geq(double lb) {
      return s.makeConstraint(lb, MPSolver.infinity());
    }

    /** {@code big >= small}. */
    void ge(MPVariable big, MPVariable small) {
      MPConstraint c = geq(0);
      c.setCoefficient(big, 1);
      c.setCoefficient(small, -1);
    }

    /** {@code System.nanoTime()} after which building stops ({@link Stopped}); 0: none. */
    final long deadline;

    /** Throws {@link Stopped} once the deadline has passed (asked once per unit of each building loop). */
    void check() {
      if (deadline != 0 && System.nanoTime() - deadline >= 0) throw new Stopped();
    }

    Model(MPSolver s, boolean relaxed, double alpha, double beta, double objScale, double tn, long deadline) {
      this.s = s;
      this.deadline = deadline;
      this.relaxed = relaxed;
      this.obj = s.objective();
      double inf = MPSolver.infinity();
      double bw = tab.bandwidth();
      double rowTime = tab.rowSeconds() / tn;
      double ioTimePerByte = batch / bw / tn;
      double thetaMax = maxTheta / tn;
      double cap = tab.arraysOnChip();

      // ---- per-unit maxima for big-M bounds (window sums over the longest valid partition ending at u)
      double[] maxT = new double[n];
      double[] maxRow = new double[n];
      double[] maxIo = new double[n];
      double[] wTime = new double[n];
      double[] vAt = new double[n];
      for (int u = 0; u < n; u++) {
        int st = stageOf[u];
        maxT[u] = levelT[st][0] / tn;
        long dmax = levelD[st][Math.max(0, tab.maxLevel(u) - 1)];
        maxRow[u] = (double) dmax * tab.rows(u) * rowTime;
        double io = tab.trafficConstantBytes(u);
        for (CompactTables.SepTerm t : tab.trafficTerms(u)) io += t.bytes();
        maxIo[u] = io * ioTimePerByte;
        wTime[u] = tab.weightBytes(u) / bw / tn;
        vAt[u] = tab.attentionSeconds(st) / tn;
      }
      double[] winT = window(maxT);
      double[] winRow = window(maxRow);
      double[] winIo = window(maxIo);
      double[] winW = window(wTime);
      double[] winV = window(vAt);
      double loadMax = maxLoad / tn;

      // ---- cuts: b[u] = 1 if a partition starts at u (b[0] = 1); cum[u] = number of cuts in 1..u
      for (int u = 0; u < n; u++) {
        check();
        b[u] = u == 0 ? s.makeNumVar(1, 1, "b0") : bool("b" + u);
        cum[u] = s.makeNumVar(0, u, "cum" + u);
        MPConstraint c = s.makeConstraint(0, 0);
        c.setCoefficient(cum[u], 1);
        if (u > 0) {
          c.setCoefficient(cum[u - 1], -1);
          c.setCoefficient(b[u], -1);
        }
      }
      // capacity-derived: units u..v need at least k more cuts when their arrays at d = 1 exceed k partitions' worth
      // (for every v, the largest u with arrays(u..v) > A: cum_v - cum_u >= 1, i.e. the window bound of validity)
      for (int v = 1; v < n; v++) {
        int u = model.minFirst(v) - 1;
        if (u < 0) continue;
        MPConstraint c = geq(1);
        c.setCoefficient(cum[v], 1);
        c.setCoefficient(cum[u], -1);
      }

      // ---- levels: lam[u][l] one-hot; equal along a stage inside a partition
      for (int u = 0; u < n; u++) {
        check();
        int st = stageOf[u];
        int nl = levelD[st].length;
        lam[u] = new MPVariable[nl];
        MPConstraint one = s.makeConstraint(1, 1);
        for (int l = 0; l < nl; l++) {
          lam[u][l] = l < tab.maxLevel(u) ? bool("lam" + u + "_" + l) : s.makeNumVar(0, 0, "lam" + u + "_" + l);
          one.setCoefficient(lam[u][l], 1);
        }
        if (tab.maxLevel(u) == 0) empty = true;
        if (u > 0 && stageOf[u - 1] == st) {
          for (int l = 0; l < nl; l++) {
            MPConstraint c1 = s.makeConstraint(-inf, 0); // lam[u] - lam[u-1] <= b[u]
            c1.setCoefficient(lam[u][l], 1);
            c1.setCoefficient(lam[u - 1][l], -1);
            c1.setCoefficient(b[u], -1);
            MPConstraint c2 = s.makeConstraint(-inf, 0);
            c2.setCoefficient(lam[u - 1][l], 1);
            c2.setCoefficient(lam[u][l], -1);
            c2.setCoefficient(b[u], -1);
          }
        }
        // capacity-derived link of cuts and levels: if unit u-1 at level l cannot share the chip with unit u
        // (at u's least use: level l too when it is the same stage, d = 1 otherwise), a partition starts at u
        if (u > 0) {
          int sp = stageOf[u - 1];
          boolean same = sp == st;
          for (int l = 0; l < lam[u - 1].length; l++) {
            if (pairFits(tab.arrays(u - 1), levelD[sp][l], tab.arrays(u), same ? levelD[sp][l] : 1, same)) continue;
            MPConstraint c = s.makeConstraint(-inf, 0); // lam[u-1][l] <= b[u]
            c.setCoefficient(lam[u - 1][l], 1);
            c.setCoefficient(b[u], -1);
          }
        }
      }

      // ---- target tau[u] (constant in a partition): t_u <= tau_u <= ceiling of u's level (least replication)
      MPVariable[] tau = new MPVariable[n];
      for (int u = 0; u < n; u++) {
        check();
        int st = stageOf[u];
        tau[u] = s.makeNumVar(0, thetaMax, "tau" + u);
        MPConstraint lo = geq(0);
        lo.setCoefficient(tau[u], 1);
        MPConstraint up = s.makeConstraint(-inf, 0);
        up.setCoefficient(tau[u], 1);
        for (int l = 0; l < lam[u].length; l++) {
          lo.setCoefficient(lam[u][l], -levelT[st][l] / tn);
          up.setCoefficient(lam[u][l], -levelUp[st][l] / tn);
        }
        if (u > 0) {
          MPConstraint c1 = s.makeConstraint(-inf, 0); // |tau_u - tau_{u-1}| <= thetaMax * b_u
          c1.setCoefficient(tau[u], 1);
          c1.setCoefficient(tau[u - 1], -1);
          c1.setCoefficient(b[u], -thetaMax);
          MPConstraint c2 = s.makeConstraint(-inf, 0);
          c2.setCoefficient(tau[u - 1], 1);
          c2.setCoefficient(tau[u], -1);
          c2.setCoefficient(b[u], -thetaMax);
        }
      }

      // ---- capacity
      if (tab.allocation() == Allocation.ARRAY) {
        MPVariable prev = null;
        for (int u = 0; u < n; u++) {
          check();
          MPVariable cu = s.makeNumVar(0, cap, "cap" + u);
          MPConstraint own = geq(0); // cap_u >= a_u d_u
          own.setCoefficient(cu, 1);
          addArrays(own, u, -1);
          if (prev != null) { // cap_u >= cap_{u-1} + a_u d_u - A b_u
            MPConstraint c = geq(0);
            c.setCoefficient(cu, 1);
            addArrays(c, u, -1);
            c.setCoefficient(prev, -1);
            c.setCoefficient(b[u], cap);
          }
          prev = cu;
        }
      } else {
        int ac = tab.arraysPerCore();
        int nc = tab.cores();
        MPVariable prevRun = null;
        MPVariable prevFp = null;
        MPVariable prevBase = null;
        for (int u = 0; u < n; u++) {
          check();
          boolean same = u > 0 && stageOf[u - 1] == stageOf[u];
          MPVariable run = s.makeNumVar(0, (double) ac * nc, "arun" + u);
          MPVariable fp = relaxed ? s.makeNumVar(0, nc, "fp" + u) : s.makeIntVar(0, nc, "fp" + u);
          MPVariable base = s.makeNumVar(0, nc, "base" + u);
          MPConstraint own = geq(0); // run_u >= a_u d_u
          own.setCoefficient(run, 1);
          addArrays(own, u, -1);
          if (same) { // run_u >= run_{u-1} + a_u d_u - A b_u
            MPConstraint c = geq(0);
            c.setCoefficient(run, 1);
            addArrays(c, u, -1);
            c.setCoefficient(prevRun, -1);
            c.setCoefficient(b[u], (double) ac * nc);
          }
          MPConstraint ceil = geq(0); // ac * fp_u >= run_u
          ceil.setCoefficient(fp, ac);
          ceil.setCoefficient(run, -1);
          if (u > 0) {
            MPConstraint cb = geq(0); // base_u >= base_{u-1} (+ fp_{u-1} if new stage) - 2 N_c b_u
            cb.setCoefficient(base, 1);
            cb.setCoefficient(prevBase, -1);
            if (!same) cb.setCoefficient(prevFp, -1);
            cb.setCoefficient(b[u], 2.0 * nc);
          }
          MPConstraint cc = s.makeConstraint(-inf, nc); // base_u + fp_u <= N_c
          cc.setCoefficient(base, 1);
          cc.setCoefficient(fp, 1);
          prevRun = run;
          prevFp = fp;
          prevBase = base;
        }
      }

      // ---- running sums (weights, rows, traffic, attention), fill, partition time
      double eWeight = beta / objScale;
      double eIo = eWeight * batch * tab.dramEnergy();
      MPVariable prevW = null;
      MPVariable prevR = null;
      MPVariable prevIo = null;
      MPVariable prevV = null;
      MPVariable prevF = null;
      MPVariable[] fAt = new MPVariable[n];
      MPVariable[] vAtVar = new MPVariable[n];
      for (int u = 0; u < n; u++) {
        check();
        int st = stageOf[u];
        boolean firstOfStage = u == tab.stageFirstUnit(st);
        // weight read time: W_u >= w_u ; W_u >= W_{u-1} + w_u - M b_u
        MPVariable wt = s.makeNumVar(wTime[u], inf, "wt" + u);
        if (prevW != null) {
          MPConstraint cw = geq(wTime[u]);
          cw.setCoefficient(wt, 1);
          cw.setCoefficient(prevW, -1);
          cw.setCoefficient(b[u], winW[u - 1]);
        }
        // row writes: R_u >= r_u d_u tRow/ports (+ R_{u-1} - M b_u)
        MPVariable rt = s.makeNumVar(0, inf, "rt" + u);
        MPConstraint ownR = geq(0);
        ownR.setCoefficient(rt, 1);
        for (int l = 0; l < lam[u].length; l++) {
          double rows = (double) levelD[st][l] * tab.rows(u);
          ownR.setCoefficient(lam[u][l], -rows * rowTime);
          obj.setCoefficient(lam[u][l], eWeight * rows * tab.rowEnergy());
        }
        if (prevR != null) {
          MPConstraint cr = geq(0);
          cr.setCoefficient(rt, 1);
          for (int l = 0; l < lam[u].length; l++) cr.setCoefficient(lam[u][l], -(double) levelD[st][l] * tab.rows(u) * rowTime);
          cr.setCoefficient(prevR, -1);
          cr.setCoefficient(b[u], winRow[u - 1]);
        }
        // traffic io_u >= inc_u ; io_u >= io_{u-1} + inc_u - M b_u
        MPVariable io = s.makeNumVar(0, inf, "io" + u);
        double incConst = tab.trafficConstantBytes(u);
        List<MPVariable> incVars = new ArrayList<>();
        List<Double> incCoefs = new ArrayList<>();
        for (CompactTables.SepTerm t : tab.trafficTerms(u)) {
          MPVariable sv = sep(t.a(), t.b());
          if (sv == null) {
            incConst += t.bytes();
          } else {
            incVars.add(sv);
            incCoefs.add(t.bytes());
            obj.setCoefficient(sv, obj.getCoefficient(sv) + eIo * t.bytes());
          }
        }
        obj.setOffset(obj.offset() + eIo * incConst);
        MPConstraint ownIo = geq(incConst * ioTimePerByte);
        ownIo.setCoefficient(io, 1);
        for (int k = 0; k < incVars.size(); k++) {
          ownIo.setCoefficient(incVars.get(k), ownIo.getCoefficient(incVars.get(k)) - incCoefs.get(k) * ioTimePerByte);
        }
        if (prevIo != null) {
          MPConstraint ci = geq(incConst * ioTimePerByte);
          ci.setCoefficient(io, 1);
          for (int k = 0; k < incVars.size(); k++) {
            ci.setCoefficient(incVars.get(k), ci.getCoefficient(incVars.get(k)) - incCoefs.get(k) * ioTimePerByte);
          }
          ci.setCoefficient(prevIo, -1);
          ci.setCoefficient(b[u], ci.getCoefficient(b[u]) + winIo[u - 1]);
        }
        // attention (v2): V_u, the running sum of v_s over the partition's stages; a stage adds v_s at its
        // first unit in the partition (its first unit, or a unit where a partition starts)
        double v = tab.attentionSeconds(st) / tn;
        MPVariable vr = s.makeNumVar(0, inf, "V" + u);
        vAtVar[u] = vr;
        MPConstraint ownV = geq(firstOfStage ? v : 0); // V_u >= v_s [* b_u]
        ownV.setCoefficient(vr, 1);
        if (!firstOfStage) ownV.setCoefficient(b[u], -v);
        if (prevV != null) { // V_u >= V_{u-1} + [first] v_s - M b_u
          MPConstraint cv = geq(firstOfStage ? v : 0);
          cv.setCoefficient(vr, 1);
          cv.setCoefficient(prevV, -1);
          cv.setCoefficient(b[u], winV[u - 1]);
        }
        // fill (v2): f_u >= t_u ; f_u >= t_u + f_{last(q)} - M sep(last(q), u) ; f_u >= L_s/bw (loads of the
        // first image) ; f_u >= f_{u-1} - M b_u along a stage ; F_u >= f_u, F_u >= V_u, F_u >= F_{u-1} - M b_u
        MPVariable fu = s.makeNumVar(0, inf, "f" + u);
        fAt[u] = fu;
        MPConstraint base = geq(0);
        base.setCoefficient(fu, 1);
        for (int l = 0; l < lam[u].length; l++) base.setCoefficient(lam[u][l], -levelT[st][l] / tn);
        double fMax = winT[u] + loadMax;
        for (int q : tab.predecessors(st)) {
          if (q >= st) continue;
          int lq = tab.stageLastUnit(q);
          MPVariable sv = sep(lq, u);
          if (sv == null) continue;
          MPConstraint c = geq(0);
          c.setCoefficient(fu, 1);
          for (int l = 0; l < lam[u].length; l++) c.setCoefficient(lam[u][l], -levelT[st][l] / tn);
          c.setCoefficient(fAt[lq], -1);
          c.setCoefficient(sv, winT[lq] + loadMax);
        }
        double psum = tab.psumLoadSeconds(u) / tn;
        if (firstOfStage) {
          // L_s/bw = constant + sum_{(v, c)} c * [v < i] = constant + sum c * sep(v, u)
          double lc = tab.loadConstantSeconds(st) / tn + psum;
          MPConstraint cl = geq(lc);
          cl.setCoefficient(fu, 1);
          for (CompactTables.LoadTerm t : tab.loadTerms(st)) {
            if (t.unit() >= u) continue;
            MPVariable sv = sep(t.unit(), u);
            if (sv == null) cl.setLb(cl.lb() + t.seconds() / tn);
            else cl.setCoefficient(sv, cl.getCoefficient(sv) - t.seconds() / tn);
          }
        } else {
          // a partition starting inside the stage loads all the stage reads; partial sums of this unit always
          MPConstraint cl = geq(psum);
          cl.setCoefficient(fu, 1);
          cl.setCoefficient(b[u], -tab.fullLoadSeconds(st) / tn);
          MPConstraint chain = geq(0);
          chain.setCoefficient(fu, 1);
          chain.setCoefficient(fAt[u - 1], -1);
          chain.setCoefficient(b[u], winT[u - 1] + loadMax);
        }
        MPVariable fm = s.makeNumVar(0, inf, "F" + u);
        ge(fm, fu);
        ge(fm, vr);
        if (prevF != null) {
          MPConstraint cf2 = geq(0);
          cf2.setCoefficient(fm, 1);
          cf2.setCoefficient(prevF, -1);
          cf2.setCoefficient(b[u], winT[u - 1] + loadMax + winV[u - 1]);
        }
        // partition time at its last unit: Tw >= W, Tw >= R; bottleneck >= tau, >= V; X >= F + (B-1) bottleneck,
        // X >= IO; Tp >= Tw + X - M (1 - e_u)
        MPVariable tw = s.makeNumVar(0, inf, "Tw" + u);
        ge(tw, wt);
        ge(tw, rt);
        MPVariable bott = s.makeNumVar(0, inf, "bott" + u);
        ge(bott, tau[u]);
        ge(bott, vr);
        MPVariable x = s.makeNumVar(0, inf, "X" + u);
        MPConstraint cx = geq(0);
        cx.setCoefficient(x, 1);
        cx.setCoefficient(fm, -1);
        cx.setCoefficient(bott, -(batch - 1));
        ge(x, io);
        tp[u] = s.makeNumVar(0, inf, "Tp" + u);
        double bigM = winW[u] + winRow[u] + fMax + winV[u] + (batch - 1) * Math.max(thetaMax, winV[u]) + winIo[u];
        MPConstraint ct = s.makeConstraint(-bigM, inf);
        ct.setCoefficient(tp[u], 1);
        ct.setCoefficient(tw, -1);
        ct.setCoefficient(x, -1);
        if (u + 1 < n) ct.setCoefficient(b[u + 1], -bigM);
        else ct.setLb(0);
        obj.setCoefficient(tp[u], (alpha + beta * tab.staticPower()) * tn / objScale);
        prevW = wt;
        prevR = rt;
        prevIo = io;
        prevV = vr;
        prevF = fm;
      }
      modelE0 = tab.constantEnergy();
      obj.setOffset(obj.offset() + eWeight * modelE0);
      obj.setMinimization();

      // valid inequalities (FORMULATION.md §8.12's roofline argument, per plan): every partition has
      // T(p) >= T_write(p) + B*tau_p, tau_p >= (array work of p)/A and tau_p >= V_p (one vector unit), with
      // T_write(p) >= bytesW(p)/bw and >= rowsW(p)*tRow/ports; summed over partitions (sum_p V_p >= sum_s v_s):
      //   sum_u Tp_u >= totalWeightBytes/bw + B*max(work/A, sum_s v_s)
      //   sum_u Tp_u >= sum_u r_u d_u tRow/ports + B*max(work/A, sum_s v_s)
      double work = 0;
      double weights = 0;
      for (int u = 0; u < n; u++) {
        work += (double) tab.stageMvms(stageOf[u]) * tab.mvmSeconds() * tab.arrays(u);
        weights += wTime[u];
      }
      double att = 0;
      for (int st = 0; st < tab.stages(); st++) att += tab.attentionSeconds(st);
      double computeLb = batch * Math.max(work / tab.arraysOnChip(), att) / tn;
      MPConstraint roofW = geq(weights + computeLb);
      MPConstraint roofR = geq(computeLb);
      for (int u = 0; u < n; u++) {
        roofW.setCoefficient(tp[u], 1);
        roofR.setCoefficient(tp[u], 1);
        for (int l = 0; l < lam[u].length; l++) {
          roofR.setCoefficient(lam[u][l], -(double) levelD[stageOf[u]][l] * tab.rows(u) * rowTime);
        }
      }
    }

    private void addArrays(MPConstraint c, int u, double sign) {
      int st = stageOf[u];
      for (int l = 0; l < lam[u].length; l++) c.setCoefficient(lam[u][l], sign * (double) levelD[st][l] * tab.arrays(u));
    }

    private long key(int a, int bb) {
      return (long) a * n + bb;
    }

    /**
     * The binary {@code sep(a,b) = [a cut lies in (a, b]]}, {@code a < b}, or null when it is always 1.
     * {@code sep(a, a+1) = b_{a+1}}; otherwise {@code (b-a)*sep >= cum_b - cum_a} and {@code sep <= cum_b - cum_a}.
     */
    MPVariable sep(int a, int bb) {
      if (alwaysSeparated(a, bb)) return null;
      if (bb == a + 1) {
        seps.putIfAbsent(key(a, bb), b[bb]);
        return b[bb];
      }
      return seps.computeIfAbsent(key(a, bb), k -> {
        MPVariable v = bool("sep" + a + "_" + bb);
        MPConstraint lo = geq(0);
        lo.setCoefficient(v, bb - a);
        lo.setCoefficient(cum[bb], -1);
        lo.setCoefficient(cum[a], 1);
        MPConstraint hi = s.makeConstraint(-MPSolver.infinity(), 0);
        hi.setCoefficient(v, 1);
        hi.setCoefficient(cum[bb], -1);
        hi.setCoefficient(cum[a], 1);
        return v;
      });
    }

    /** @param reserve seconds of the limit kept for SCIP's copy of the model, before its own clock starts */
    Weighted solve(double alpha, double beta, double seconds, double reserve, double objScale, double tn, PlanCost hint,
        double rootBound, Map<String, Object> stats, long t0) {
      // a unit with no level that fits alone has no plan; the start plan (which exists: every unit fits alone at d = 1)
      // rules that out, so either outcome below is an internal error, never a proof of infeasibility
      if (empty) throw new IllegalStateException(solverName + ": a unit has no replication level that fits the chip alone, "
          + "but the start plan fits; CompactTables' levels disagree with the cost model");
      // hint: the heuristic plan's cuts and levels (SCIP completes the rest), so an early stop has a plan
      List<MPVariable> hv = new ArrayList<>();
      List<Double> hval = new ArrayList<>();
      for (var pc : hint.partitions()) {
        for (int u = pc.firstUnit(); u <= pc.lastUnit(); u++) {
          if (u > 0) {
            hv.add(b[u]);
            hval.add(u == pc.firstUnit() ? 1.0 : 0.0);
          }
          int st = stageOf[u];
          int d = pc.replication().getOrDefault(model.stageName(st), 1);
          for (int l = 0; l < lam[u].length; l++) {
            hv.add(lam[u][l]);
            hval.add(levelD[st][l] == d ? 1.0 : 0.0);
          }
        }
      }
      s.setHint(hv.toArray(new MPVariable[0]), hval.stream().mapToDouble(Double::doubleValue).toArray());
      int levelBinaries = 0;
      for (int u = 0; u < n; u++) levelBinaries += tab.maxLevel(u);
      stats.put("levelBinaries", levelBinaries);
      stats.put("backend", "SCIP " + s.solverVersion());
      stats.put("variables", s.numVariables());
      stats.put("constraints", s.numConstraints());
      stats.put("separationBinaries", seps.size());
      stats.put("buildSeconds", (System.nanoTime() - t0) / 1e9);
      long c0 = System.nanoTime();
      MPSolver.ResultStatus st =
          OrTools.solveScip(s, options, "numerics/feastol = 1e-8\npresolving/maxrounds = 20\n", seconds, t0, reserve, stats);
      stats.put("scipCallSeconds", (System.nanoTime() - c0) / 1e9); // MPSolver.solve() as a whole: the copy included
      if (st == MPSolver.ResultStatus.INFEASIBLE) {
        throw new IllegalStateException(solverName + ": SCIP reports the compact MIP infeasible, but the start plan ("
            + hint.partitions().size() + " partitions, hinted) is a feasible plan of it; a formulation or numerical error");
      }
      if (st != MPSolver.ResultStatus.OPTIMAL && st != MPSolver.ResultStatus.FEASIBLE) {
        return fallback(hint, rootBound, "solving (SCIP had no plan yet)", stats, t0);
      }
      // SCIP's bound, or the root LP's (GLOP, the same relaxation) when that is higher: both are valid
      double bound = Math.max(OrTools.scipBound(obj, st, objScale, stats), rootBound);
      options.progress().report(solverName, obj.value() * objScale, bound, (System.nanoTime() - t0) / 1e9);

      // ---- the plan: cuts, and per partition the target max_s t_s(d_s) of the chosen levels
      List<Partition> parts = new ArrayList<>();
      int start = 0;
      double modelT = 0;
      for (int u = 0; u < n; u++) modelT += tp[u].solutionValue() * tn;
      double modelE = modelE0 + tab.staticPower() * modelT;
      for (int u = 0; u < n; u++) {
        int su = stageOf[u];
        for (int l = 0; l < lam[u].length; l++) {
          if (lam[u][l].solutionValue() > 0.5) modelE += (double) levelD[su][l] * tab.rows(u) * tab.rowEnergy();
        }
        double bytes = tab.trafficConstantBytes(u);
        for (CompactTables.SepTerm t : tab.trafficTerms(u)) {
          MPVariable sv = seps.get(key(t.a(), t.b()));
          boolean sp = sv == null ? alwaysSeparated(t.a(), t.b()) : sv.solutionValue() > 0.5;
          if (sp) bytes += t.bytes();
        }
        modelE += bytes * batch * tab.dramEnergy();
        if (u + 1 == n || b[u + 1].solutionValue() > 0.5) {
          double target = 0;
          for (int v = start; v <= u; v++) {
            for (int l = 0; l < lam[v].length; l++) {
              if (lam[v][l].solutionValue() > 0.5) target = Math.max(target, levelT[stageOf[v]][l]);
            }
          }
          int[] d = model.leastReplication(start, u, target).orElseThrow();
          Map<String, Integer> rep = new LinkedHashMap<>();
          for (int k = 0; k < d.length; k++) rep.put(model.stageName(stageOf[start] + k), d[k]);
          parts.add(new Partition(start, u, rep));
          start = u + 1;
        }
      }
      PlanCost cost = model.evaluate(new PartitionPlan(parts));
      stats.put("partitions", parts.size());
      double value = alpha * cost.latencySeconds() + beta * cost.energyJoules();
      boolean optimal = st == MPSolver.ResultStatus.OPTIMAL;
      boolean proven = optimal && value - bound <= TOLERANCE * Math.abs(value);
      // T has no weight in the objective when alpha = 0 and pStatic = 0: its running sums are then only
      // lower bounds, so the model does not vouch for its T (E does not depend on T then)
      double vouchedT = alpha > 0 || beta * tab.staticPower() > 0 ? modelT : Double.NaN;
      return new Weighted(Optional.of(cost), vouchedT, modelE, bound, proven, !optimal, false, stats);
    }
  }
}
