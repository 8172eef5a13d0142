package dev.compass.costmodel;

import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.mapping.StageMapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The analytical cost model of FORMULATION.md §4–5 for one (network, hardware, batch).
 *
 * <p>Construction computes the per-unit prefix sums (arrays, rows written, weight bits, array steps,
 * output columns, partial sums) and per-stage tables (MVMs, attention time, predecessors, tensors
 * read and produced) once. Ranges are then evaluated by a {@link RangeScanner} (one per thread),
 * which allocates nothing. The readings of the open points are in {@code docs/MODEL.md}.
 *
 * <p>For a partition holding units {@code i..j} with replication {@code d_s} (version 2 of the
 * contract):
 *
 * <pre>
 *   t_s      = ceil(P_s/d_s) * steps * tStep + v_s,   v_s = attentionMacs_s / vecMacRate
 *   V        = sum_s v_s                      (one vector unit does every stage's attention)
 *   tau      = max(max_s t_s, V)
 *   f_s      = max(L_s / bwDram, t_s + max_{pred p in partition} f_p)   (no predecessor: t_s)
 *   F        = max(max_s f_s, V)
 *   T_compute= F + (B-1)*tau
 *   T_write  = max(bytesW / bwDram, rowsW * tRow / writePorts),  rowsW = sum_s d_s * rows_s
 *   T(p)     = T_write + max(T_compute, bytesIO / bwDram)
 *   E(p)     = B*sum_u P*steps*arrays(u)*eStep + (bytesW+bytesIO)*eDram + rowsW*eRow
 *              + B*attentionMacs*eVecMac (stages whose first unit is here) + pStatic*T(p)
 * </pre>
 *
 * {@code L_s} is the bytes stage {@code s} loads per image in the partition: its share of every
 * tensor it reads that earlier partitions produced (the network input: all of it) plus the partial
 * sums its units load; a tensor two stages read counts in both {@code L}s but once in {@code bytesIO}.
 *
 * <p>Thread-safe: its tables are immutable after construction, so one model may be shared by
 * solves on many threads; {@link #scanner()} gives each caller its own {@link RangeScanner}, which is
 * not thread-safe (ConcurrencyTest in src/test checks concurrent solves against sequential ones).
 */
public final class CostModel {
  final StageGraph graph;
  final Mapping mapping;
  final HardwareSpec hw;
  final int batch;
  final int units;
  final int stages;
  final Allocation allocation;
  final int arraysOnChip;
  final int arraysPerCore;
  final int cores;
  final double mvmTime;
  final double bw;
  // per unit (prefix sums have units+1 entries)
  final int[] unitStage;
  final int[] unitArrays;
  final long[] prefArrays;
  final long[] prefRows;
  final long[] prefWeightBits;
  final long[] prefStepArrays; // P_s * arrays(u)
  final long[] prefOutputs; // output columns of last-chunk units
  final long[] prefPsumStore; // psum bits/image stored by non-last chunks
  final long[] prefPsumLoad; // psum bits/image loaded by chunks > 0
  // per stage
  final int[] stageFirst;
  final int[] stageLast;
  final long[] stageP;
  final double[] stageAttTime;
  final double[] stageAttEnergy; // per batch
  final double[] stageGW;
  final ReplicationLadder[] ladders;
  final int[][] stagePreds;
  final int[][] stageReads;
  final int[][] stageProduces;
  final String[] stageNames;
  final Map<String, Integer> stageIndex;
  // per traffic tensor
  final double[] tensorBits; // elements * activationBits
  final int[] tensorProducer;
  final boolean[] tensorOutput;
  final int[] tensorMaxConsumerLast;
  // valid windows
  final int[] minFirst;
  final int[] maxLast;

  private CostModel(StageGraph graph, Mapping mapping, int batch) {
    if (batch < 1) throw new InputException("batch", "must be >= 1 image, got " + batch);
    this.graph = graph;
    this.mapping = mapping;
    this.hw = mapping.hardware();
    this.batch = batch;
    this.units = mapping.units();
    this.stages = graph.size();
    this.allocation = hw.allocation();
    this.arraysOnChip = hw.arrays();
    this.arraysPerCore = hw.arraysPerCore();
    this.cores = hw.cores();
    this.mvmTime = hw.mvmTime();
    this.bw = hw.bwDram();

    unitStage = new int[units];
    unitArrays = new int[units];
    prefArrays = new long[units + 1];
    prefRows = new long[units + 1];
    prefWeightBits = new long[units + 1];
    prefStepArrays = new long[units + 1];
    prefOutputs = new long[units + 1];
    prefPsumStore = new long[units + 1];
    prefPsumLoad = new long[units + 1];
    for (int u = 0; u < units; u++) {
      int s = mapping.unitStage(u);
      unitStage[u] = s;
      unitArrays[u] = mapping.unitArrays(u);
      long p = graph.stage(s).mvmsPerImage();
      prefArrays[u + 1] = prefArrays[u] + unitArrays[u];
      prefRows[u + 1] = prefRows[u] + mapping.unitRowsWritten(u);
      prefWeightBits[u + 1] = prefWeightBits[u] + mapping.unitWeightBits(u);
      prefStepArrays[u + 1] = prefStepArrays[u] + Math.multiplyExact(p, (long) unitArrays[u]);
      prefOutputs[u + 1] = prefOutputs[u] + (mapping.unitLastChunk(u) ? mapping.unitOutputs(u) : 0);
      prefPsumStore[u + 1] = prefPsumStore[u] + mapping.unitPsumBits(u);
      prefPsumLoad[u + 1] = prefPsumLoad[u] + (mapping.unitChunk(u) > 0 ? mapping.unitPsumBits(u - 1) : 0);
    }

    stageFirst = new int[stages];
    stageLast = new int[stages];
    stageP = new long[stages];
    stageAttTime = new double[stages];
    stageAttEnergy = new double[stages];
    stageGW = new double[stages];
    stageNames = new String[stages];
    ladders = new ReplicationLadder[stages];
    stageIndex = new HashMap<>();
    for (int s = 0; s < stages; s++) {
      Stage st = graph.stage(s);
      StageMapping sm = mapping.stage(s);
      stageFirst[s] = sm.firstUnit();
      stageLast[s] = sm.lastUnit();
      stageP[s] = st.mvmsPerImage();
      stageAttTime[s] = st.attentionMacs() / hw.vecMacRate();
      stageAttEnergy[s] = (double) batch * st.attentionMacs() * hw.eVecMac();
      stageGW[s] = (double) st.groups() * st.w();
      stageNames[s] = st.name();
      ladders[s] = ReplicationLadder.of(st, hw);
      stageIndex.put(st.name(), s);
    }
    List<List<Integer>> preds = new ArrayList<>();
    for (int s = 0; s < stages; s++) preds.add(new ArrayList<>());
    for (StageEdge e : graph.edges()) preds.get(e.to()).add(e.from());
    stagePreds = new int[stages][];
    for (int s = 0; s < stages; s++) stagePreds[s] = preds.get(s).stream().mapToInt(Integer::intValue).sorted().toArray();

    List<TrafficTensor> ts = graph.tensors();
    tensorBits = new double[ts.size()];
    tensorProducer = new int[ts.size()];
    tensorOutput = new boolean[ts.size()];
    tensorMaxConsumerLast = new int[ts.size()];
    List<List<Integer>> reads = new ArrayList<>();
    List<List<Integer>> produces = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      reads.add(new ArrayList<>());
      produces.add(new ArrayList<>());
    }
    for (int t = 0; t < ts.size(); t++) {
      TrafficTensor tt = ts.get(t);
      tensorBits[t] = (double) tt.elements() * hw.activationBits();
      tensorProducer[t] = tt.producer();
      tensorOutput[t] = tt.output();
      int maxLast = -1;
      for (int c : tt.consumers()) {
        reads.get(c).add(t);
        maxLast = Math.max(maxLast, stageLast[c]);
      }
      tensorMaxConsumerLast[t] = maxLast;
      if (tt.producer() >= 0) produces.get(tt.producer()).add(t);
    }
    stageReads = new int[stages][];
    stageProduces = new int[stages][];
    for (int s = 0; s < stages; s++) {
      stageReads[s] = reads.get(s).stream().mapToInt(Integer::intValue).toArray();
      stageProduces[s] = produces.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
    minFirst = computeMinFirst();
    maxLast = new int[units];
    // maxLast(i) = the largest j with minFirst[j] <= i (minFirst is non-decreasing); i - 1 if unit i alone does not fit
    for (int i = 0, j = -1; i < units; i++) {
      while (j + 1 < units && minFirst[j + 1] <= i) j++;
      maxLast[i] = Math.max(j, i - 1);
    }
  }

  /** Builds the model of a network on a chip for a batch size. */
  public static CostModel of(Network network, HardwareSpec hw, int batch) {
    StageGraph g = StageGraph.of(network);
    return new CostModel(g, Mapping.of(g, hw), batch);
  }

  /** Builds the model from an existing mapping (the stage graph and hardware it was made from). */
  public static CostModel of(Mapping mapping, int batch) {
    return new CostModel(mapping.graph(), mapping, batch);
  }

  /** The same network and chip with another batch size (reuses the mapping). */
  public CostModel withBatch(int b) {
    return b == batch ? this : new CostModel(graph, mapping, b);
  }

  public StageGraph graph() { return graph; }
  public Mapping mapping() { return mapping; }
  public HardwareSpec hardware() { return hw; }
  public int batch() { return batch; }
  public int units() { return units; }
  public int stages() { return stages; }
  public int unitStage(int u) { return unitStage[u]; }
  public String stageName(int s) { return stageNames[s]; }

  /** MVMs per image of stage {@code s} ({@code P_s}). */
  public long stageMvms(int s) { return stageP[s]; }

  /** Attention time per image of stage {@code s} (MACs / vecMacRate), not divided by replicas. */
  public double stageAttentionTime(int s) { return stageAttTime[s]; }

  /** First unit of stage {@code s}. */
  public int stageFirstUnit(int s) { return stageFirst[s]; }

  /** Last unit of stage {@code s}. */
  public int stageLastUnit(int s) { return stageLast[s]; }

  /** Stages with an edge into {@code s}, ascending. */
  public int[] stagePredecessors(int s) { return stagePreds[s].clone(); }

  /** The chip's capacity in the same measure: {@code A} (ARRAY) or {@code N_c} (CORE). */
  public long capacityMeasure() { return capacity(); }

  /** {@code bytesW} of units {@code i..j}: their weight bits / 8 (RangeScanner per range, CompactTables per unit). */
  double weightBytes(int i, int j) {
    return (prefWeightBits[j + 1] - prefWeightBits[i]) / 8.0;
  }

  /**
   * Compute energy of units {@code i..j} per batch: {@code B * steps * eStep * sum_u P_s(u) * a_u} (replication does
   * not change it; RangeScanner per range, CompactTables per unit).
   */
  double computeEnergy(int i, int j) {
    return (double) batch * hw.steps() * hw.eStep() * (prefStepArrays[j + 1] - prefStepArrays[i]);
  }

  /** A new scanner for this model (not thread-safe; use one per thread). */
  public RangeScanner scanner() {
    return new RangeScanner(this);
  }

  // ------------------------------------------------------------------ validity

  /** Capacity measure of {@code a} arrays of one stage: arrays (ARRAY) or cores (CORE). */
  long footprint(long a) {
    return allocation == Allocation.ARRAY ? a : (a + arraysPerCore - 1) / arraysPerCore;
  }

  long capacity() {
    return allocation == Allocation.ARRAY ? arraysOnChip : cores;
  }

  /** Arrays of stage {@code s}'s units within {@code i..j}. */
  long arraysIn(int s, int i, int j) {
    int lo = Math.max(i, stageFirst[s]);
    int hi = Math.min(j, stageLast[s]);
    return hi < lo ? 0 : prefArrays[hi + 1] - prefArrays[lo];
  }

  private int[] computeMinFirst() {
    int[] mf = new int[units];
    long[] a = new long[stages];
    long used = 0;
    int i = 0;
    for (int j = 0; j < units; j++) {
      int s = unitStage[j];
      used -= footprint(a[s]);
      a[s] += unitArrays[j];
      used += footprint(a[s]);
      while (used > capacity()) {
        int si = unitStage[i];
        used -= footprint(a[si]);
        a[si] -= unitArrays[i];
        used += footprint(a[si]);
        i++;
      }
      mf[j] = i;
    }
    return mf;
  }

  /** The smallest first unit of a valid range ending at unit {@code j} (valid: feasible with all {@code d_s = 1}). */
  public int minFirst(int j) {
    return minFirst[j];
  }

  /**
   * The last unit of the longest valid range starting at unit {@code i} ({@code i - 1} if unit
   * {@code i} alone does not fit): since {@code minFirst} is non-decreasing, the valid ranges from
   * {@code i} are exactly {@code i..j} with {@code j <= maxLast(i)}.
   */
  public int maxLast(int i) {
    return maxLast[i];
  }

  /** True if units {@code i..j} fit the chip with every {@code d_s = 1}. */
  public boolean valid(int i, int j) {
    return i >= 0 && j < units && i <= j && i >= minFirst[j];
  }

  // ------------------------------------------------------------------ plans

  /**
   * Evaluates a plan with any replication vector, checking it first: units covered once in order,
   * stage names known and in their partition, {@code 1 <= d_s <= P_s}, capacity. On a chip with
   * weight prefetch the latency is §9's ({@link PairCost#plan}). An infeasible plan is rejected with an {@link InputException} naming the partition and the constraint it breaks.
   */
  public PlanCost evaluate(PartitionPlan plan) {
    if (plan.units() != units) {
      throw new InputException("partitions[" + (plan.size() - 1) + "].lastUnit", "is " + (plan.units() - 1)
          + " but the network has units 0.." + (units - 1) + " on this chip; the plan must cover them all");
    }
    RangeScanner sc = scanner();
    List<PartitionCost> parts = new ArrayList<>();
    for (int k = 0; k < plan.size(); k++) {
      Partition p = plan.partitions().get(k);
      int[] d = replicationVector(k, p);
      String where = "partitions[" + k + "] (units " + p.firstUnit() + ".." + p.lastUnit() + ")";
      checkCapacity(where, p.firstUnit(), p.lastUnit(), d);
      parts.add(sc.cost(p.firstUnit(), p.lastUnit(), d));
    }
    return hw.prefetch() ? PairCost.plan(this, parts) : PlanCost.of(batch, parts);
  }

  /** {@code d} indexed by stage - stage(first), from a partition's replication map (missing: 1). */
  int[] replicationVector(int k, Partition p) {
    String where = "partitions[" + k + "]";
    int s0 = unitStage[p.firstUnit()];
    int s1 = unitStage[p.lastUnit()];
    int[] d = new int[s1 - s0 + 1];
    java.util.Arrays.fill(d, 1);
    for (Map.Entry<String, Integer> e : p.replication().entrySet()) {
      Integer s = stageIndex.get(e.getKey());
      if (s == null) {
        throw new InputException(where + ".replication." + e.getKey(), "names no stage of this network; stages are named as in 'compass inspect'");
      }
      if (s < s0 || s > s1) {
        throw new InputException(where + ".replication." + e.getKey(), "stage " + s + " is not in this partition (it holds stages "
            + s0 + " (" + stageNames[s0] + ") to " + s1 + " (" + stageNames[s1] + "))");
      }
      if (e.getValue() > stageP[s]) {
        throw new InputException(where + ".replication." + e.getKey(), "d = " + e.getValue() + " exceeds P_s = " + stageP[s]
            + " MVMs per image; valid: 1.." + stageP[s]);
      }
      d[s - s0] = e.getValue();
    }
    return d;
  }

  void checkCapacity(String where, int i, int j, int[] d) {
    int s0 = unitStage[i];
    long used = 0;
    StringBuilder terms = new StringBuilder();
    for (int s = s0; s <= unitStage[j]; s++) {
      long a = arraysIn(s, i, j);
      long f = footprint((long) d[s - s0] * a);
      used += f;
      if (terms.length() < 200) terms.append(terms.length() == 0 ? "" : " + ").append(stageNames[s]).append(' ').append(d[s - s0]).append('x').append(a);
    }
    if (used > capacity()) {
      String what = allocation == Allocation.ARRAY
          ? "capacity: sum d_s*a_s = " + used + " arrays > A = " + arraysOnChip
          : "capacity (CORE allocation): sum ceil(d_s*a_s/" + arraysPerCore + ") = " + used + " cores > N_c = " + cores;
      throw new InputException(where, what + " (" + terms + "); lower the replication or cut the partition");
    }
  }

  /** Replication (stage name to {@code d}) as a map, for results. */
  Map<String, Integer> replicationMap(int i, int[] d, int count) {
    Map<String, Integer> m = new LinkedHashMap<>();
    int s0 = unitStage[i];
    for (int k = 0; k < count; k++) m.put(stageNames[s0 + k], d[k]);
    return m;
  }

  /** Stage {@code s}'s replication ladder: its stage time and least replication for a target. */
  public ReplicationLadder ladder(int s) {
    return ladders[s];
  }

  /**
   * The least replication meeting bottleneck target {@code tau} for each stage of units
   * {@code i..j} (FORMULATION.md §4: {@code d_s(tau) = min{d : t_s(d) <= tau}}, by
   * {@link ReplicationLadder#leastFor}), indexed by stage - first stage; empty if some stage cannot
   * meet it. Capacity is not checked.
   */
  public Optional<int[]> leastReplication(int i, int j, double tau) {
    int s0 = unitStage[i];
    int s1 = unitStage[j];
    int[] d = new int[s1 - s0 + 1];
    for (int s = s0; s <= s1; s++) {
      OptionalInt least = ladders[s].leastFor(tau);
      if (least.isEmpty()) return Optional.empty();
      d[s - s0] = least.getAsInt();
    }
    return Optional.of(d);
  }

  /**
   * {@link #leastReplication} as an array, or null if some stage cannot meet {@code tau}.
   *
   * @deprecated use {@link #leastReplication}, which returns an {@code Optional}
   */
  @Deprecated
  public int[] replicationFor(int i, int j, double tau) {
    return leastReplication(i, j, tau).orElse(null);
  }

  /**
   * The roofline lower bound on a batch's latency (FORMULATION.md §8 rule 12, v2; on a chip with
   * weight prefetch, §9, the two parts combine by {@code max} instead of {@code +}):
   *
   * <pre>
   *   T_lb = max(totalWeightBytes / bwDram, totalRows * tRow / writePorts)
   *        + B * max( sum_s P_s*steps*tStep*a_s / A , sum_s v_s )
   * </pre>
   *
   * {@code totalRows} is the row writes of one copy of every unit. Every weight is read and written
   * at least once ({@code sum_p T_write(p)} is at least both terms), the array work cannot beat all
   * {@code A} arrays busy ({@code d_s*a_s*ceil(P_s/d_s)*mvm <= d_s*a_s*tau_p}, summed within the
   * capacity {@code A}), and the one vector unit does every stage's attention ({@code tau_p >= V_p},
   * every stage lies in some partition). Since {@code T_compute >= B*tau}, no plan is faster.
   */
  public double rooflineSeconds() {
    double arraySteps = 0; // sum_s P_s * a_s (all units of s)
    double attention = 0;
    for (int s = 0; s < stages; s++) {
      arraySteps += (double) stageP[s] * (prefArrays[stageLast[s] + 1] - prefArrays[stageFirst[s]]);
      attention += stageAttTime[s];
    }
    double busy = arraySteps * mvmTime / arraysOnChip;
    double write = Math.max(prefWeightBits[units] / 8.0 / bw, prefRows[units] * hw.tRow() / hw.writePorts());
    double compute = batch * Math.max(busy, attention);
    // with prefetch (§9) writes may hide under compute: T >= sum_q [W(q|p) + phi*T_write(q)] >= write
    // (C(p|q) >= phi*T_write(q)) and T >= sum_p T_compute(p) >= compute, so the parts combine by max
    return hw.prefetch() ? Math.max(write, compute) : write + compute;
  }

  /** Stage time {@code t_s(d) = ceil(P_s/d)*steps*tStep + attention time} ({@link ReplicationLadder#time}). */
  public double stageTime(int s, long d) {
    return ladders[s].time(d);
  }
}
