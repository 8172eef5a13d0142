package dev.compass.solvers.ilp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.costmodel.ReplicationLadder;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.SolverOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compact formulation of {@code min alpha*T + beta*E} (the math is in {@link CompactIlpSolver}),
 * built as a mixed-integer program and solved by SCIP through MPSolver. One instance per solve: the
 * instance data (levels, traffic terms, big-M bounds) is computed once in the constructor, the MIP is
 * built per weighted solve.
 */
final class CompactFormulation implements WeightedFormulation {
  static final double TOLERANCE = 1e-6;

  private final CostModel model;
  private final SolverOptions options;
  private final String solverName;
  private final HardwareSpec hw;
  private final Mapping mapping;
  private final int n;
  private final int batch;
  private final int[] stageOf;
  // levels per stage: replication d, MVM count K, time t (seconds), and upper bound of tau (seconds)
  private final int[][] levelD;
  private final double[][] levelT;
  private final double[][] levelUp;
  private final double maxTheta;
  // activation traffic per unit: constant bits + terms coef * sep(a, b)
  private final double[] ioConst;
  private final List<List<long[]>> ioSepKeys = new ArrayList<>();
  private final List<List<Double>> ioSepCoef = new ArrayList<>();
  // fill: for unit u, the units lastUnit(q) of its stage's predecessors q
  private final int[][] predLast;
  private final double energyConst;

  CompactFormulation(CostModel model, SolverOptions options, String solverName) {
    this.model = model;
    this.options = options;
    this.solverName = solverName;
    this.hw = model.hardware();
    this.mapping = model.mapping();
    this.n = model.units();
    this.batch = model.batch();
    int stages = model.stages();
    stageOf = new int[n];
    for (int u = 0; u < n; u++) stageOf[u] = model.unitStage(u);

    // ---- replication levels: distinct K = ceil(P/d), least d for each, capacity-reachable
    long capArrays = (long) hw.arrays();
    levelD = new int[stages][];
    levelT = new double[stages][];
    List<Double> theta = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      long p = model.stageMvms(s);
      long minArrays = Long.MAX_VALUE;
      for (int u = model.stageFirstUnit(s); u <= model.stageLastUnit(s); u++) minArrays = Math.min(minArrays, mapping.unitArrays(u));
      long[] lv = model.ladder(s).rungs(Math.min(p, capArrays / minArrays));
      levelD[s] = new int[lv.length];
      levelT[s] = new double[lv.length];
      for (int l = 0; l < lv.length; l++) {
        levelD[s][l] = (int) lv[l];
        levelT[s][l] = model.stageTime(s, lv[l]);
        theta.add(levelT[s][l]);
      }
    }
    double[] th = theta.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    maxTheta = th.length == 0 ? 0 : th[th.length - 1];
    levelUp = new double[stages][];
    for (int s = 0; s < stages; s++) {
      levelUp[s] = new double[levelT[s].length];
      for (int l = 0; l < levelT[s].length; l++) {
        if (l == 0) {
          levelUp[s][l] = maxTheta;
        } else {
          // the largest candidate time strictly below t_s(level l-1)
          double lim = levelT[s][l - 1] * (1 - ReplicationLadder.TOLERANCE);
          int idx = Arrays.binarySearch(th, lim);
          int pos = idx >= 0 ? idx : -idx - 2;
          while (pos >= 0 && th[pos] >= lim) pos--;
          levelUp[s][l] = pos >= 0 ? th[pos] : 0;
        }
      }
    }

    // ---- activation traffic (bits per image) attributed to units
    ioConst = new double[n];
    for (int u = 0; u < n; u++) {
      ioSepKeys.add(new ArrayList<>());
      ioSepCoef.add(new ArrayList<>());
      if (!mapping.unitLastChunk(u)) ioConst[u] += mapping.unitPsumBits(u); // partial sums stored
      if (mapping.unitChunk(u) > 0) ioConst[u] += mapping.unitPsumBits(u - 1); // and loaded by the next chunk
    }
    double actBits = hw.activationBits();
    for (TrafficTensor t : model.graph().tensors()) {
      double bits = t.elements() * actBits;
      int q = t.producer();
      // stores: unit v of the producer stores its share if t is an output or a consumer's last unit lies after its partition
      if (q >= 0) {
        int m = -1;
        for (int c : t.consumers()) m = Math.max(m, model.stageLastUnit(c));
        double gw = (double) model.graph().stage(q).groups() * model.graph().stage(q).w();
        for (int v = model.stageFirstUnit(q); v <= model.stageLastUnit(q); v++) {
          if (!mapping.unitLastChunk(v) || mapping.unitOutputs(v) == 0) continue;
          double coef = bits * mapping.unitOutputs(v) / gw;
          if (t.output()) ioConst[v] += coef;
          else if (m > v) addSep(v, v, m, coef);
        }
      }
      // loads: at each consumer unit u that is the first consumer unit of its partition
      List<Integer> cu = new ArrayList<>();
      for (int c : t.consumers()) for (int u = model.stageFirstUnit(c); u <= model.stageLastUnit(c); u++) cu.add(u);
      for (int x = 0; x < cu.size(); x++) {
        int u = cu.get(x);
        int prev = x == 0 ? -1 : cu.get(x - 1);
        if (q < 0) {
          if (prev < 0) ioConst[u] += bits;
          else addSep(u, prev, u, bits);
        } else {
          double gw = (double) model.graph().stage(q).groups() * model.graph().stage(q).w();
          for (int v = model.stageFirstUnit(q); v <= model.stageLastUnit(q) && v < u; v++) {
            if (!mapping.unitLastChunk(v) || mapping.unitOutputs(v) == 0) continue;
            addSep(u, Math.max(v, prev), u, bits * mapping.unitOutputs(v) / gw);
          }
        }
      }
    }

    // ---- fill: predecessors' last units
    List<List<Integer>> preds = new ArrayList<>();
    for (int s = 0; s < stages; s++) preds.add(new ArrayList<>());
    for (StageEdge e : model.graph().edges()) if (e.from() < e.to()) preds.get(e.to()).add(e.from());
    predLast = new int[n][];
    for (int u = 0; u < n; u++) {
      predLast[u] = preds.get(stageOf[u]).stream().distinct().mapToInt(model::stageLastUnit).toArray();
    }

    // ---- energy that no decision changes: compute, attention, weight reads
    double e = 0;
    for (int u = 0; u < n; u++) {
      e += (double) batch * hw.steps() * hw.eStep() * model.stageMvms(stageOf[u]) * mapping.unitArrays(u);
      e += mapping.unitWeightBits(u) / 8.0 * hw.eDram();
    }
    for (int s = 0; s < stages; s++) e += (double) batch * model.graph().stage(s).attentionMacs() * hw.eVecMac();
    energyConst = e;
  }

  /** Adds {@code coef * sep(a, b)} bits to unit {@code at}'s traffic; {@code a < b}; a == b means never. */
  private void addSep(int at, int a, int b, double coef) {
    if (a >= b) return;
    List<long[]> keys = ioSepKeys.get(at);
    List<Double> coefs = ioSepCoef.get(at);
    for (int k = 0; k < keys.size(); k++) {
      if (keys.get(k)[0] == a && keys.get(k)[1] == b) {
        coefs.set(k, coefs.get(k) + coef);
        return;
      }
    }
    keys.add(new long[] {a, b});
    coefs.add(coef);
  }

  @Override
  public double tolerance() {
    return TOLERANCE;
  }

  /** Counts of the model's parts (for statistics): levels and traffic terms. */
  Map<String, Object> sizes() {
    Map<String, Object> m = new LinkedHashMap<>();
    int lv = 0;
    for (int u = 0; u < n; u++) lv += levelD[stageOf[u]].length;
    int terms = 0;
    for (List<long[]> k : ioSepKeys) terms += k.size();
    m.put("levelBinaries", lv);
    m.put("trafficTerms", terms);
    return m;
  }

  /** A plan for scaling: longest valid ranges left to right, each at its best target for the weights. */
  private PlanCost heuristic(double alpha, double beta) {
    RangeScanner sc = model.scanner();
    List<Partition> parts = new ArrayList<>();
    int i = 0;
    while (i < n) {
      int j = Math.max(i, model.maxLast(i)); // the greedy cut (GreedyCuts)
      sc.setRange(i, j);
      if (sc.scan(alpha, beta, beta, alpha) == Double.POSITIVE_INFINITY) return null;
      parts.add(new Partition(i, j, sc.costAtStep(i, j, sc.bestStep()).replication()));
      i = j + 1;
    }
    return model.evaluate(new PartitionPlan(parts));
  }

  @Override
  public Weighted solve(double alpha, double beta, double seconds) {
    OrTools.load();
    long t0 = System.nanoTime();
    Map<String, Object> stats = new LinkedHashMap<>(sizes());
    PlanCost h = heuristic(alpha, beta);
    if (h == null) {
      return Weighted.infeasible(stats);
    }
    double objScale = Math.max(alpha * h.latencySeconds() + beta * h.energyJoules(), Double.MIN_NORMAL);
    double tn = h.latencySeconds(); // time unit of the model
    MPSolver s = MPSolver.createSolver("SCIP");
    if (s == null) throw new IllegalStateException("OR-Tools was built without SCIP");
    try {
      return build(s, alpha, beta, seconds, objScale, tn, h, stats, t0);
    } finally {
      s.delete();
    }
  }

  private Weighted build(MPSolver s, double alpha, double beta, double seconds, double objScale, double tn, PlanCost hint,
      Map<String, Object> stats, long t0) {
    double inf = MPSolver.infinity();
    double bw = hw.bwDram();
    double rowTime = hw.tRow() / hw.writePorts() / tn; // per row written, model units
    double ioTimePerBit = batch / 8.0 / bw / tn;
    double thetaMax = maxTheta / tn;

    // ---- per-unit maxima for big-M bounds (window sums over the longest valid partition ending at u)
    double[] maxT = new double[n];
    double[] maxRow = new double[n];
    double[] maxIo = new double[n];
    double[] wTime = new double[n];
    for (int u = 0; u < n; u++) {
      int st = stageOf[u];
      maxT[u] = levelT[st].length == 0 ? 0 : levelT[st][0] / tn;
      int dmax = levelD[st].length == 0 ? 1 : levelD[st][levelD[st].length - 1];
      maxRow[u] = (double) dmax * mapping.unitRowsWritten(u) * rowTime;
      double io = ioConst[u];
      for (double c : ioSepCoef.get(u)) io += c;
      maxIo[u] = io * ioTimePerBit;
      wTime[u] = mapping.unitWeightBits(u) / 8.0 / bw / tn;
    }
    double[] winT = window(maxT);
    double[] winRow = window(maxRow);
    double[] winIo = window(maxIo);
    double[] winW = window(wTime);

    // ---- cuts: b[u] = 1 if a partition starts at u (b[0] = 1); cum[u] = number of cuts in 1..u
    MPVariable[] b = new MPVariable[n];
    MPVariable[] cum = new MPVariable[n];
    for (int u = 0; u < n; u++) {
      b[u] = u == 0 ? s.makeNumVar(1, 1, "b0") : s.makeBoolVar("b" + u);
      cum[u] = s.makeNumVar(0, u, "cum" + u);
      MPConstraint c = s.makeConstraint(0, 0);
      c.setCoefficient(cum[u], 1);
      if (u > 0) {
        c.setCoefficient(cum[u - 1], -1);
        c.setCoefficient(b[u], -1);
      }
    }
    Map<Long, MPVariable> seps = new HashMap<>();

    // ---- levels: lambda[u][l], one per unit; equal along a stage inside a partition
    MPVariable[][] lam = new MPVariable[n][];
    for (int u = 0; u < n; u++) {
      int st = stageOf[u];
      int nl = levelD[st].length;
      if (nl == 0) {
        return Weighted.infeasible(stats);
      }
      lam[u] = new MPVariable[nl];
      MPConstraint one = s.makeConstraint(1, 1);
      for (int l = 0; l < nl; l++) {
        boolean fits = (long) levelD[st][l] * mapping.unitArrays(u) <= (long) hw.arrays();
        lam[u][l] = fits ? s.makeBoolVar("lam" + u + "_" + l) : s.makeNumVar(0, 0, "lam" + u + "_" + l);
        one.setCoefficient(lam[u][l], 1);
      }
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
    }

    // ---- bottleneck target tau[u] (constant in a partition), stage time t_u, least replication
    MPVariable[] tau = new MPVariable[n];
    for (int u = 0; u < n; u++) {
      int st = stageOf[u];
      tau[u] = s.makeNumVar(0, thetaMax, "tau" + u);
      MPConstraint lo = s.makeConstraint(0, inf); // tau_u >= t_u = sum_l t_l lam
      lo.setCoefficient(tau[u], 1);
      MPConstraint up = s.makeConstraint(-inf, 0); // tau_u <= sum_l up_l lam
      up.setCoefficient(tau[u], 1);
      for (int l = 0; l < lam[u].length; l++) {
        lo.setCoefficient(lam[u][l], -levelT[st][l] / tn);
        up.setCoefficient(lam[u][l], -levelUp[st][l] / tn);
      }
      if (u > 0) {
        MPConstraint c1 = s.makeConstraint(-inf, 0); // tau_u - tau_{u-1} <= thetaMax * b_u
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
    if (hw.allocation() == Allocation.ARRAY) {
      MPVariable prev = null;
      for (int u = 0; u < n; u++) {
        MPVariable cap = s.makeNumVar(0, hw.arrays(), "cap" + u);
        // cap_u >= cap_{u-1} + arrays(u)*d_u - A*b_u ; cap_u >= arrays(u)*d_u
        MPConstraint c = s.makeConstraint(0, inf);
        c.setCoefficient(cap, 1);
        addArrays(c, u, lam, -1);
        if (prev != null) {
          MPConstraint own = s.makeConstraint(0, inf); // cap_u >= arrays(u) d_u
          own.setCoefficient(cap, 1);
          addArrays(own, u, lam, -1);
          c.setCoefficient(prev, -1);
          c.setCoefficient(b[u], hw.arrays());
        }
        prev = cap;
      }
    } else {
      int ac = hw.arraysPerCore();
      int nc = hw.cores();
      MPVariable prevRun = null;
      MPVariable prevFp = null;
      MPVariable prevBase = null;
      for (int u = 0; u < n; u++) {
        boolean same = u > 0 && stageOf[u - 1] == stageOf[u];
        MPVariable run = s.makeNumVar(0, (double) ac * nc, "arun" + u);
        MPVariable fp = s.makeIntVar(0, nc, "fp" + u);
        MPVariable base = s.makeNumVar(0, nc, "base" + u);
        MPConstraint c = s.makeConstraint(0, inf); // run_u >= [same] run_{u-1} + arrays(u) d_u - A b_u
        c.setCoefficient(run, 1);
        addArrays(c, u, lam, -1);
        if (same) {
          MPConstraint own = s.makeConstraint(0, inf); // run_u >= arrays(u) d_u
          own.setCoefficient(run, 1);
          addArrays(own, u, lam, -1);
          c.setCoefficient(prevRun, -1);
          c.setCoefficient(b[u], (double) ac * nc);
        }
        MPConstraint ceil = s.makeConstraint(0, inf); // ac * fp_u >= run_u
        ceil.setCoefficient(fp, ac);
        ceil.setCoefficient(run, -1);
        if (u > 0) {
          MPConstraint cb = s.makeConstraint(0, inf); // base_u >= base_{u-1} (+ fp_{u-1} if new stage) - 2 N_c b_u
          cb.setCoefficient(base, 1);
          cb.setCoefficient(prevBase, -1);
          if (!same) cb.setCoefficient(prevFp, -1);
          cb.setCoefficient(b[u], 2.0 * nc);
        }
        MPConstraint cap = s.makeConstraint(-inf, nc); // base_u + fp_u <= N_c
        cap.setCoefficient(base, 1);
        cap.setCoefficient(fp, 1);
        prevRun = run;
        prevFp = fp;
        prevBase = base;
      }
    }

    // ---- traffic increments io_u (model time units) and running sums; weight, row and fill running sums
    MPObjective obj = s.objective();
    double eWeight = beta / objScale;
    MPVariable[] tp = new MPVariable[n];
    MPVariable prevW = null;
    MPVariable prevR = null;
    MPVariable prevIo = null;
    MPVariable prevF = null;
    MPVariable[] fillAt = new MPVariable[n];
    for (int u = 0; u < n; u++) {
      int st = stageOf[u];
      // weight read time wt_u >= wt_{u-1} + w_u - M b_u ; wt_u >= w_u
      MPVariable wt = s.makeNumVar(wTime[u], inf, "wt" + u);
      MPConstraint cw = s.makeConstraint(wTime[u], inf);
      cw.setCoefficient(wt, 1);
      if (prevW != null) {
        cw.setCoefficient(prevW, -1);
        cw.setCoefficient(b[u], winW[u - 1]);
      }
      // row write time rt_u >= rt_{u-1} + rows(u) d_u tRow/ports - M b_u
      MPVariable rt = s.makeNumVar(0, inf, "rt" + u);
      MPConstraint cr = s.makeConstraint(0, inf);
      cr.setCoefficient(rt, 1);
      for (int l = 0; l < lam[u].length; l++) {
        double rows = (double) levelD[st][l] * mapping.unitRowsWritten(u);
        cr.setCoefficient(lam[u][l], -rows * rowTime);
        obj.setCoefficient(lam[u][l], eWeight * rows * hw.eRow());
      }
      if (prevR != null) {
        MPConstraint own = s.makeConstraint(0, inf); // rt_u >= rows(u) d_u tRow/ports
        own.setCoefficient(rt, 1);
        for (int l = 0; l < lam[u].length; l++) {
          own.setCoefficient(lam[u][l], -(double) levelD[st][l] * mapping.unitRowsWritten(u) * rowTime);
        }
        cr.setCoefficient(prevR, -1);
        cr.setCoefficient(b[u], winRow[u - 1]);
      }
      // traffic io_u >= inc_u ; io_u >= io_{u-1} + inc_u - M b_u
      MPVariable io = s.makeNumVar(0, inf, "io" + u);
      double eIo = eWeight * batch / 8.0 * hw.eDram();
      double incConst = ioConst[u];
      List<MPVariable> incVars = new ArrayList<>();
      List<Double> incCoefs = new ArrayList<>();
      List<long[]> keys = ioSepKeys.get(u);
      for (int k = 0; k < keys.size(); k++) {
        MPVariable sv = sep(s, seps, b, cum, (int) keys.get(k)[0], (int) keys.get(k)[1]);
        double coef = ioSepCoef.get(u).get(k);
        if (sv == null) { // always separated
          incConst += coef;
        } else {
          incVars.add(sv);
          incCoefs.add(coef);
          obj.setCoefficient(sv, obj.getCoefficient(sv) + eIo * coef);
        }
      }
      obj.setOffset(obj.offset() + eIo * incConst);
      MPConstraint own = s.makeConstraint(incConst * ioTimePerBit, inf);
      own.setCoefficient(io, 1);
      for (int k = 0; k < incVars.size(); k++) {
        own.setCoefficient(incVars.get(k), own.getCoefficient(incVars.get(k)) - incCoefs.get(k) * ioTimePerBit);
      }
      if (prevIo != null) {
        MPConstraint ci = s.makeConstraint(incConst * ioTimePerBit, inf);
        ci.setCoefficient(io, 1);
        for (int k = 0; k < incVars.size(); k++) {
          ci.setCoefficient(incVars.get(k), ci.getCoefficient(incVars.get(k)) - incCoefs.get(k) * ioTimePerBit);
        }
        ci.setCoefficient(prevIo, -1);
        ci.setCoefficient(b[u], ci.getCoefficient(b[u]) + winIo[u - 1]);
      }
      // fill: L_u >= t_u ; L_u >= t_u + L_{last(q)} - M sep(last(q), u) ; F_u >= L_u ; F_u >= F_{u-1} - M b_u
      MPVariable fillU = s.makeNumVar(0, inf, "L" + u);
      fillAt[u] = fillU;
      MPConstraint base = s.makeConstraint(0, inf);
      base.setCoefficient(fillU, 1);
      for (int l = 0; l < lam[u].length; l++) base.setCoefficient(lam[u][l], -levelT[st][l] / tn);
      for (int lq : predLast[u]) {
        if (lq >= u) continue;
        MPVariable sv = sep(s, seps, b, cum, lq, u);
        if (sv == null) continue;
        MPConstraint c = s.makeConstraint(0, inf);
        c.setCoefficient(fillU, 1);
        for (int l = 0; l < lam[u].length; l++) c.setCoefficient(lam[u][l], -levelT[st][l] / tn);
        c.setCoefficient(fillAt[lq], -1);
        c.setCoefficient(sv, winT[lq]);
      }
      MPVariable fm = s.makeNumVar(0, inf, "F" + u);
      MPConstraint cf = s.makeConstraint(0, inf);
      cf.setCoefficient(fm, 1);
      cf.setCoefficient(fillU, -1);
      if (prevF != null) {
        MPConstraint cf2 = s.makeConstraint(0, inf);
        cf2.setCoefficient(fm, 1);
        cf2.setCoefficient(prevF, -1);
        cf2.setCoefficient(b[u], winT[u - 1]);
      }
      // partition time at its last unit: Tw >= wt, Tw >= rt; X >= F + (B-1) tau, X >= io; Tp >= Tw + X - M (1 - e_u)
      MPVariable tw = s.makeNumVar(0, inf, "Tw" + u);
      geq(s, tw, wt);
      geq(s, tw, rt);
      MPVariable x = s.makeNumVar(0, inf, "X" + u);
      MPConstraint cx = s.makeConstraint(0, inf);
      cx.setCoefficient(x, 1);
      cx.setCoefficient(fm, -1);
      cx.setCoefficient(tau[u], -(batch - 1));
      geq(s, x, io);
      tp[u] = s.makeNumVar(0, inf, "Tp" + u);
      double bigM = winW[u] + winRow[u] + winT[u] + (batch - 1) * thetaMax + winIo[u];
      MPConstraint ct = s.makeConstraint(-bigM, inf);
      ct.setCoefficient(tp[u], 1);
      ct.setCoefficient(tw, -1);
      ct.setCoefficient(x, -1);
      if (u + 1 < n) ct.setCoefficient(b[u + 1], -bigM);
      else ct.setLb(0);
      obj.setCoefficient(tp[u], (alpha + beta * hw.pStatic()) * tn / objScale);
      prevW = wt;
      prevR = rt;
      prevIo = io;
      prevF = fm;
    }
    obj.setOffset(obj.offset() + eWeight * energyConst);
    obj.setMinimization();

    // valid inequalities (FORMULATION.md §8.12's roofline argument, per plan): every partition has
    // T(p) >= T_write(p) + B*tau_p and tau_p >= (array work of p)/A, with T_write(p) >= bytesW(p)/bw and
    // >= rowsW(p)*tRow/ports; summed over partitions:
    //   sum_u Tp_u >= totalWeightBytes/bw + B*work/A   and   sum_u Tp_u >= sum_u r_u d_u tRow/ports + B*work/A
    double work = 0;
    double weights = 0;
    for (int u = 0; u < n; u++) {
      work += (double) model.stageMvms(stageOf[u]) * hw.mvmTime() * mapping.unitArrays(u);
      weights += wTime[u];
    }
    double computeLb = batch * work / hw.arrays() / tn;
    MPConstraint roofW = s.makeConstraint(weights + computeLb, inf);
    MPConstraint roofR = s.makeConstraint(computeLb, inf);
    for (int u = 0; u < n; u++) {
      roofW.setCoefficient(tp[u], 1);
      roofR.setCoefficient(tp[u], 1);
      for (int l = 0; l < lam[u].length; l++) {
        roofR.setCoefficient(lam[u][l], -(double) levelD[stageOf[u]][l] * mapping.unitRowsWritten(u) * rowTime);
      }
    }

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

    stats.put("backend", "SCIP " + s.solverVersion());
    stats.put("variables", s.numVariables());
    stats.put("constraints", s.numConstraints());
    stats.put("separationBinaries", seps.size());
    stats.put("buildSeconds", (System.nanoTime() - t0) / 1e9);
    s.setSolverSpecificParametersAsString("randomization/randomseedshift = " + Math.floorMod(options.seed(), 1 << 30) + "\n"
        + "numerics/feastol = 1e-8\npresolving/maxrounds = 20\n" + PathFormulation.scipNodeLimit(options));
    double left = seconds > 0 ? seconds - (System.nanoTime() - t0) / 1e9 : 0;
    if (seconds > 0) s.setTimeLimit(Math.max(1, (long) (left * 1000)));
    MPSolverParameters p = new MPSolverParameters();
    p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
    MPSolver.ResultStatus st = s.solve(p);
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
    double bound = obj.bestBound() * objScale;
    options.progress().report(solverName, obj.value() * objScale, bound, (System.nanoTime() - t0) / 1e9);

    // ---- the plan: cuts, and per partition the target max_s t_s(d_s) of the chosen levels
    List<Partition> parts = new ArrayList<>();
    int start = 0;
    double modelT = 0;
    for (int u = 0; u < n; u++) modelT += tp[u].solutionValue() * tn;
    double modelE = energyConst + hw.pStatic() * modelT;
    for (int u = 0; u < n; u++) {
      int st2 = stageOf[u];
      for (int l = 0; l < lam[u].length; l++) {
        if (lam[u][l].solutionValue() > 0.5) modelE += (double) levelD[st2][l] * mapping.unitRowsWritten(u) * hw.eRow();
      }
      double bits = ioConst[u];
      List<long[]> keys = ioSepKeys.get(u);
      for (int k = 0; k < keys.size(); k++) {
        MPVariable sv = seps.get(key((int) keys.get(k)[0], (int) keys.get(k)[1]));
        boolean sep = sv == null ? isAlwaysSeparated((int) keys.get(k)[0], (int) keys.get(k)[1])
            : sv.solutionValue() > 0.5;
        if (sep) bits += ioSepCoef.get(u).get(k);
      }
      modelE += bits * batch / 8.0 * hw.eDram();
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
    double vouchedT = alpha > 0 || beta * hw.pStatic() > 0 ? modelT : Double.NaN;
    return new Weighted(Optional.of(cost), vouchedT, modelE, bound, proven, !optimal, false, stats);
  }

  private void addArrays(MPConstraint c, int u, MPVariable[][] lam, double sign) {
    int st = stageOf[u];
    for (int l = 0; l < lam[u].length; l++) {
      c.setCoefficient(lam[u][l], sign * (double) levelD[st][l] * mapping.unitArrays(u));
    }
  }

  private static void geq(MPSolver s, MPVariable big, MPVariable small) {
    MPConstraint c = s.makeConstraint(0, MPSolver.infinity());
    c.setCoefficient(big, 1);
    c.setCoefficient(small, -1);
  }

  private long key(int a, int bb) {
    return (long) a * n + bb;
  }

  /** Units {@code a < b} can never share a partition when the range {@code a..b} is not valid. */
  private boolean isAlwaysSeparated(int a, int bb) {
    return !model.valid(a, bb);
  }

  /**
   * The binary {@code sep(a,b) = [a cut lies in (a, b]]}, {@code a < b}, or null when it is always 1.
   * {@code sep(a, a+1) = b_{a+1}}; otherwise {@code (b-a)*sep >= cum_b - cum_a} and {@code sep <= cum_b - cum_a}.
   */
  private MPVariable sep(MPSolver s, Map<Long, MPVariable> seps, MPVariable[] b, MPVariable[] cum, int a, int bb) {
    if (isAlwaysSeparated(a, bb)) return null;
    if (bb == a + 1) {
      seps.putIfAbsent(key(a, bb), b[bb]);
      return b[bb];
    }
    return seps.computeIfAbsent(key(a, bb), k -> {
      MPVariable v = s.makeBoolVar("sep" + a + "_" + bb);
      MPConstraint lo = s.makeConstraint(0, MPSolver.infinity());
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

  /** {@code out[u]} = sum of {@code x} over the longest valid range ending at {@code u}. */
  private double[] window(double[] x) {
    double[] pre = new double[n + 1];
    for (int u = 0; u < n; u++) pre[u + 1] = pre[u] + x[u];
    double[] out = new double[n];
    for (int u = 0; u < n; u++) out[u] = pre[u + 1] - pre[model.minFirst(u)];
    return out;
  }
}
