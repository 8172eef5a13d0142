package dev.compass.costmodel;

import dev.compass.formulation.hardware.Allocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coefficients of the <em>compact</em> algebraic formulations (the compact MILP {@code ilp-compact}
 * and the compact CP model {@code cp-compact}): per unit, per stage and per replication level, read
 * from this cost model's own tables ({@link CostModel}'s prefix sums, {@link ReplicationLadder}) so that
 * a compact formulation states FORMULATION.md §4–5 (version 2) as algebra over cut and level
 * variables without reading {@code Mapping} or re-deriving a formula.
 *
 * <p>Units {@code u = 0..n-1}, stages {@code s}; a partition is a range {@code i..j} of units. A compact
 * formulation knows, for units {@code a < b}, whether they lie in different partitions
 * ({@code sep(a,b) = [a cut lies in (a, b]]}), and for every unit a replication level of its stage. In
 * those terms, for a partition {@code i..j} with stage replication {@code d_s} (level {@code l_s}):
 *
 * <pre>
 *   t_s       = levelSeconds(s)[l_s]  = ceil(P_s/d_s)*steps*tStep + v_s          (ReplicationLadder#time)
 *   V         = sum_{s in p} attentionSeconds(s)
 *   tau       = max(max_s t_s, V)
 *   L_s/bw    = loadConstantSeconds(s) + sum_{(v, c) in loadTerms(s), v &lt; i} c
 *               + sum_{u of s in i..j} psumLoadSeconds(u)
 *   f_s       = max(L_s/bw, t_s + max_{pred q in p} f_q);  F = max(max_s f_s, V)
 *   T_compute = F + (B-1)*tau
 *   bytesW    = sum_{u in i..j} weightBytes(u)
 *   rowsW     = sum_{u in i..j} d_{s(u)} * rows(u)
 *   T_write   = max(bytesW/bw, rowsW*rowSeconds())            (rowSeconds = tRow/writePorts)
 *   bytesIO   = B * sum_{u in i..j} [ trafficConstantBytes(u) + sum_{(a,b,c) in trafficTerms(u)} c*sep(a,b) ]
 *   T(p)      = T_write + max(T_compute, bytesIO/bw)
 *   E         = constantEnergy() + eRow*sum_p rowsW + eDram*sum_p bytesIO + pStatic*T
 * </pre>
 *
 * Every coefficient is exactly the corresponding term of {@link RangeScanner#setRange} and
 * {@code evaluateCurrent}, split by unit: CompactTablesTest reassembles partitions from these tables
 * and compares them with {@link CostModel#evaluate}.
 *
 * <p>Immutable and thread-safe; the getters return copies of arrays.
 */
public final class CompactTables {
  /**
   * A traffic term of a unit: {@code bytes} per image count in the unit's partition's {@code bytesIO}
   * when units {@code a < b} lie in different partitions ({@code sep(a, b) = 1}).
   *
   * @param a the earlier unit
   * @param b the later unit ({@code a < b})
   * @param bytes bytes per image
   */
  public record SepTerm(int a, int b, double bytes) {}

  /**
   * A first-image load term of a stage: {@code seconds} ({@code bytes/bwDram}, per image) count in
   * {@code L_s/bwDram} when the partition holding the stage starts after unit {@code unit}
   * ({@code unit < i}): the share of a tensor the stage reads that unit {@code unit} produced in an
   * earlier partition. For a unit {@code u > unit} of the stage in the partition, {@code unit < i} is
   * {@code sep(unit, u)}.
   *
   * @param unit the producing unit
   * @param seconds {@code bytes / bwDram} of that share, per image
   */
  public record LoadTerm(int unit, double seconds) {}

  private final CostModel m;
  private final int n;
  private final int stages;
  // per unit
  private final double[] weightBytes;
  private final long[] rows;
  private final long[] arrays;
  private final double[] computeEnergy;
  private final double[] psumLoadSeconds;
  private final double[] trafficConstant;
  private final SepTerm[][] traffic;
  private final int[] maxLevel;
  // per stage
  private final long[][] levelD;
  private final double[][] levelT;
  private final double[][] levelCeiling;
  private final double[] loadConstant;
  private final LoadTerm[][] loadTerms;
  private final double constantEnergy;

  private CompactTables(CostModel model) {
    this.m = model;
    this.n = model.units;
    this.stages = model.stages;
    double bw = model.bw;

    // ---- per unit
    weightBytes = new double[n];
    rows = new long[n];
    arrays = new long[n];
    computeEnergy = new double[n];
    psumLoadSeconds = new double[n];
    for (int u = 0; u < n; u++) {
      weightBytes[u] = model.weightBytes(u, u);
      rows[u] = model.prefRows[u + 1] - model.prefRows[u];
      arrays[u] = model.unitArrays[u];
      computeEnergy[u] = model.computeEnergy(u, u);
      psumLoadSeconds[u] = (model.prefPsumLoad[u + 1] - model.prefPsumLoad[u]) / 8.0 / bw;
    }

    // ---- replication levels: the ladder's rungs that fit the chip for some unit of the stage
    levelD = new long[stages][];
    levelT = new double[stages][];
    List<Double> all = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      long minArrays = Long.MAX_VALUE;
      for (int u = model.stageFirst[s]; u <= model.stageLast[s]; u++) minArrays = Math.min(minArrays, model.unitArrays[u]);
      long dmax = Math.max(1, model.arraysOnChip / Math.max(1, minArrays));
      levelD[s] = model.ladders[s].rungs(dmax);
      levelT[s] = new double[levelD[s].length];
      for (int l = 0; l < levelD[s].length; l++) {
        levelT[s][l] = model.ladders[s].time(levelD[s][l]);
        all.add(levelT[s][l]);
      }
    }
    double[] th = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double maxTheta = th.length == 0 ? 0 : th[th.length - 1];
    levelCeiling = new double[stages][];
    for (int s = 0; s < stages; s++) {
      levelCeiling[s] = new double[levelT[s].length];
      for (int l = 0; l < levelT[s].length; l++) {
        if (l == 0) {
          levelCeiling[s][l] = maxTheta;
        } else {
          // the largest level time (of any stage) the previous level does not meet: target < t_{s,l-1}
          int pos = Arrays.binarySearch(th, levelT[s][l - 1]);
          pos = pos >= 0 ? pos : -pos - 1;
          while (pos > 0 && ReplicationLadder.meets(levelT[s][l - 1], th[pos - 1])) pos--;
          levelCeiling[s][l] = pos > 0 ? th[pos - 1] : 0;
        }
      }
    }
    maxLevel = new int[n];
    for (int u = 0; u < n; u++) {
      long[] lv = levelD[model.unitStage[u]];
      int l = 0;
      while (l < lv.length && lv[l] * arrays[u] <= model.arraysOnChip) l++;
      maxLevel[u] = l;
    }

    // ---- activation traffic (bytes per image) attributed to units
    trafficConstant = new double[n];
    for (int u = 0; u < n; u++) {
      // partial sums: stored by non-last chunks, loaded by the next chunk (RangeScanner's prefix sums)
      trafficConstant[u] += (model.prefPsumStore[u + 1] - model.prefPsumStore[u]) / 8.0;
      trafficConstant[u] += (model.prefPsumLoad[u + 1] - model.prefPsumLoad[u]) / 8.0;
    }
    int tensors = model.tensorBits.length;
    List<Map<Long, Double>> keyed = new ArrayList<>();
    for (int u = 0; u < n; u++) keyed.add(null);
    List<List<Integer>> consumers = new ArrayList<>();
    for (int t = 0; t < tensors; t++) consumers.add(new ArrayList<>());
    for (int s = 0; s < stages; s++) for (int t : model.stageReads[s]) if (!consumers.get(t).contains(s)) consumers.get(t).add(s);
    for (int t = 0; t < tensors; t++) {
      double bytes = model.tensorBits[t] / 8.0;
      int q = model.tensorProducer[t];
      // stores: a last-chunk unit v of the producer stores its share if t is a network output, or if a
      // consumer's last unit m lies after v's partition (sep(v, m))
      if (q >= 0) {
        int mLast = model.tensorMaxConsumerLast[t];
        for (int v = model.stageFirst[q]; v <= model.stageLast[q]; v++) {
          double share = outputShare(q, v);
          if (share == 0) continue;
          if (model.tensorOutput[t]) trafficConstant[v] += bytes * share;
          else if (mLast > v) add(keyed, v, v, mLast, bytes * share);
        }
      }
      // loads: once per partition, at its first consumer unit u (previous consumer unit u' in another
      // partition: sep(u', u)), the share produced before the partition starts (sep(v, u), v < u);
      // both hold iff sep(max(v, u'), u), since separations are nested: the shares of v <= u' form one term
      List<Integer> cs = consumers.get(t);
      cs.sort(null);
      int prev = -1;
      for (int c : cs) {
        for (int u = model.stageFirst[c]; u <= model.stageLast[c]; u++) {
          if (q < 0) {
            if (prev < 0) trafficConstant[u] += bytes;
            else add(keyed, u, prev, u, bytes);
          } else {
            int qf = model.stageFirst[q];
            int hi = Math.min(u - 1, model.stageLast[q]);
            if (prev >= qf && hi >= qf) {
              int upTo = Math.min(prev, hi);
              long o = model.prefOutputs[upTo + 1] - model.prefOutputs[qf];
              if (o > 0) add(keyed, u, prev, u, bytes * (o / model.stageGW[q]));
            }
            for (int v = Math.max(qf, prev + 1); v <= hi; v++) {
              double share = outputShare(q, v);
              if (share > 0) add(keyed, u, v, u, bytes * share);
            }
          }
          prev = u;
        }
      }
    }
    traffic = new SepTerm[n][];
    for (int u = 0; u < n; u++) {
      Map<Long, Double> km = keyed.get(u);
      if (km == null) {
        traffic[u] = new SepTerm[0];
        continue;
      }
      List<SepTerm> list = new ArrayList<>();
      for (Map.Entry<Long, Double> e : km.entrySet()) list.add(new SepTerm((int) (e.getKey() / n), (int) (e.getKey() % n), e.getValue()));
      traffic[u] = list.toArray(new SepTerm[0]);
    }

    // ---- first-image loads per stage: L_s/bw = constant (network input) + shares made before the partition
    loadConstant = new double[stages];
    loadTerms = new LoadTerm[stages][];
    for (int s = 0; s < stages; s++) {
      TreeMap<Integer, Double> perUnit = new TreeMap<>();
      for (int t : model.stageReads[s]) {
        double bytes = model.tensorBits[t] / 8.0;
        int q = model.tensorProducer[t];
        if (q < 0) {
          loadConstant[s] += bytes / bw;
          continue;
        }
        for (int v = model.stageFirst[q]; v <= model.stageLast[q]; v++) {
          double share = outputShare(q, v);
          if (share > 0) perUnit.merge(v, bytes * share / bw, Double::sum);
        }
      }
      List<LoadTerm> lt = new ArrayList<>();
      for (Map.Entry<Integer, Double> e : perUnit.entrySet()) lt.add(new LoadTerm(e.getKey(), e.getValue()));
      loadTerms[s] = lt.toArray(new LoadTerm[0]);
    }

    // ---- energy no decision changes: compute, attention, weight reads
    double e = 0;
    for (int u = 0; u < n; u++) e += computeEnergy[u] + weightBytes[u] * model.hw.eDram();
    for (int s = 0; s < stages; s++) e += model.stageAttEnergy[s];
    constantEnergy = e;
  }

  /** The tables of a model. */
  public static CompactTables of(CostModel model) {
    return new CompactTables(model);
  }

  /** {@code o_v / (g W)}: the share of its stage's output that unit {@code v} writes (0 unless a last chunk). */
  private double outputShare(int q, int v) {
    long o = m.prefOutputs[v + 1] - m.prefOutputs[v];
    return o == 0 ? 0 : o / m.stageGW[q];
  }

  /** Adds {@code bytes * sep(a, b)} to unit {@code at}'s traffic ({@code a >= b}: never separated, nothing). */
  private void add(List<Map<Long, Double>> keyed, int at, int a, int b, double bytes) {
    if (a >= b) return;
    Map<Long, Double> km = keyed.get(at);
    if (km == null) {
      km = new LinkedHashMap<>();
      keyed.set(at, km);
    }
    km.merge((long) a * n + b, bytes, Double::sum);
  }

  public CostModel model() { return m; }
  public int units() { return n; }
  public int stages() { return stages; }
  /** {@code B}, images per batch. */
  public int batch() { return m.batch; }

  // ------------------------------------------------------------------ per unit

  /** The stage of unit {@code u}. */
  public int unitStage(int u) { return m.unitStage[u]; }

  /** {@code a_u}: arrays of one copy of unit {@code u}. */
  public long arrays(int u) { return arrays[u]; }

  /** {@code r_u}: row writes of one copy of unit {@code u} ({@code rowsW = sum_u d_{s(u)} * r_u}). */
  public long rows(int u) { return rows[u]; }

  /** {@code w_u}: weight bytes of unit {@code u} ({@code bytesW = sum_u w_u}, read once per partition). */
  public double weightBytes(int u) { return weightBytes[u]; }

  /** Compute energy of unit {@code u} per batch: {@code B * P_s * steps * a_u * eStep} (replication does not change it). */
  public double computeEnergy(int u) { return computeEnergy[u]; }

  /**
   * Partial-sum bytes unit {@code u} loads per image, over {@code bwDram}: a row chunk {@code r > 0} loads chunk
   * {@code r-1}'s partial sums (§3). Part of its stage's {@code L_s}. (A stage's units in one partition hold at
   * most one such chunk: every chunk but a column's last fills all {@code A} arrays, so a chunk {@code r > 0}
   * never shares a partition with chunk {@code r-1} nor with another column's chunk 0.)
   */
  public double psumLoadSeconds(int u) { return psumLoadSeconds[u]; }

  /** Traffic bytes per image that unit {@code u} always adds to its partition's {@code bytesIO / B} (partial sums; network input at its first consumer unit; stores of network outputs). */
  public double trafficConstantBytes(int u) { return trafficConstant[u]; }

  /** Traffic terms of unit {@code u}: {@code bytes * sep(a, b)} per image in its partition's {@code bytesIO / B}. */
  public List<SepTerm> trafficTerms(int u) { return List.of(traffic[u]); }

  /** The number of levels of unit {@code u}'s stage that fit the chip with this unit alone: levels {@code l < maxLevel(u)} have {@code d_l * a_u <= A}. */
  public int maxLevel(int u) { return maxLevel[u]; }

  // ------------------------------------------------------------------ per stage

  public int stageFirstUnit(int s) { return m.stageFirst[s]; }
  public int stageLastUnit(int s) { return m.stageLast[s]; }

  /** {@code P_s}, MVMs per image. */
  public long stageMvms(int s) { return m.stageP[s]; }

  /** Stages with a stage edge into {@code s}, ascending (the fill's predecessors when both ends share a partition). */
  public int[] predecessors(int s) { return m.stagePreds[s].clone(); }

  /**
   * The replication levels of stage {@code s}: {@link ReplicationLadder#rungs} ({@code d_0 = 1 < d_1 < ...}, the
   * least {@code d} of each distinct MVM count {@code ceil(P_s/d)}) up to {@code floor(A / min_u a_u)}.
   */
  public long[] levels(int s) { return levelD[s].clone(); }

  /** {@code t_s(d_l) = ceil(P_s/d_l)*steps*tStep + v_s} for each level ({@link ReplicationLadder#time}), decreasing. */
  public double[] levelSeconds(int s) { return levelT[s].clone(); }

  /**
   * The least-replication rule as a bound on the target: level {@code l > 0} is the least replication for a
   * target {@code theta} only if level {@code l-1} does not meet it, i.e. {@code theta} is at most the largest
   * level time (over every stage's levels, the candidate targets) that {@code t_s(d_{l-1})} does not meet
   * ({@link ReplicationLadder#meets}); for {@code l = 0} the largest level time of all. So a level vector is
   * §4's {@code d_s(theta)} for {@code theta = max_s t_s} iff {@code t_{s,l_s} <= theta <= ceiling(s, l_s)} for every stage.
   */
  public double[] levelCeiling(int s) { return levelCeiling[s].clone(); }

  /** {@code v_s}: attention seconds per image on the one vector unit (in every level's {@code t_s}, and in {@code V}). */
  public double attentionSeconds(int s) { return m.stageAttTime[s]; }

  /** Attention energy of stage {@code s} per batch: {@code B * attentionMacs_s * eVecMac} (in {@link #constantEnergy}). */
  public double attentionEnergy(int s) { return m.stageAttEnergy[s]; }

  /** The part of {@code L_s / bwDram} every partition holding stage {@code s} pays: the network input it reads. */
  public double loadConstantSeconds(int s) { return loadConstant[s]; }

  /** The rest of {@code L_s / bwDram} (without partial sums): term {@code (v, c)} counts when the partition starts after unit {@code v}. */
  public List<LoadTerm> loadTerms(int s) { return List.of(loadTerms[s]); }

  /** {@code L_s / bwDram} without partial sums in a partition that starts after every producing unit (e.g. inside stage {@code s}). */
  public double fullLoadSeconds(int s) {
    double x = loadConstant[s];
    for (LoadTerm t : loadTerms[s]) x += t.seconds();
    return x;
  }

  // ------------------------------------------------------------------ chip and constants

  /** {@code bwDram}, bytes per second. */
  public double bandwidth() { return m.bw; }

  /** {@code tRow / writePorts}: seconds per row write in {@code T_write}. */
  public double rowSeconds() { return m.hw.tRow() / m.hw.writePorts(); }

  /** {@code eRow}, joules per row write. */
  public double rowEnergy() { return m.hw.eRow(); }

  /** {@code eDram}, joules per byte moved to or from DRAM. */
  public double dramEnergy() { return m.hw.eDram(); }

  /** {@code pStatic}, watts ({@code E} includes {@code pStatic * T}). */
  public double staticPower() { return m.hw.pStatic(); }

  /** {@code A}, arrays on the chip. */
  public int arraysOnChip() { return m.arraysOnChip; }

  /** {@code A_c}, arrays per core. */
  public int arraysPerCore() { return m.arraysPerCore; }

  /** {@code N_c}, cores. */
  public int cores() { return m.cores; }

  public Allocation allocation() { return m.allocation; }

  /**
   * The capacity measure of {@code arrays} arrays of one stage in one partition: {@code arrays} (ARRAY) or
   * {@code ceil(arrays / A_c)} cores (CORE); a partition is feasible when the sum over its stages is at most
   * {@link #capacity()} (FORMULATION.md §4, {@code CostModel}'s own rule).
   */
  public long footprint(long arrays) { return m.footprint(arrays); }

  /** {@code A} (ARRAY) or {@code N_c} (CORE): the bound on the sum of {@link #footprint}s. */
  public long capacity() { return m.capacity(); }

  /** Energy no decision changes: {@code sum_u computeEnergy(u) + eDram * sum_u w_u + sum_s attentionEnergy(s)}. */
  public double constantEnergy() { return constantEnergy; }

  /** {@code steps * tStep}: the seconds of one MVM. */
  public double mvmSeconds() { return m.mvmTime; }

  /** The roofline lower bound on any plan's latency ({@link CostModel#rooflineSeconds}). */
  public double rooflineSeconds() { return m.rooflineSeconds(); }
}
