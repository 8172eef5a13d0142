package dev.compass.solvers.cp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.CompactTables;
import dev.compass.costmodel.ReplicationLadder;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.constraints.Constraint;
import org.chocosolver.solver.variables.BoolVar;
import org.chocosolver.solver.variables.IntVar;

/**
 * The Choco model of the compact formulation (see {@link CpSolver} for the mathematics). One
 * instance per Choco {@link Model}; building is deterministic.
 *
 * <p>Per unit {@code u}: a cut variable {@code c_u} (a partition starts at {@code u}), the index
 * {@code tau_u} of its partition's bottleneck target in the sorted candidate values, the start
 * {@code st_u} of its partition, and running quantities of the partition up to {@code u} (arrays of
 * the current stage, capacity used, bottleneck, longest path, rows written). Values of the whole
 * partition are read at its last unit ({@code e_u = c_{u+1}}).
 */
final class CpModel {
  /** Relative slack used when rounding scaled constants down, so that they never exceed the true value. */
  static final double DOWN = 1 - 1e-12;

  final CostModel cm;
  final CompactTables ct;
  final CpTables tables;
  final Objective objective;
  final Scaling scaling;
  final Model model;
  final int n;
  /** Candidate bottleneck targets (seconds), ascending, distinct beyond {@link ReplicationLadder#TOLERANCE}. */
  final double[] targets;
  /** {@code stageD[s][k]} = least replication of stage s meeting target k, or -1 if none fits. */
  final int[][] stageD;
  final BoolVar[] cut;
  final BoolVar[] end;
  final IntVar[] tau;
  final IntVar objectiveVar;
  IntVar latencyVar;
  IntVar energyVar;
  /** Decision variables in branching order: {@code tau_0, c_1, tau_1, ..., c_{n-1}, tau_{n-1}}. */
  final IntVar[] decisions;

  private final IntVar zero;

  CpModel(CpTables tables, Objective objective, Scaling scaling, String name) {
    this(tables, objective, scaling, name, () -> false);
  }

  /** Thrown by the constructor when its deadline passes while it builds (checked once per unit of each loop). */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("deadline passed while building cp-compact's model", null, false, false);
    }
  }

  /** True once building should stop ({@link Stopped}): the solve's deadline. */
  private final BooleanSupplier stop;

  private void check() {
    if (stop.getAsBoolean()) throw new Stopped();
  }

  /**
   * The model, built until {@code stop} says so (e.g. {@code IlpDriver.Deadline::expired}): then the constructor
   * throws {@link Stopped}.
   */
  CpModel(CpTables tables, Objective objective, Scaling scaling, String name, BooleanSupplier stop) {
    this.stop = stop;
    this.tables = tables;
    this.cm = tables.cm;
    this.ct = tables.ct;
    this.objective = objective;
    this.scaling = scaling;
    this.targets = tables.targets;
    this.stageD = tables.stageD;
    this.model = new Model(name);
    this.n = ct.units();
    this.zero = model.intVar(0);
    int m = targets.length;

    cut = new BoolVar[n];
    end = new BoolVar[n];
    tau = new IntVar[n];
    cut[0] = model.boolVar(true);
    for (int u = 1; u < n; u++) cut[u] = model.boolVar("c" + u);
    for (int u = 0; u < n; u++) end[u] = u + 1 < n ? cut[u + 1] : model.boolVar(true);
    for (int u = 0; u < n; u++) tau[u] = model.intVar("tau" + u, 0, m - 1, false);
    // units of one partition share its target: c_{u+1} = 0 -> tau_u = tau_{u+1}
    for (int u = 0; u + 1 < n; u++) model.ifThen(cut[u + 1].not(), model.arithm(tau[u], "=", tau[u + 1]));

    // start of the partition holding u: st_u = c_u ? u : st_{u-1}; a valid range starts at >= minFirst(u)
    IntVar[] start = new IntVar[n];
    for (int u = 0; u < n; u++) {
      check();
      if (u == 0) {
        start[u] = zero;
      } else {
        start[u] = model.intVar("st" + u, cm.minFirst(u), u, false);
        model.element(start[u], new IntVar[] {start[u - 1], model.intVar(u)}, cut[u], 0).post();
      }
    }

    // replication d_u = D_{s(u)}[tau_u]; the bottleneck target is tight: some stage of the partition
    // has t_s(d_s) equal to it (one target index per plan)
    IntVar[] d = new IntVar[n];
    IntVar tightRun = null;
    for (int u = 0; u < n; u++) {
      check();
      int s = ct.unitStage(u);
      int dmax = Arrays.stream(stageD[s]).max().orElse(1);
      d[u] = model.intVar("d" + u, 1, Math.max(1, dmax), true);
      element(d[u], stageD[s], tau[u], 0);
      int[] tight = new int[m];
      for (int k = 0; k < m; k++) tight[k] = stageD[s][k] >= 1 && ReplicationLadder.atTarget(tables.stageT[s][k], targets[k]) ? 1 : 0;
      IntVar tg = model.intVar("tight" + u, 0, 1);
      element(tg, tight, tau[u], 0);
      IntVar run = model.intVar("tightRun" + u, 0, 1);
      if (u == 0) model.arithm(run, "=", tg).post();
      else model.max(run, tg, ite(cut[u], zero, tightRun, 0, 1)).post();
      model.arithm(run, ">=", end[u]).post();
      tightRun = run;
    }

    // capacity: g_u = arrays of stage s(u) in the partition up to u; h_u its footprint with d_u copies;
    // L_u = footprint of the partition up to u <= capacity
    long cap = ct.capacity();
    int arraysOnChip = ct.arraysOnChip();
    IntVar prevG = null;
    IntVar prevB = null;
    IntVar prevL = null;
    for (int u = 0; u < n; u++) {
      check();
      int s = ct.unitStage(u);
      int a = (int) ct.arrays(u);
      boolean firstOfStage = u == ct.stageFirstUnit(s);
      IntVar g;
      if (firstOfStage) {
        g = model.intVar(a);
      } else {
        g = model.intVar("g" + u, a, arraysOnChip, true);
        model.element(g, new IntVar[] {model.offset(prevG, a), model.intVar(a)}, cut[u], 0).post();
      }
      IntVar h = model.intVar("h" + u, 0, (int) cap, true);
      if (ct.allocation() == Allocation.ARRAY) {
        model.times(d[u], g, h).post();
      } else {
        IntVar p = model.intVar("p" + u, 0, arraysOnChip, true);
        model.times(d[u], g, p).post();
        int apc = ct.arraysPerCore();
        model.div(model.offset(p, apc - 1), model.intVar(apc), h).post();
      }
      IntVar b;
      if (u == 0) {
        b = zero;
      } else {
        IntVar carried = firstOfStage ? prevL : prevB;
        b = ite(cut[u], zero, carried, 0, (int) cap);
      }
      IntVar l = model.intVar("L" + u, 0, (int) cap, true);
      model.arithm(l, "=", b, "+", h).post();
      prevG = g;
      prevB = b;
      prevL = l;
    }

    if (scaling.needTime()) buildTime(start);
    if (scaling.needEnergy()) buildEnergy(start);

    objectiveVar = switch (objective.kind()) {
      case LATENCY -> latencyVar;
      case ENERGY, WEIGHTED -> energyVar;
      case EDP -> {
        IntVar z = model.intVar("edp", 0, Scaling.RANGE * 2, true);
        new Constraint("FloorProduct", new FloorProductPropagator(latencyVar, energyVar, z, 0, scaling.energyConstQ(), scaling.productDivisor())).post();
        yield z;
      }
    };
    model.setObjective(Model.MINIMIZE, objectiveVar);

    decisions = new IntVar[2 * n - 1];
    int k = 0;
    for (int u = 0; u < n; u++) {
      check();
      if (u > 0) decisions[k++] = cut[u];
      decisions[k++] = tau[u];
    }
  }

  /** Terms per {@code sum} constraint: below Choco's threshold for decomposing a sum itself. */
  static final int SUM_BLOCK = 32;

  /**
   * {@code total = sum(terms)} for non-negative terms, as a tree of sums of at most {@link #SUM_BLOCK} terms whose
   * partial sums have domain {@code [0, ub]} ({@code ub} = the total's upper bound: a partial sum of non-negative
   * terms never exceeds the total). Choco's own decomposition of a long sum gives each partial sum the sum of its
   * terms' bounds, which for thousands of terms of up to {@link Scaling#RANGE} passes Choco's largest domain bound
   * (about 2.1e7) and makes it refuse the model (vit_b_16 energy and EDP, gpt2_xl every objective).
   */
  private void sum(IntVar[] terms, IntVar total, int ub, String name) {
    for (IntVar t : terms) {
      if (t.getLB() < 0) throw new IllegalStateException("cp-compact: sum term " + t.getName() + " may be negative");
    }
    IntVar[] level = terms;
    int depth = 0;
    while (level.length > SUM_BLOCK) {
      IntVar[] next = new IntVar[(level.length + SUM_BLOCK - 1) / SUM_BLOCK];
      for (int k = 0; k < next.length; k++) {
        IntVar[] block = Arrays.copyOfRange(level, k * SUM_BLOCK, Math.min(level.length, (k + 1) * SUM_BLOCK));
        next[k] = model.intVar(name + "_sum" + depth + "_" + k, 0, ub, true);
        model.sum(block, "=", next[k]).post();
      }
      level = next;
      depth++;
    }
    model.sum(level, "=", total).post();
  }

  /** {@code value = table[index - offset]} (see {@link TableElementPropagator}). */
  private void element(IntVar value, int[] table, IntVar index, int offset) {
    new Constraint("TableElement", new TableElementPropagator(index, table, offset, value)).post();
  }

  /** {@code c ? a : b} as a new variable in {@code [lb, ub]}. */
  private IntVar ite(BoolVar c, IntVar a, IntVar b, int lb, int ub) {
    IntVar r = model.intVar(lb, ub, true);
    model.element(r, new IntVar[] {b, a}, c, 0).post();
    return r;
  }

  private int tq(double seconds) {
    return scaling.down(seconds, scaling.timeQuantum(), scaling.timeMax() + 1);
  }

  private int eq(double joules) {
    return scaling.down(joules, scaling.energyQuantum(), scaling.energyMax() + 1);
  }

  /**
   * Partition latency in time quanta (FORMULATION.md §4, version 2; see {@link CpSolver}). Running
   * quantities of the partition of {@code u} up to {@code u}: {@code m_u} (largest stage time),
   * {@code V_u} (attention time of its stages, each counted once per partition), {@code f_u} (first-image
   * finish time of stage {@code s(u)}), {@code F_u} (largest finish time), {@code R_u} (row-write time).
   */
  private void buildTime(IntVar[] start) {
    int m = targets.length;
    int tMax = scaling.timeMax();
    int batch = ct.batch();
    double rowTime = ct.rowSeconds();
    boolean anyEdge = false;
    for (int s = 0; s < ct.stages(); s++) anyEdge |= ct.predecessors(s).length > 0;
    IntVar[] pi = new IntVar[n];
    if (anyEdge) {
      for (int u = 0; u < n; u++) {
        check();
        if (u == 0) pi[u] = zero;
        else {
          pi[u] = model.intVar("pi" + u, 0, u, true);
          model.arithm(pi[u], "=", pi[u - 1], "+", cut[u]).post();
        }
      }
    }
    int[][] stageTq = new int[ct.stages()][];
    int[] vq = new int[ct.stages()];
    boolean anyAttention = false;
    for (int s = 0; s < ct.stages(); s++) {
      stageTq[s] = new int[m];
      for (int k = 0; k < m; k++) stageTq[s][k] = stageD[s][k] >= 1 ? tq(tables.stageT[s][k]) : 0;
      vq[s] = tq(ct.attentionSeconds(s));
      anyAttention |= vq[s] > 0;
    }
    IntVar[] fin = new IntVar[n];
    IntVar prevM = null;
    IntVar prevV = null;
    IntVar prevF = null;
    IntVar prevR = null;
    List<IntVar> parts = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      check();
      int s = ct.unitStage(u);
      boolean firstOfStage = u == ct.stageFirstUnit(s);
      int lo = cm.minFirst(u);
      IntVar ts = model.intVar("t" + u, 0, tMax, true);
      element(ts, stageTq[s], tau[u], 0);
      // largest stage time of the partition up to u
      IntVar mm;
      if (u == 0) mm = ts;
      else {
        mm = model.intVar("m" + u, 0, tMax, true);
        model.max(mm, ts, ite(cut[u], zero, prevM, 0, tMax)).post();
      }
      // V: attention time of the partition's stages, each once (a stage split by a cut counts in full in each part)
      IntVar vv;
      if (!anyAttention) vv = zero;
      else if (u == 0) vv = model.intVar(vq[s]);
      else if (firstOfStage) {
        vv = model.intVar("V" + u, 0, tMax, true);
        model.arithm(vv, "=", ite(cut[u], zero, prevV, 0, tMax), "+", vq[s]).post();
      } else vv = ite(cut[u], model.intVar(vq[s]), prevV, 0, tMax);
      // L_s/bwDram of stage s(u) in the partition st_u..u (its share of earlier tensors, its partial sums)
      int[] lt = new int[u - lo + 1];
      for (int i = lo; i <= u; i++) lt[i - lo] = tq(tables.loadSeconds[u][i - lo]);
      IntVar load;
      if (Arrays.stream(lt).allMatch(v -> v == 0)) load = zero;
      else {
        load = model.intVar("Ld" + u, 0, tMax + 1, true);
        element(load, lt, start[u], lo);
      }
      // first-image finish time of s(u): f = max(L_s/bw, t_s + max_{pred p in the partition} f_p); the
      // loads of s grow with its units (partial sums), t_s + max f_p does not
      IntVar through;
      if (firstOfStage) {
        int[] preds = ct.predecessors(s);
        if (preds.length == 0 || u == 0) through = ts;
        else {
          IntVar[] in = new IntVar[preds.length];
          for (int q = 0; q < preds.length; q++) {
            int lp = ct.stageLastUnit(preds[q]);
            BoolVar same = model.arithm(pi[u], "=", pi[lp]).reify();
            in[q] = ite(same, fin[lp], zero, 0, tMax);
          }
          IntVar inMax = model.intVar("in" + u, 0, tMax, true);
          model.max(inMax, in).post();
          through = model.intVar("thr" + u, 0, tMax, true);
          model.arithm(through, "=", ts, "+", inMax).post();
        }
      } else {
        through = ite(cut[u], ts, fin[u - 1], 0, tMax);
      }
      IntVar f;
      if (load == zero) f = through;
      else {
        f = model.intVar("f" + u, 0, tMax, true);
        model.max(f, through, load).post();
      }
      fin[u] = f;
      IntVar ff;
      if (u == 0) ff = f;
      else {
        ff = model.intVar("F" + u, 0, tMax, true);
        model.max(ff, f, ite(cut[u], zero, prevF, 0, tMax)).post();
      }
      // T_compute = max(F, V) + (B-1) * max(max_s t_s, V)
      IntVar fill = ff;
      IntVar bottleneck = mm;
      if (anyAttention) {
        fill = model.intVar("Fv" + u, 0, tMax, true);
        model.max(fill, ff, vv).post();
        bottleneck = model.intVar("tau" + u + "v", 0, tMax, true);
        model.max(bottleneck, mm, vv).post();
      }
      IntVar tc = model.intVar("Tc" + u, 0, tMax, true);
      model.scalar(new IntVar[] {fill, bottleneck}, new int[] {1, batch - 1}, "=", tc).post();
      // rows written (time): sum over the partition's units of d_u * rows(u) * tRow / writePorts
      long rows = ct.rows(u);
      int[] rwTable = new int[m];
      for (int k = 0; k < m; k++) rwTable[k] = stageD[s][k] >= 1 ? tq(stageD[s][k] * rows * rowTime) : 0;
      IntVar rw = model.intVar("rw" + u, 0, tMax + 1, true);
      element(rw, rwTable, tau[u], 0);
      IntVar r = model.intVar("R" + u, 0, tMax, true);
      if (u == 0) model.arithm(r, "=", rw).post();
      else model.arithm(r, "=", rw, "+", ite(cut[u], zero, prevR, 0, tMax)).post();
      // weight read and activation traffic depend on the range ends only
      int[] wt = new int[u - lo + 1];
      int[] io = new int[u - lo + 1];
      for (int i = lo; i <= u; i++) {
        wt[i - lo] = tq(tables.weightSeconds[u][i - lo]);
        io[i - lo] = tq(tables.ioBytes[u][i - lo] / ct.bandwidth());
      }
      IntVar w = model.intVar("Tw" + u, 0, tMax + 1, true);
      element(w, wt, start[u], lo);
      IntVar tw = model.intVar("Twrite" + u, 0, tMax, true);
      model.max(tw, w, r).post();
      IntVar iot = model.intVar("io" + u, 0, tMax + 1, true);
      element(iot, io, start[u], lo);
      IntVar ioAtEnd = ite(end[u], iot, zero, 0, tMax);
      IntVar ph = model.intVar("ph" + u, 0, tMax, true);
      model.max(ph, tc, ioAtEnd).post();
      // every running quantity of a prefix is at most the whole partition's (the traffic, which is not,
      // counts only at the partition's end), so T(prefix) <= T(partition) and the bounds hold for prefixes
      IntVar tp = model.intVar("Tp" + u, 0, tMax, true);
      model.arithm(tp, "=", tw, "+", ph).post();
      parts.add(ite(end[u], tp, zero, 0, tMax));
      prevM = mm;
      prevV = vv;
      prevF = ff;
      prevR = r;
    }
    // redundant: the roofline bound (FORMULATION.md §8.12, less the rounding slack) holds for every plan
    latencyVar = model.intVar("T", Math.min(scaling.timeFloor(), tMax), tMax, true);
    sum(parts.toArray(new IntVar[0]), latencyVar, tMax, "T");
  }

  /** Plan-dependent energy in energy quanta: row writes, activation traffic, static (and lambda*T). */
  private void buildEnergy(IntVar[] start) {
    int m = targets.length;
    int eMax = scaling.energyMax();
    List<IntVar> terms = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      check();
      int s = ct.unitStage(u);
      long rows = ct.rows(u);
      int[] re = new int[m];
      for (int k = 0; k < m; k++) re[k] = stageD[s][k] >= 1 ? eq(stageD[s][k] * rows * ct.rowEnergy()) : 0;
      if (Arrays.stream(re).anyMatch(v -> v != 0)) {
        IntVar v = model.intVar("Erow" + u, 0, eMax + 1, true);
        element(v, re, tau[u], 0);
        terms.add(v);
      }
      int lo = cm.minFirst(u);
      int[] io = new int[u - lo + 1];
      for (int i = lo; i <= u; i++) io[i - lo] = eq(tables.ioBytes[u][i - lo] * ct.dramEnergy());
      if (Arrays.stream(io).anyMatch(v -> v != 0)) {
        IntVar v = model.intVar("Eio" + u, 0, eMax + 1, true);
        element(v, io, start[u], lo);
        terms.add(ite(end[u], v, zero, 0, eMax));
      }
    }
    if (scaling.needTime() && scaling.staticNum() > 0) {
      IntVar st = model.intVar("Estatic", 0, eMax, true);
      new Constraint("FloorProduct", new FloorProductPropagator(latencyVar, model.intVar((int) scaling.staticNum()), st, 0, 0,
          scaling.staticDen())).post();
      terms.add(st);
    }
    energyVar = model.intVar("E", 0, eMax, true);
    if (terms.isEmpty()) model.arithm(energyVar, "=", 0).post();
    else sum(terms.toArray(new IntVar[0]), energyVar, eMax, "E");
  }

  /** The plan of the current solution (all decision variables instantiated). */
  PartitionPlan plan() {
    List<Partition> parts = new ArrayList<>();
    int first = 0;
    for (int u = 0; u < n; u++) {
      if (end[u].getValue() != 1) continue;
      int k = tau[u].getValue();
      Map<String, Integer> rep = new LinkedHashMap<>();
      for (int s = cm.unitStage(first); s <= cm.unitStage(u); s++) rep.put(cm.stageName(s), stageD[s][k]);
      parts.add(new Partition(first, u, rep));
      first = u + 1;
    }
    return new PartitionPlan(parts);
  }
}
