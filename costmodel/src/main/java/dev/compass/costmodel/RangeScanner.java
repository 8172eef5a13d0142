package dev.compass.costmodel;

import java.util.Arrays;
import java.util.Optional;

/**
 * Evaluates unit ranges of one {@link CostModel} without allocating: {@link #setRange} computes the
 * parts that do not depend on replication (weight bytes, rows per copy, activation traffic, compute
 * and attention energy), then {@link #scan} walks the replication plan space of FORMULATION.md §4
 * exactly, one bottleneck target at a time, in decreasing order.
 *
 * <p><b>The scan.</b> Start with every {@code d_s = 1}; the target is {@code tau = max_s t_s}. To reach
 * the next lower candidate target, every stage at the bottleneck takes the least replication that
 * brings it strictly below: {@code d = ceil(P/(K-1))} where {@code K = ceil(P/d)} is its current
 * MVM count. The other stages already meet every target down to their own time, so after the step
 * each stage again has {@code d_s(tau') = min{d : t_s(d) <= tau'}} for the new maximum
 * {@code tau'}. This visits exactly the distinct values of {@code t_s(d)} that every stage can meet,
 * in decreasing order; it stops when a bottleneck stage is at {@code d = P} or capacity is exceeded,
 * since capacity use only grows as the target falls (no lower target can be feasible). At most
 * {@code A} steps are taken, because each step adds at least one array.
 *
 * <p><b>Version 2.</b> The scan's target is {@code max_s t_s}; each candidate is evaluated with the
 * bottleneck {@code tau = max(target, V)} ({@code V = sum_s v_s}, one vector unit) and the fill
 * {@code F = max(max_s f_s, V)}, {@code f_s = max(L_s/bwDram, t_s + max_pred f_p)}. Targets below
 * {@code V} stay candidates: they cannot shorten {@code tau} but can shorten {@code F}.
 *
 * <p>Not thread-safe: use one scanner per thread.
 */
public final class RangeScanner {
  private final CostModel m;
  private final int[] d;
  private final long[] k;
  private final double[] t;
  private final long[] a;
  private final long[] rows;
  /** First-image finish time {@code f_s} of each stage of the range (v2 fill). */
  private final double[] finish;
  /** {@code L_s / bwDram}: seconds until stage s's loads for one image have arrived. */
  private final double[] loadTime;
  /** {@code L_s}: bytes stage s loads per image in this range. */
  private final double[] loadBytesPerImage;
  private final int[] stamp;
  /** Bits of tensor {@code tt} that the current range loads per image (valid where {@code stamp[tt] == token}). */
  private final double[] tensorLoadBits;
  private int token;

  private int first = -1;
  private int last = -1;
  private int s0;
  private int count;
  private double weightBytes;
  private double loadBytes;
  private double storeBytes;
  private double computeEnergy;
  private double attentionEnergy;
  private double fixedEnergy;
  private double weightReadTime;
  private double ioTime;
  /** {@code V = sum_s v_s}: the one vector unit's attention time per image over the range's stages. */
  private double vectorTime;

  /** Latency, energy and scan step of the best candidate of the last {@link #scan}. */
  private double bestT;
  private double bestE;
  private int bestStep;

  RangeScanner(CostModel model) {
    this.m = model;
    int s = model.stages;
    d = new int[s];
    k = new long[s];
    t = new double[s];
    a = new long[s];
    rows = new long[s];
    finish = new double[s];
    loadTime = new double[s];
    loadBytesPerImage = new double[s];
    stamp = new int[model.tensorBits.length];
    tensorLoadBits = new double[model.tensorBits.length];
  }

  public CostModel model() { return m; }

  /** Prepares units {@code i..j} (inclusive). The range need not be valid. */
  public void setRange(int i, int j) {
    if (i == first && j == last) return;
    first = i;
    last = j;
    s0 = m.unitStage[i];
    int s1 = m.unitStage[j];
    count = s1 - s0 + 1;
    // loads: each tensor read by a stage here (produced elsewhere), the part made before i; once in
    // bytesIO, but in L_s of every stage that reads it (each waits for it): computed at its first
    // reader (stamp), reused from tensorLoadBits by the others
    if (++token == 0) {
      Arrays.fill(stamp, 0);
      token = 1;
    }
    weightBytes = m.weightBytes(i, j);
    // per stage, in one pass: arrays, rows, attention energy and time (energy of stages whose first
    // unit is here), stores (this partition's share of each tensor a later partition reads, or a
    // network output) and loads
    double stores = 0;
    double att = 0;
    double loads = 0;
    double vec = 0;
    for (int s = s0; s <= s1; s++) {
      int lo = Math.max(i, m.stageFirst[s]);
      int hi = Math.min(j, m.stageLast[s]);
      a[s - s0] = m.prefArrays[hi + 1] - m.prefArrays[lo];
      rows[s - s0] = m.prefRows[hi + 1] - m.prefRows[lo];
      if (m.stageFirst[s] >= i) att += m.stageAttEnergy[s];
      vec += m.stageAttTime[s];
      long outs = m.prefOutputs[hi + 1] - m.prefOutputs[lo];
      if (outs != 0) {
        double share = outs / m.stageGW[s];
        for (int tt : m.stageProduces[s]) {
          if (m.tensorOutput[tt] || m.tensorMaxConsumerLast[tt] > j) stores += m.tensorBits[tt] * share;
        }
      }
      double stageLoad = m.prefPsumLoad[hi + 1] - m.prefPsumLoad[lo];
      for (int tt : m.stageReads[s]) {
        if (stamp[tt] != token) {
          stamp[tt] = token;
          double bits = 0;
          int p = m.tensorProducer[tt];
          if (p < 0) {
            bits = m.tensorBits[tt];
          } else if (i > m.stageFirst[p]) {
            int phi = Math.min(i - 1, m.stageLast[p]);
            long pouts = m.prefOutputs[phi + 1] - m.prefOutputs[m.stageFirst[p]];
            if (pouts > 0) bits = m.tensorBits[tt] * (pouts / m.stageGW[p]);
          }
          tensorLoadBits[tt] = bits;
          loads += bits;
        }
        stageLoad += tensorLoadBits[tt];
      }
      loadBytesPerImage[s - s0] = stageLoad / 8.0;
      loadTime[s - s0] = loadBytesPerImage[s - s0] / m.bw;
    }
    vectorTime = vec;
    loads += m.prefPsumLoad[j + 1] - m.prefPsumLoad[i];
    stores += m.prefPsumStore[j + 1] - m.prefPsumStore[i];
    loadBytes = loads / 8.0 * m.batch;
    storeBytes = stores / 8.0 * m.batch;
    double io = loadBytes + storeBytes;
    computeEnergy = m.computeEnergy(i, j);
    attentionEnergy = att;
    fixedEnergy = computeEnergy + (weightBytes + io) * m.hw.eDram() + attentionEnergy;
    weightReadTime = weightBytes / m.bw;
    ioTime = io / m.bw;
  }

  /**
   * Scans the replication plan space of the current range and returns the least
   * {@code alpha*T + beta*E}; ties are broken by the least {@code alpha2*T + beta2*E}. Returns
   * {@code +Infinity} if no target is feasible (the range does not fit even with {@code d = 1}).
   * {@link #bestLatency()}, {@link #bestEnergy()}, {@link #bestStep()} describe the winner.
   */
  public double scan(double alpha, double beta, double alpha2, double beta2) {
    double best = Double.POSITIVE_INFINITY;
    double bestSecond = Double.POSITIVE_INFINITY;
    bestStep = -1;
    int step = 0;
    for (boolean more = start(); more; more = advance()) {
      double[] te = evaluateCurrent(tau);
      double tt = te[0];
      double ee = te[1];
      double v = alpha * tt + beta * ee;
      double v2 = alpha2 * tt + beta2 * ee;
      if (v < best || (v == best && v2 < bestSecond)) {
        best = v;
        bestSecond = v2;
        bestT = tt;
        bestE = ee;
        bestStep = step;
      }
      step++;
    }
    return best;
  }

  /** Capacity used by the current replication, in the allocation's measure. */
  private long used;
  /** The current target: {@code max_s t_s} of the current replication. */
  private double tau;

  /** Resets to every {@code d_s = 1}; false if that does not fit. */
  private boolean start() {
    used = 0;
    tau = 0;
    for (int x = 0; x < count; x++) {
      int s = s0 + x;
      d[x] = 1;
      k[x] = m.stageP[s];
      t[x] = m.ladders[s].timeOfMvms(k[x]);
      used += m.footprint(a[x]);
      tau = Math.max(tau, t[x]);
    }
    return used <= m.capacity();
  }

  /**
   * Moves to the next lower candidate target: every bottleneck stage takes the least replication
   * that brings it strictly below the current target. False when a bottleneck stage is already at
   * {@code d = P} or the new replication exceeds capacity (no lower target is feasible then).
   */
  private boolean advance() {
    double next = 0;
    for (int x = 0; x < count; x++) {
      if (ReplicationLadder.atTarget(t[x], tau)) {
        if (k[x] <= 1) return false;
        ReplicationLadder ladder = m.ladders[s0 + x];
        long nd = ladder.nextFromMvms(k[x]); // k[x] = ceil(P/d[x]) already: one division per rung, not three
        used -= m.footprint(d[x] * a[x]);
        d[x] = (int) nd;
        k[x] = ladder.mvmsPerReplica(nd);
        t[x] = ladder.timeOfMvms(k[x]);
        used += m.footprint(nd * a[x]);
      }
      next = Math.max(next, t[x]);
    }
    tau = next;
    return used <= m.capacity();
  }

  /**
   * Every candidate target of the current range, in the scan's (decreasing) order: writes the
   * target ({@code max_s t_s}; the bottleneck is {@code max(target, V)}), latency and energy of candidate {@code k} into {@code tau[k]}, {@code lat[k]},
   * {@code energy[k]} (arrays of at least {@link #maxCandidates()} entries) and returns the count
   * (0 if the range does not fit). Candidate {@code k} has the replication of
   * {@link #replicationAtStep(int) step k}.
   */
  public int candidates(double[] tau, double[] lat, double[] energy) {
    int n = 0;
    for (boolean more = start(); more; more = advance()) {
      double[] te = evaluateCurrent(this.tau);
      tau[n] = this.tau;
      lat[n] = te[0];
      energy[n] = te[1];
      n++;
    }
    return n;
  }

  /**
   * One candidate's coefficients, passed without allocating ({@link #forEachCandidate}): the scan step,
   * target, {@code T}, {@code E}, capacity used, {@code rowsW}, {@code bytesW}, {@code bytesIO} per batch,
   * {@code T_compute} and {@code T_write} (the replication is {@link #replicationAtStep}'s).
   */
  @FunctionalInterface
  public interface CandidateSink {
    void accept(int step, double target, double latencySeconds, double energyJoules, long capacityUsed, long rowsWritten,
        double weightBytes, double ioBytes, double computeSeconds, double writeSeconds);
  }

  /**
   * Every candidate of range {@code i..j}, in the scan's order, passed to {@code sink} without
   * allocating (the pair DP of weight prefetch reads millions); returns their count (0 if the range
   * does not fit).
   */
  public int forEachCandidate(int i, int j, CandidateSink sink) {
    setRange(i, j);
    int step = 0;
    for (boolean more = start(); more; more = advance()) {
      double[] te = evaluateCurrent(tau);
      sink.accept(step++, tau, te[0], te[1], used, lastRows, weightBytes, loadBytes + storeBytes, lastCompute, lastWrite);
    }
    return step;
  }

  /**
   * The Pareto front of {@code n} candidates (as written by {@link #candidates}): writes into
   * {@code keep} the indices of the candidates that no other dominates, latency ascending and energy
   * strictly descending (of equal latencies the least energy; of equal (T, E) the earliest), and
   * returns their count. A dominated candidate is never needed by a plan minimizing any
   * {@code alpha*T + beta*E} with {@code alpha, beta >= 0}, nor {@code E*T}: swapping it for the one
   * that dominates it keeps the plan feasible (same range) and does not increase T or E.
   */
  public static int paretoFront(int n, double[] lat, double[] energy, int[] keep) {
    Integer[] order = new Integer[n];
    for (int q = 0; q < n; q++) order[q] = q;
    Arrays.sort(order, (x, y) -> lat[x] != lat[y] ? Double.compare(lat[x], lat[y]) : Double.compare(energy[x], energy[y]));
    int m = 0;
    double minE = Double.POSITIVE_INFINITY;
    for (int q : order) {
      if (energy[q] < minE) {
        keep[m++] = q;
        minE = energy[q];
      }
    }
    return m;
  }

  /**
   * An upper bound on the number of candidates of any range: each step adds at least one array, and
   * a feasible range never holds more than {@code A} arrays (under CORE allocation too, since a core
   * holds at most {@code A_c} arrays).
   */
  public int maxCandidates() {
    return m.arraysOnChip + 1;
  }

  /** Weight bytes of the current range ({@code bytesW}). */
  public double weightBytes() { return weightBytes; }

  /** Activation traffic of the current range per batch ({@code bytesIO}, loads + stores, partial sums included). */
  public double ioBytes() { return loadBytes + storeBytes; }

  /** {@code V}: the attention time per image of the current range's stages (one vector unit). */
  public double vectorSeconds() { return vectorTime; }

  /** Energy of the current range that replication does not change (compute, DRAM, attention). */
  public double fixedEnergy() { return fixedEnergy; }

  private final double[] pair = new double[2];
  private long lastRows;
  private double lastF;
  private double lastBottleneck;
  private double lastCompute;
  private double lastWrite;

  /**
   * T and E of the current replication {@code d[0..count)} whose largest stage time is {@code target}
   * (v2: bottleneck {@code tau = max(target, V)}, fill {@code F = max(max_s f_s, V)} with
   * {@code f_s = max(L_s/bwDram, t_s + max_pred f_p)}).
   */
  private double[] evaluateCurrent(double target) {
    int c = count;
    long rw = 0;
    double f = vectorTime;
    for (int x = 0; x < c; x++) {
      rw += d[x] * rows[x];
      int s = s0 + x;
      double in = 0;
      int[] preds = m.stagePreds[s];
      for (int q = preds.length - 1; q >= 0 && preds[q] >= s0; q--) in = Math.max(in, finish[preds[q] - s0]);
      finish[x] = Math.max(loadTime[x], in + t[x]);
      f = Math.max(f, finish[x]);
    }
    double bottleneck = Math.max(target, vectorTime);
    double compute = f + (m.batch - 1) * bottleneck;
    double write = Math.max(weightReadTime, rw * m.hw.tRow() / m.hw.writePorts());
    double tt = write + Math.max(compute, ioTime);
    double ee = fixedEnergy + rw * m.hw.eRow() + m.hw.pStatic() * tt;
    lastRows = rw;
    lastF = f;
    lastBottleneck = bottleneck;
    lastCompute = compute;
    lastWrite = write;
    pair[0] = tt;
    pair[1] = ee;
    return pair;
  }

  /**
   * The first-image load that binds the fill of the last evaluated replication, if any: follow the
   * critical path back from the stage with the latest first-image finish (the lowest index on ties);
   * at each stage, if its load arrives strictly after its predecessors' finish plus its own time,
   * that load binds; otherwise step to the predecessor that finishes last (lowest index on ties).
   * None when {@code V} is at least every finish time, or when the path starts at a stage whose
   * load does not bind.
   */
  private Optional<BindingLoad> bindingLoad() {
    int best = -1;
    for (int x = 0; x < count; x++) if (best < 0 || finish[x] > finish[best]) best = x;
    if (best < 0 || finish[best] <= vectorTime) return Optional.empty();
    int x = best;
    while (true) {
      int s = s0 + x;
      int arg = -1;
      int[] preds = m.stagePreds[s];
      for (int q = 0; q < preds.length; q++) {
        if (preds[q] < s0) continue;
        int y = preds[q] - s0;
        if (arg < 0 || finish[y] > finish[arg]) arg = y;
      }
      double computed = (arg < 0 ? 0 : finish[arg]) + t[x];
      if (loadTime[x] > computed) {
        return Optional.of(new BindingLoad(m.stageNames[s], s, loadBytesPerImage[x], loadTime[x]));
      }
      if (arg < 0) return Optional.empty();
      x = arg;
    }
  }

  public double bestLatency() { return bestT; }
  public double bestEnergy() { return bestE; }
  public int bestStep() { return bestStep; }

  /** The replication after {@code step} steps of the scan of the current range (a new array). */
  public int[] replicationAtStep(int step) {
    start();
    for (int st = 0; st < step; st++) advance();
    return Arrays.copyOf(d, count);
  }

  /**
   * The full cost of units {@code i..j} with replication {@code rep} (indexed by stage - first
   * stage). Capacity is not checked here (see {@link CostModel#evaluate}).
   */
  public PartitionCost cost(int i, int j, int[] rep) {
    setRange(i, j);
    int c = count;
    double tau = 0;
    for (int x = 0; x < c; x++) {
      int s = s0 + x;
      d[x] = rep[x];
      k[x] = m.ladders[s].mvmsPerReplica(rep[x]);
      t[x] = m.ladders[s].timeOfMvms(k[x]);
      tau = Math.max(tau, t[x]);
    }
    double[] te = evaluateCurrent(tau);
    double tt = te[0];
    double ee = te[1];
    long arrays = 0;
    for (int x = 0; x < c; x++) arrays += d[x] * a[x];
    return new PartitionCost(i, j, m.replicationMap(i, d, c), tt, ee, lastWrite, lastCompute, lastF, lastBottleneck,
        vectorTime, bindingLoad(),
        weightBytes, loadBytes + storeBytes, ioTime, loadBytes, storeBytes, lastRows, arrays, computeEnergy,
        weightBytes * m.hw.eDram(), (loadBytes + storeBytes) * m.hw.eDram(), lastRows * m.hw.eRow(),
        attentionEnergy, m.hw.pStatic() * tt);
  }

  /** The cost of the range with the replication of scan step {@code step}. */
  public PartitionCost costAtStep(int i, int j, int step) {
    setRange(i, j);
    return cost(i, j, replicationAtStep(step));
  }
}
