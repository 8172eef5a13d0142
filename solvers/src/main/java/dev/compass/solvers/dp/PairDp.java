package dev.compass.solvers.dp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.hardware.HardwareSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exact dynamic program over candidates for weight prefetch (FORMULATION.md §9). A candidate
 * {@code c} is a valid range of units with one bottleneck target of §4 (a scan step of
 * {@link RangeScanner}); with {@code g(c)} the least cost of a plan prefix ending with {@code c},
 * without {@code c}'s own compute phase (which depends on the next partition):
 *
 * <pre>
 *   g(c) = beta * Edyn(c) + min over c' ending just before c of  g(c') + a * (C(c' | c) + W(c | c'))
 *   g(c) = beta * Edyn(c) + a * T_write(c)                         (c starts at unit 0)
 *   opt  = min over c ending at the last unit of  g(c) + a * C(c | none)
 * </pre>
 *
 * for the objective {@code alpha*T + beta*E} with {@code E = Edyn + pStatic*T}, so {@code a = alpha +
 * beta*pStatic}; {@code Edyn} (compute, DRAM, row writes, attention) does not depend on neighbours.
 * Ties are broken by a second weighting, as in {@link SegmentOptimizer}.
 *
 * <p><b>Pruning (exact).</b> The transition cost from {@code c'} depends on {@code c'} only through
 * {@code g(c')}, {@code T_compute(c')}, {@code bytesIO(c')} and its capacity use {@code u(c')}; it is
 * non-decreasing in each. In {@code T_compute} and {@code bytesIO} directly ({@code C} is a max of
 * terms increasing in them). In {@code u}: {@code phi} falls as {@code u(c')} grows, and
 * {@code C + W} does not increase with {@code phi}, because each term of {@code C} grows with slope at
 * most {@code max(bytesW_q/bwDram, rowsW_q*tRow/writePorts) = T_write(q)} in {@code phi} while
 * {@code W = (1-phi) T_write(q)} falls with slope exactly {@code T_write(q)}. So a candidate ending at
 * unit {@code e} that another candidate ending at {@code e} matches or beats in all five of
 * {@code (g, g2, T_compute, bytesIO, u)} can never do better in any continuation, and is dropped.
 * Dominance in {@code (T, E)} alone would not be safe: a slower partition that uses fewer arrays can
 * hide more of the next partition's writes.
 *
 * <p><b>Complexity.</b> With {@code K} candidates in all and {@code L_e} the candidates kept at unit
 * {@code e}, a weighted solve evaluates {@code sum_e |L_e| * (candidates starting at e+1)} pair costs
 * (without pruning: {@code sum_e (ending at e) * (starting at e+1)}), plus {@code O(sum_e m_e * |L_e|)}
 * dominance checks, {@code m_e} the candidates ending at {@code e}. The candidate table is built once.
 */
public final class PairDp {
  private final CostModel model;
  private final HardwareSpec hw;
  private final long capacity;
  private final int n;
  // ranges, in order of first unit then last unit
  private final int[] rangeFirst;
  private final int[] rangeLast;
  private final double[] rangeIoBytes;
  private final double[] rangeWeightBytes;
  private final int[] rangeCand; // first candidate of range r; rangeCand[r+1] the end
  private final int[] startRange; // first range with first unit s; startRange[s+1] the end
  // candidates
  private final int[] candStep;
  private final int[] candRange;
  private final double[] candCompute; // T_compute
  private final double[] candWrite; // T_write
  private final long[] candRows;
  private final long[] candUsed;
  private final double[] candDynamic; // dynamic energy
  private final int candidates;

  private long pairsEvaluated;
  private long kept;
  private int weightedSolves;

  /** Optimizes over all valid ranges. */
  public PairDp(CostModel model) {
    this(model, null);
  }

  /**
   * @param fixedStarts if not null, the first units of the partitions (ascending, from 0): only these
   *     cuts are allowed, each partition choosing its target (the baselines, FORMULATION.md §8 rule 11)
   */
  public PairDp(CostModel model, int[] fixedStarts) {
    this.model = model;
    this.hw = model.hardware();
    this.capacity = model.capacityMeasure();
    this.n = model.units();
    RangeScanner sc = model.scanner();
    double[] tau = new double[sc.maxCandidates()];
    double[] lat = new double[tau.length];
    double[] en = new double[tau.length];
    IntList rf = new IntList();
    IntList rl = new IntList();
    IntList rc = new IntList();
    int[] sr = new int[n + 1];
    Arrays.fill(sr, -1);
    List<PartitionCost> costs = new ArrayList<>();
    IntList cr = new IntList();
    IntList cs = new IntList();
    for (int s = 0; s < n; s++) {
      sr[s] = rf.size();
      if (fixedStarts != null) {
        int k = Arrays.binarySearch(fixedStarts, s);
        if (k < 0) continue;
        int j = k + 1 < fixedStarts.length ? fixedStarts[k + 1] - 1 : n - 1;
        addRange(sc, s, j, tau, lat, en, rf, rl, rc, costs, cr, cs);
      } else {
        for (int j = s; j < n && model.minFirst(j) <= s; j++) addRange(sc, s, j, tau, lat, en, rf, rl, rc, costs, cr, cs);
      }
    }
    sr[n] = rf.size();
    rc.add(costs.size());
    rangeFirst = rf.toArray();
    rangeLast = rl.toArray();
    rangeCand = rc.toArray();
    startRange = sr;
    int nr = rangeFirst.length;
    rangeIoBytes = new double[nr];
    rangeWeightBytes = new double[nr];
    candidates = costs.size();
    candStep = cs.toArray();
    candRange = cr.toArray();
    candCompute = new double[candidates];
    candWrite = new double[candidates];
    candRows = new long[candidates];
    candUsed = new long[candidates];
    candDynamic = new double[candidates];
    for (int c = 0; c < candidates; c++) {
      PartitionCost p = costs.get(c);
      int r = candRange[c];
      rangeIoBytes[r] = p.ioBytes();
      rangeWeightBytes[r] = p.weightBytes();
      candCompute[c] = p.computeSeconds();
      candWrite[c] = p.writeSeconds();
      candRows[c] = p.rowsWritten();
      candUsed[c] = PairCost.used(model, p);
      candDynamic[c] = p.dynamicEnergy();
    }
  }

  private void addRange(RangeScanner sc, int i, int j, double[] tau, double[] lat, double[] en, IntList rf, IntList rl,
      IntList rc, List<PartitionCost> costs, IntList cr, IntList cs) {
    if (!model.valid(i, j)) return;
    sc.setRange(i, j);
    int k = sc.candidates(tau, lat, en);
    if (k == 0) return;
    int r = rf.size();
    rf.add(i);
    rl.add(j);
    rc.add(costs.size());
    for (int step = 0; step < k; step++) {
      costs.add(sc.costAtStep(i, j, step));
      cr.add(r);
      cs.add(step);
    }
  }

  /** Candidates (range, target) in the table. */
  public int candidates() { return candidates; }

  /** Pair costs evaluated by the weighted solves so far. */
  public long pairsEvaluated() { return pairsEvaluated; }

  /** Candidates kept after dominance pruning, summed over units, by the weighted solves so far. */
  public long candidatesKept() { return kept; }

  public int weightedSolves() { return weightedSolves; }

  /** A plan as chosen by the DP: each partition's range and scan step, and the DP's value. */
  public record Choice(int[] first, int[] last, int[] step, double value) {
    /** The partitions' single-partition costs (no prefetch terms), from the model's scanner. */
    public List<PartitionCost> costs(CostModel m) {
      RangeScanner sc = m.scanner();
      List<PartitionCost> out = new ArrayList<>();
      for (int k = 0; k < first.length; k++) out.add(sc.costAtStep(first[k], last[k], step[k]));
      return out;
    }
  }

  /**
   * The plan of least {@code alpha*T + beta*E}, ties broken by least {@code alpha2*T + beta2*E},
   * with the §9 pair costs (empty if no plan fits).
   */
  public Optional<Choice> minimize(double alpha, double beta, double alpha2, double beta2) {
    weightedSolves++;
    double a = alpha + beta * hw.pStatic();
    double a2 = alpha2 + beta2 * hw.pStatic();
    boolean prefetch = hw.prefetch();
    Entries arena = new Entries();
    Entries[] pending = new Entries[n];
    // the kept candidates ending at the previous unit, as columns
    int lSize = 0;
    int[] lId = new int[16];
    double[] lg = new double[16];
    double[] lg2 = new double[16];
    double[] lTc = new double[16];
    double[] lIo = new double[16];
    long[] lU = new long[16];
    for (int s = 0; s < n; s++) {
      if (s > 0) {
        Entries done = pending[s - 1];
        pending[s - 1] = null;
        lSize = 0;
        if (done != null) {
          int[] keep = prune(done);
          if (lId.length < keep.length) {
            int cap = Math.max(keep.length, lId.length * 2);
            lId = new int[cap];
            lg = new double[cap];
            lg2 = new double[cap];
            lTc = new double[cap];
            lIo = new double[cap];
            lU = new long[cap];
          }
          for (int x : keep) {
            int c = done.cand[x];
            lId[lSize] = arena.add(c, done.pred[x], done.g[x], done.g2[x]);
            lg[lSize] = done.g[x];
            lg2[lSize] = done.g2[x];
            lTc[lSize] = candCompute[c];
            lIo[lSize] = rangeIoBytes[candRange[c]];
            lU[lSize] = candUsed[c];
            lSize++;
          }
          kept += lSize;
        }
        if (lSize == 0) continue;
      }
      for (int r = startRange[s]; r < startRange[s + 1]; r++) {
        int j = rangeLast[r];
        double wBytes = rangeWeightBytes[r];
        for (int c = rangeCand[r]; c < rangeCand[r + 1]; c++) {
          double tw = candWrite[c];
          double bestV;
          double bestV2;
          int bestPred = -1;
          if (s == 0) {
            bestV = a * tw;
            bestV2 = a2 * tw;
          } else {
            bestV = Double.POSITIVE_INFINITY;
            bestV2 = Double.POSITIVE_INFINITY;
            long uq = candUsed[c];
            long rows = candRows[c];
            for (int x = 0; x < lSize; x++) {
              double phi = prefetch ? PairCost.earlyFraction(capacity, lU[x], uq) : 0;
              double t = PairCost.computePhase(hw, lTc[x], lIo[x], phi, wBytes, rows) + PairCost.exposedWrite(phi, tw);
              double v = lg[x] + a * t;
              double v2 = lg2[x] + a2 * t;
              if (v < bestV || (v == bestV && v2 < bestV2)) {
                bestV = v;
                bestV2 = v2;
                bestPred = lId[x];
              }
            }
            pairsEvaluated += lSize;
          }
          if (pending[j] == null) pending[j] = new Entries();
          pending[j].add(c, bestPred, bestV + beta * candDynamic[c], bestV2 + beta2 * candDynamic[c]);
        }
      }
    }
    Entries last = pending[n - 1];
    if (last == null || last.size == 0) return Optional.empty();
    int best = -1;
    double bestV = Double.POSITIVE_INFINITY;
    double bestV2 = Double.POSITIVE_INFINITY;
    for (int x = 0; x < last.size; x++) {
      int c = last.cand[x];
      double t = PairCost.computePhase(hw, candCompute[c], rangeIoBytes[candRange[c]], 0, 0, 0);
      double v = last.g[x] + a * t;
      double v2 = last.g2[x] + a2 * t;
      if (v < bestV || (v == bestV && v2 < bestV2)) {
        bestV = v;
        bestV2 = v2;
        best = x;
      }
    }
    List<Integer> chain = new ArrayList<>();
    chain.add(last.cand[best]);
    for (int id = last.pred[best]; id >= 0; id = arena.pred[id]) chain.add(0, arena.cand[id]);
    int k = chain.size();
    int[] first = new int[k];
    int[] lastU = new int[k];
    int[] step = new int[k];
    for (int x = 0; x < k; x++) {
      int c = chain.get(x);
      first[x] = rangeFirst[candRange[c]];
      lastU[x] = rangeLast[candRange[c]];
      step[x] = candStep[c];
    }
    return Optional.of(new Choice(first, lastU, step, bestV));
  }

  /**
   * The entries no other entry dominates in (g, g2, T_compute, bytesIO, u), all smaller being
   * better; of identical ones the first. Indices into {@code e}.
   */
  private int[] prune(Entries e) {
    Integer[] order = new Integer[e.size];
    for (int x = 0; x < e.size; x++) order[x] = x;
    Arrays.sort(order, (x, y) -> e.g[x] != e.g[y] ? Double.compare(e.g[x], e.g[y]) : Double.compare(e.g2[x], e.g2[y]));
    int[] keep = new int[e.size];
    int m = 0;
    for (int x : order) {
      int c = e.cand[x];
      double tc = candCompute[c];
      double io = rangeIoBytes[candRange[c]];
      long u = candUsed[c];
      boolean dominated = false;
      for (int y = 0; y < m && !dominated; y++) {
        int k = keep[y];
        int ck = e.cand[k];
        dominated = e.g[k] <= e.g[x] && e.g2[k] <= e.g2[x] && candCompute[ck] <= tc
            && rangeIoBytes[candRange[ck]] <= io && candUsed[ck] <= u;
      }
      if (!dominated) keep[m++] = x;
    }
    return Arrays.copyOf(keep, m);
  }

  /** Growable columns of DP entries: candidate, predecessor entry (arena id, -1 for none), g, g2. */
  private static final class Entries {
    int size;
    int[] cand = new int[8];
    int[] pred = new int[8];
    double[] g = new double[8];
    double[] g2 = new double[8];

    int add(int c, int p, double v, double v2) {
      if (size == cand.length) {
        int cap = size * 2;
        cand = Arrays.copyOf(cand, cap);
        pred = Arrays.copyOf(pred, cap);
        g = Arrays.copyOf(g, cap);
        g2 = Arrays.copyOf(g2, cap);
      }
      cand[size] = c;
      pred[size] = p;
      g[size] = v;
      g2[size] = v2;
      return size++;
    }
  }

  private static final class IntList {
    int size;
    int[] a = new int[16];

    void add(int v) {
      if (size == a.length) a = Arrays.copyOf(a, size * 2);
      a[size++] = v;
    }

    int size() { return size; }

    int[] toArray() { return Arrays.copyOf(a, size); }
  }
}
