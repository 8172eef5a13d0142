package dev.compass.costmodel;

import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Weight prefetch (FORMULATION.md §9): the cost of two consecutive partitions {@code p} then
 * {@code q}, computed from their single-partition terms ({@link PartitionCost}: {@code T_compute},
 * {@code bytesIO}, {@code bytesW}, {@code rowsW}, {@code T_write}) and the capacity each uses.
 *
 * <pre>
 *   u_p       = sum_s d_s * a_s (ARRAY, cap = A)   or   sum_s ceil(d_s * a_s / A_c) (CORE, cap = N_c)
 *   phi(p, q) = min(1, (cap - u_p) / u_q)                      (0 for the first partition)
 *   C(p | q)  = max(T_compute(p), (bytesIO_p + phi * bytesW_q) / bwDram, phi * rowsW_q * tRow / writePorts)
 *   C(p | -)  = max(T_compute(p), bytesIO_p / bwDram)            (the last partition)
 *   W(q | p)  = max((1 - phi) * bytesW_q / bwDram, (1 - phi) * rowsW_q * tRow / writePorts)
 *             = (1 - phi) * T_write(q)                            (W(first) = T_write)
 *   T         = sum_p [ W(p | prev) + C(p | next) ]
 * </pre>
 *
 * Energy is §5's with {@code pStatic * T} over this {@code T}: the same bytes and rows move. With
 * {@code phi = 0} everywhere (no prefetch) {@code W + C} is §4's {@code T(p)}.
 */
public final class PairCost {
  private PairCost() {}

  /** {@code phi = min(1, (cap - usedP) / usedQ)}; 0 when {@code p} leaves nothing free. */
  public static double earlyFraction(long capacity, long usedP, long usedQ) {
    if (usedQ <= 0) throw new IllegalArgumentException("a partition uses at least one array, got u_q = " + usedQ);
    long free = capacity - usedP;
    if (free <= 0) return 0;
    return free >= usedQ ? 1.0 : (double) free / usedQ;
  }

  /**
   * The compute phase {@code C(p | q)} of a partition followed by one whose early fraction
   * {@code phi} of {@code bytesW} weight bytes and {@code rowsW} row writes it carries (pass
   * {@code phi = 0} for the last partition, or without prefetch).
   */
  public static double computePhase(HardwareSpec hw, double computeSecondsP, double ioBytesP, double phi,
      double weightBytesQ, long rowsQ) {
    double dram = (ioBytesP + phi * weightBytesQ) / hw.bwDram();
    double ports = phi * rowsQ * hw.tRow() / hw.writePorts();
    return Math.max(computeSecondsP, Math.max(dram, ports));
  }

  /** The exposed write phase {@code W(q | p) = (1 - phi) * T_write(q)}. */
  public static double exposedWrite(double phi, double writeSecondsQ) {
    return (1 - phi) * writeSecondsQ;
  }

  /**
   * The transition {@code t(p, q) = C(p | q) + W(q | p)} between consecutive partitions, from the terms the pair DP
   * and the certificate checker keep per candidate: {@code idleP = C(p | -) = max(T_compute(p), bytesIO_p/bwDram)}
   * ({@code C} reads {@code T_compute} only through that max), {@code phi = min(1, (cap - u_p) / u_q)} with
   * prefetch and 0 without.
   */
  public static double transition(HardwareSpec hw, long capacity, double idleP, double ioBytesP, long usedP, long usedQ,
      double weightBytesQ, long rowsQ, double writeSecondsQ) {
    double phi = hw.prefetch() ? earlyFraction(capacity, usedP, usedQ) : 0;
    return computePhase(hw, idleP, ioBytesP, phi, weightBytesQ, rowsQ) + exposedWrite(phi, writeSecondsQ);
  }

  /** A candidate with the terms the pair costs read ({@link #forEachCandidate(CostModel, Sink)}). */
  public interface Sink {
    /**
     * @param first first unit of the range
     * @param last last unit of the range
     * @param step the candidate's scan step within its range ({@link RangeScanner#costAtStep})
     * @param target its bottleneck target (seconds)
     * @param used capacity used, in the allocation's measure ({@code u})
     * @param rows rows written ({@code rowsW})
     * @param weightBytes {@code bytesW}
     * @param ioBytes {@code bytesIO}
     * @param idle {@code C(c | -) = max(T_compute, bytesIO/bwDram)}
     * @param write {@code T_write}
     * @param dynamicEnergy {@code Edyn}: the candidate's energy without static energy
     */
    void accept(int first, int last, int step, double target, long used, long rows, double weightBytes, double ioBytes,
        double idle, double write, double dynamicEnergy);
  }

  /**
   * Candidates with the terms the pair costs read, as columns: rows {@code 0..size()-1} in the order added (the pair DP
   * keeps its non-dominated candidates here, the certificate checker every candidate). The column arrays are the
   * table's own and may be longer than {@code size()}: read them, do not write them.
   */
  public static final class Table implements Sink {
    private int size;
    private int[] first = new int[256];
    private int[] last = new int[256];
    private int[] step = new int[256];
    private double[] target = new double[256];
    private long[] used = new long[256];
    private long[] rows = new long[256];
    private double[] weight = new double[256];
    private double[] io = new double[256];
    private double[] idle = new double[256];
    private double[] write = new double[256];
    private double[] dynamic = new double[256];

    @Override
    public void accept(int f, int l, int st, double tau, long u, long r, double w, double b, double c, double t, double e) {
      if (size == first.length) {
        int cap = 2 * size;
        first = Arrays.copyOf(first, cap);
        last = Arrays.copyOf(last, cap);
        step = Arrays.copyOf(step, cap);
        target = Arrays.copyOf(target, cap);
        used = Arrays.copyOf(used, cap);
        rows = Arrays.copyOf(rows, cap);
        weight = Arrays.copyOf(weight, cap);
        io = Arrays.copyOf(io, cap);
        idle = Arrays.copyOf(idle, cap);
        write = Arrays.copyOf(write, cap);
        dynamic = Arrays.copyOf(dynamic, cap);
      }
      first[size] = f;
      last[size] = l;
      step[size] = st;
      target[size] = tau;
      used[size] = u;
      rows[size] = r;
      weight[size] = w;
      io[size] = b;
      idle[size] = c;
      write[size] = t;
      dynamic[size] = e;
      size++;
    }

    /** Drops the last row (a candidate added, then found dominated). */
    public void removeLast() {
      size--;
    }

    public int size() { return size; }
    public int[] first() { return first; }
    public int[] last() { return last; }
    /** Scan steps ({@link RangeScanner#costAtStep}). */
    public int[] step() { return step; }
    public double[] target() { return target; }
    /** Capacity used, in the allocation's measure ({@code u}). */
    public long[] used() { return used; }
    /** Rows written ({@code rowsW}). */
    public long[] rows() { return rows; }
    /** {@code bytesW}. */
    public double[] weight() { return weight; }
    /** {@code bytesIO}. */
    public double[] io() { return io; }
    /** {@code C(c | -) = max(T_compute, bytesIO/bwDram)}. */
    public double[] idle() { return idle; }
    /** {@code T_write}. */
    public double[] write() { return write; }
    /** {@code Edyn}. */
    public double[] dynamic() { return dynamic; }
  }

  /**
   * The weight of {@code T} in {@code alpha*T + beta*E} once {@code E = Edyn + pStatic*T} is split:
   * {@code alpha*T + beta*E = a*T + beta*Edyn} with {@code a = alpha + beta*pStatic} (§5), the form in which the pair
   * costs add up along a plan.
   */
  public static double timeWeight(HardwareSpec hw, double alpha, double beta) {
    return alpha + beta * hw.pStatic();
  }

  /**
   * Every candidate of the ranges of the cuts {@code starts} (first units, ascending, from 0; ranges that do not fit
   * are skipped), in order; returns their count.
   */
  public static int forEachCandidate(CostModel m, int[] starts, Sink sink) {
    int count = 0;
    RangeScanner sc = m.scanner();
    for (int k = 0; k < starts.length; k++) {
      int j = PartitionPlan.lastUnit(starts, k, m.units);
      if (m.valid(starts[k], j)) count += forEachCandidate(m, sc, starts[k], j, sink);
    }
    return count;
  }

  private static int forEachCandidate(CostModel m, RangeScanner sc, int i, int j, Sink sink) {
    HardwareSpec hw = m.hw;
    return sc.forEachCandidate(i, j, (st, target, latency, energy, used, rows, weightBytes, ioBytes, compute, write) ->
        sink.accept(i, j, st, target, used, rows, weightBytes, ioBytes, computePhase(hw, compute, ioBytes, 0, 0, 0), write,
            energy - hw.pStatic() * latency));
  }

  /**
   * Every candidate of every valid range, in the order of a certificate over candidates (FORMULATION.md §9): ranges
   * by first unit, then by last unit, then the scan's steps. Returns their count.
   */
  public static int forEachCandidate(CostModel m, Sink sink) {
    int count = 0;
    RangeScanner sc = m.scanner();
    for (int i = 0; i < m.units; i++) {
      for (int j = i; j < m.units && m.minFirst(j) <= i; j++) {
        if (m.valid(i, j)) count += forEachCandidate(m, sc, i, j, sink);
      }
    }
    return count;
  }

  /** The capacity a partition uses, in the allocation's measure: arrays (ARRAY) or cores (CORE). */
  public static long used(CostModel m, PartitionCost p) {
    if (m.allocation == Allocation.ARRAY) return p.arraysUsed();
    long u = 0;
    for (Map.Entry<String, Integer> e : p.replication().entrySet()) {
      int s = m.stageIndex.get(e.getKey());
      u += m.footprint((long) e.getValue() * m.arraysIn(s, p.firstUnit(), p.lastUnit()));
    }
    return u;
  }

  /**
   * The §9 terms of each partition of a plan (in order), from its single-partition costs. With
   * {@code prefetch} false every {@code phi} is 0 and each partition's latency is its §4 {@code T(p)}.
   */
  public static List<PrefetchTerms> terms(CostModel m, List<PartitionCost> parts, boolean prefetch) {
    HardwareSpec hw = m.hw;
    long cap = m.capacity();
    int n = parts.size();
    double[] phi = new double[n];
    long[] used = new long[n];
    for (int k = 0; k < n; k++) used[k] = used(m, parts.get(k));
    for (int k = 1; k < n && prefetch; k++) phi[k] = earlyFraction(cap, used[k - 1], used[k]);
    List<PrefetchTerms> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      PartitionCost p = parts.get(k);
      double nextPhi = k + 1 < n ? phi[k + 1] : 0;
      double nextBytes = k + 1 < n ? parts.get(k + 1).weightBytes() : 0;
      long nextRows = k + 1 < n ? parts.get(k + 1).rowsWritten() : 0;
      double w = exposedWrite(phi[k], p.writeSeconds());
      double c = computePhase(hw, p.computeSeconds(), p.ioBytes(), nextPhi, nextBytes, nextRows);
      out.add(new PrefetchTerms(used[k], phi[k], w, phi[k] * p.writeSeconds(), c,
          c - Math.max(p.computeSeconds(), p.ioSeconds()), w + c, hw.pStatic() * (w + c)));
    }
    return out;
  }

  /**
   * The plan cost of these partitions (in order) under weight prefetch: each partition's latency
   * becomes {@code W(p | prev) + C(p | next)} with static energy over it, and the plan carries the
   * pair terms. {@code T = sum_p [W(p | prev) + C(p | next)]}, {@code E = sum_p Edyn(p) + pStatic * T}.
   */
  public static PlanCost plan(CostModel m, List<PartitionCost> parts) {
    List<PrefetchTerms> terms = terms(m, parts, true);
    List<PartitionCost> shared = new ArrayList<>(parts.size());
    double t = 0;
    double e = 0;
    for (int k = 0; k < parts.size(); k++) {
      PartitionCost p = parts.get(k).withLatency(terms.get(k).latencySeconds(), terms.get(k).staticEnergy());
      shared.add(p);
      t += p.latencySeconds();
      e += p.energyJoules();
    }
    return new PlanCost(m.batch, shared, t, e, terms);
  }
}
