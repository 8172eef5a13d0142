package dev.compass.solvers.dp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.costmodel.ReplicationLadder;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SupportedPointSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exact dynamic program over candidates for weight prefetch (FORMULATION.md §9). A candidate
 * {@code c} is a valid range of units with one bottleneck target of §4 (a scan step of
 * {@link RangeScanner}, {@link RangeScanner#forEachCandidate}); {@code g(c)} is the least cost of a plan prefix ending with {@code c},
 * without {@code c}'s own compute phase (which depends on the next partition):
 *
 * <pre>
 *   g(c) = beta * Edyn(c) + a * T_write(c)                                     (c starts at unit 0)
 *   g(c) = beta * Edyn(c) + min over c' ending just before c of  g(c') + a * (C(c' | c) + W(c | c'))
 *   opt  = min over c ending at the last unit of  g(c) + a * C(c | none)
 * </pre>
 *
 * for the objective {@code alpha*T + beta*E}: with {@code E = Edyn + pStatic*T} it is
 * {@code a*T + beta*Edyn}, {@code a = alpha + beta*pStatic}, and {@code Edyn} (compute, DRAM, row
 * writes, attention) does not depend on the neighbours. {@code C} and {@code W} are {@link PairCost}'s.
 * Ties (within {@link ReplicationLadder#TOLERANCE}, {@code 1e-12} relative) are broken by a second weighting, as in
 * {@link SegmentOptimizer}. EDP is the supported-point search over these weighted solves
 * ({@link SupportedPointSearch}, §5).
 *
 * <p><b>Pruning (exact).</b> Within a range, a candidate is dropped if an earlier one (less
 * replication) has no more capacity use {@code u}, rows, {@code T_write}, dynamic energy and
 * {@code max(T_compute, bytesIO/bwDram)}: {@code C(p | q)} reads {@code T_compute} only through that
 * max, and every pair cost is non-decreasing in each of these (below), so the earlier one is never
 * worse in any plan, first, last or between. (Once {@code T_compute} falls below
 * {@code bytesIO/bwDram}, more replication cannot help.) A candidate dominated in {@code (T, E)}
 * alone would not be safe to drop: a slower partition that uses fewer arrays can hide more of the next
 * partition's writes.
 *
 * <p>For a fixed {@code c = q} the transition from {@code p = c'} costs
 * {@code t(p, q) = C(p | q) + W(q | p)}, and
 *
 * <pre>
 *   max(T_compute(p), bytesIO_p / bwDram)  <=  t(p, q)  <=  max(T_compute(p), bytesIO_p / bwDram) + T_write(q)
 * </pre>
 *
 * (the lower bound: {@code C} is a max over terms including both; the upper: {@code t} does not
 * increase with {@code phi}, because each term of {@code C} grows with slope at most
 * {@code max(bytesW_q/bwDram, rowsW_q*tRow/writePorts) = T_write(q)} in {@code phi} while
 * {@code W = (1-phi)*T_write(q)} falls with slope exactly {@code T_write(q)}, and at {@code phi = 0}
 * it is the upper bound). So the candidates ending at unit {@code e} are sorted once by
 * {@code h(p) = g(p) + a*max(T_compute(p), bytesIO_p/bwDram)}, and each {@code q} starting at
 * {@code e+1} scans them in that order and stops at the first {@code p} with {@code h(p)} above the
 * best value found: no later {@code p} can beat it. The transition is non-decreasing in
 * {@code u_p} (through {@code phi}), in {@code max(T_compute(p), bytesIO_p/bwDram)}, and in
 * {@code u_q}, {@code rowsW_q} and {@code T_write(q)}, which is what the dominance above uses.
 *
 * <p><b>Complexity.</b> With {@code K} candidates in all, the table costs one scan per valid range;
 * a weighted solve sorts the candidates ending at each unit ({@code O(K log K)}) and evaluates at most
 * {@code sum_e (ending at e) * (starting at e+1)} pair costs, in practice a few per candidate
 * ({@link #pairsEvaluated()}).
 */
public final class PairDp {
  private static final double TIE = ReplicationLadder.TOLERANCE;
  /**
   * Relative margin of the pruning cut on {@code h(p)}: {@link #better} calls values within {@code TIE} of each
   * other tied and breaks the tie on the second objective, so the cut must keep every {@code p} within that
   * tolerance of the best, plus the rounding of the sums {@code h(p)} and {@code hMin + a*max T_write(q)} (each a
   * few ulps): {@code 8*TIE} leaves a wide margin over both.
   */
  private static final double PRUNE_SLACK = 8 * TIE;
  /**
   * Relative margin of the early stop over the {@code h}-sorted predecessors: a {@code p} with
   * {@code h(p) > bestV*(1 + STOP_SLACK)} can neither beat nor tie {@code bestV} in {@link #better} (tolerance
   * {@code TIE}), and no later one can either.
   */
  private static final double STOP_SLACK = 2 * TIE;

  private final CostModel model;
  private final HardwareSpec hw;
  private final long capacity;
  private final int n;
  // ranges, in order of first unit, then last unit
  private final int[] rangeFirst;
  private final int[] rangeLast;
  private final int[] rangeCand; // candidates of range r: rangeCand[r] .. rangeCand[r+1]-1
  private final int[] startRange; // ranges with first unit s: startRange[s] .. startRange[s+1]-1
  private final int[] endStart; // candidates with last unit e: endStart[e] of them before, in a DP's entries
  private final double[] startMaxWrite; // the largest T_write of a candidate with first unit s
  // candidates (the kept rows of a PairCost.Table)
  private final int[] candFirst;
  private final int[] candLast;
  private final int[] candStep;
  private final double[] candIdle; // max(T_compute, bytesIO/bwDram): C(c | none)
  private final double[] candIo; // bytesIO
  private final double[] candWeight; // bytesW
  private final double[] candWrite; // T_write
  private final long[] candRows;
  private final long[] candUsed;
  private final double[] candDynamic; // Edyn
  private final int candidates;
  /**
   * Without fixed cuts: for every candidate in {@link PairCost#forEachCandidate(CostModel, PairCost.Sink)}'s order,
   * its row in the table, or the row of the kept candidate that dominates it (null with fixed cuts).
   */
  private final int[] canonical;

  private long pairsEvaluated;
  private int weightedSolves;

  /** Over all valid ranges. */
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
    Table t = new Table(fixedStarts == null);
    if (fixedStarts != null) {
      PairCost.forEachCandidate(model, fixedStarts, t);
    } else {
      PairCost.forEachCandidate(model, t); // every valid range, by first unit then last unit: the certificate's order
    }
    t.endRange();
    startRange = new int[n + 1];
    int r0 = 0;
    for (int s = 0; s <= n; s++) {
      while (r0 < t.ranges && t.rangeFirst[r0] < s) r0++;
      startRange[s] = r0;
    }
    PairCost.Table kept = t.kept;
    candidates = kept.size();
    rangeFirst = Arrays.copyOf(t.rangeFirst, t.ranges);
    rangeLast = Arrays.copyOf(t.rangeLast, t.ranges);
    rangeCand = Arrays.copyOf(t.rangeCand, t.ranges + 1);
    rangeCand[t.ranges] = candidates;
    candFirst = kept.first(); // the table's columns, rows 0..candidates-1
    candLast = kept.last();
    candStep = kept.step();
    candIdle = kept.idle();
    candIo = kept.io();
    candWeight = kept.weight();
    candWrite = kept.write();
    candRows = kept.rows();
    candUsed = kept.used();
    candDynamic = kept.dynamic();
    canonical = t.canonical ? Arrays.copyOf(t.row, t.all) : null;
    startMaxWrite = new double[n];
    for (int r = 0; r < rangeFirst.length; r++) {
      for (int c = rangeCand[r]; c < rangeCand[r + 1]; c++) startMaxWrite[rangeFirst[r]] = Math.max(startMaxWrite[rangeFirst[r]], candWrite[c]);
    }
    endStart = new int[n + 1];
    for (int r = 0; r < rangeFirst.length; r++) endStart[rangeLast[r] + 1] += rangeCand[r + 1] - rangeCand[r];
    for (int e = 0; e < n; e++) endStart[e + 1] += endStart[e];
  }

  /**
   * The candidate table as it is built: the kept candidates' rows ({@code kept}) and their ranges; ranges arrive in
   * order of first unit, then last unit, each with its candidates in scan order. With {@code canonical}, {@code row[x]}
   * is the row of the {@code x}-th candidate of {@link PairCost#forEachCandidate(CostModel, PairCost.Sink)}'s order:
   * its own, or the row of the kept candidate that dominates it.
   */
  private static final class Table implements PairCost.Sink {
    final boolean canonical;
    final PairCost.Table kept = new PairCost.Table();
    int ranges;
    int curFirst = -1;
    int curLast = -1;
    int[] rangeFirst = new int[64];
    int[] rangeLast = new int[64];
    int[] rangeCand = new int[65];
    int all;
    int[] row = new int[256];

    Table(boolean canonical) {
      this.canonical = canonical;
    }

    /** Closes the range being filled (a range keeps at least its first candidate). */
    void endRange() {
      if (curFirst >= 0) ranges++;
      curFirst = -1;
    }

    @Override
    public void accept(int first, int last, int st, double target, long capacityUsed, long rowsWritten, double weightBytes,
        double ioBytes, double idleSeconds, double writeSeconds, double dynamicEnergy) {
      if (first != curFirst || last != curLast) {
        endRange();
        if (ranges + 1 >= rangeFirst.length) {
          rangeFirst = Arrays.copyOf(rangeFirst, ranges * 2);
          rangeLast = Arrays.copyOf(rangeLast, ranges * 2);
          rangeCand = Arrays.copyOf(rangeCand, ranges * 2 + 1);
        }
        rangeFirst[ranges] = first;
        rangeLast[ranges] = last;
        rangeCand[ranges] = kept.size();
        curFirst = first;
        curLast = last;
      }
      kept.accept(first, last, st, target, capacityUsed, rowsWritten, weightBytes, ioBytes, idleSeconds, writeSeconds, dynamicEnergy);
      int c = kept.size() - 1;
      boolean drop = dominated(rangeCand[ranges], c);
      if (canonical) {
        if (all == row.length) row = Arrays.copyOf(row, all * 2);
        row[all++] = drop ? c - 1 : c;
      }
      if (drop) kept.removeLast();
    }

    /**
     * True if the last kept candidate of the range (rows {@code from..c-1}) is at least as good as
     * candidate {@code c} in every role: same bytes, and no more {@code max(T_compute, bytesIO/bwDram)}
     * (all that {@code C(c | next)} reads of {@code T_compute}), capacity, rows, {@code T_write} and
     * dynamic energy. Along the scan replication only grows, so each kept candidate has a smaller max
     * than the ones before and the last kept is the one that can dominate; comparing with one earlier
     * candidate only never drops a candidate that is needed.
     */
    private boolean dominated(int from, int c) {
      if (c == from) return false;
      int k = c - 1; // the last kept: along the scan, the least max(T_compute, bytesIO/bwDram) so far
      double[] idle = kept.idle();
      long[] used = kept.used();
      long[] rows = kept.rows();
      double[] write = kept.write();
      double[] dynamic = kept.dynamic();
      return idle[k] <= idle[c] && used[k] <= used[c] && rows[k] <= rows[c] && write[k] <= write[c] && dynamic[k] <= dynamic[c];
    }
  }

  /** The least {@code objective} over plans (with the fixed cuts, if any); empty if no plan fits. */
  public Optional<PlanCost> solve(Objective objective) {
    return switch (objective.kind()) {
      case LATENCY -> minimize(1, 0, 0, 1).map(c -> c.cost(model));
      case ENERGY -> minimize(0, 1, 1, 0).map(c -> c.cost(model));
      case WEIGHTED -> minimize(objective.lambda(), 1, 1, 0).map(c -> c.cost(model));
      case EDP -> SupportedPointSearch.search(
              SupportedPointSearch.tieBroken((a, b, a2, b2) -> minimize(a, b, a2, b2).map(c -> c.cost(model))),
              PlanCost::latencySeconds, PlanCost::energyJoules)
          .map(SupportedPointSearch.Hull::best);
    };
  }

  /** Candidates (range, target) in the table. */
  public int candidates() { return candidates; }

  /**
   * The arcs a path formulation over candidate nodes would need (one per pair of candidates that can
   * follow each other): {@code sum_e (candidates ending at e) * (candidates starting at e+1)}, after the
   * in-range dominance.
   */
  public long pairArcs() {
    long[] starting = new long[n + 1];
    for (int r = 0; r < rangeFirst.length; r++) starting[rangeFirst[r]] += rangeCand[r + 1] - rangeCand[r];
    long arcs = 0;
    for (int e = 0; e + 1 < n; e++) arcs += (long) (endStart[e + 1] - endStart[e]) * starting[e + 1];
    return arcs;
  }

  /** Pair costs evaluated by the weighted solves so far. */
  public long pairsEvaluated() { return pairsEvaluated; }

  public int weightedSolves() { return weightedSolves; }

  /**
   * A plan as chosen by the DP: each partition's range and scan step, the DP's value, and the potentials of its
   * certificate over candidates ({@link #potentials}; empty with fixed cuts).
   */
  public record Choice(int[] first, int[] last, int[] step, double value, double[] potentials) {
    /** The plan's cost, evaluated from scratch by the cost model ({@link CostModel#evaluate}). */
    public PlanCost cost(CostModel m) {
      RangeScanner sc = m.scanner();
      List<PartitionCost> out = new ArrayList<>();
      for (int k = 0; k < first.length; k++) out.add(sc.costAtStep(first[k], last[k], step[k]));
      return m.evaluate(PlanCost.of(m.batch(), out).plan());
    }
  }

  /**
   * The plan of least {@code alpha*T + beta*E}, ties broken by least {@code alpha2*T + beta2*E},
   * with the §9 pair costs (without prefetch, {@code phi = 0}: §4's costs); empty if no plan fits.
   */
  public Optional<Choice> minimize(double alpha, double beta, double alpha2, double beta2) {
    weightedSolves++;
    double a = PairCost.timeWeight(hw, alpha, beta);
    double a2 = PairCost.timeWeight(hw, alpha2, beta2);
    // one entry per candidate, grouped by last unit (entries of unit e at endStart[e] ..): the
    // candidate, its g and g2 and the entry of its predecessor (-1: none)
    int[] eCand = new int[candidates];
    int[] ePred = new int[candidates];
    double[] eG = new double[candidates];
    double[] eG2 = new double[candidates];
    int[] fill = Arrays.copyOf(endStart, n);
    // the entries ending at the previous unit, sorted by the lower bound h, as columns
    int lSize = 0;
    int[] lId = new int[16];
    double[] lh = new double[16];
    double[] lg = new double[16];
    double[] lg2 = new double[16];
    double[] lTc = new double[16];
    double[] lIo = new double[16];
    long[] lU = new long[16];
    for (int s = 0; s < n; s++) {
      if (s > 0) {
        int from = endStart[s - 1];
        lSize = fill[s - 1] - from;
        if (lSize == 0) continue;
        if (lId.length < lSize) {
          int cap = Math.max(lSize, lId.length * 2);
          lId = new int[cap];
          lh = new double[cap];
          lg = new double[cap];
          lg2 = new double[cap];
          lTc = new double[cap];
          lIo = new double[cap];
          lU = new long[cap];
        }
        // h(p) = g(p) + a*max(T_compute(p), bytesIO_p/bwDram) bounds every transition out of p from below,
        // h(p) + a*T_write(q) from above: only p with h(p) <= min h + a*max T_write(q) can be best for some q
        double hMin = Double.POSITIVE_INFINITY;
        for (int x = 0; x < lSize; x++) hMin = Math.min(hMin, eG[from + x] + a * candIdle[eCand[from + x]]);
        double cut = (hMin + a * startMaxWrite[s]) * (1 + PRUNE_SLACK);
        int kept = 0;
        for (int x = 0; x < lSize; x++) {
          double h = eG[from + x] + a * candIdle[eCand[from + x]];
          if (h > cut) continue;
          lh[kept] = h;
          lId[kept++] = from + x;
        }
        lSize = kept;
        sort(lh, lId, 0, lSize - 1);
        for (int k = 0; k < lSize; k++) {
          int id = lId[k];
          int c = eCand[id];
          lg[k] = eG[id];
          lg2[k] = eG2[id];
          lTc[k] = candIdle[c]; // C reads T_compute only through max(T_compute, bytesIO/bwDram)
          lIo[k] = candIo[c];
          lU[k] = candUsed[c];
        }
      }
      for (int r = startRange[s]; r < startRange[s + 1]; r++) {
        int j = rangeLast[r];
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
            double wBytes = candWeight[c];
            int x = 0;
            for (; x < lSize; x++) {
              // every later p has h(p) >= this one's, and its value is at least h(p)
              if (lh[x] > bestV + STOP_SLACK * Math.max(Math.abs(lh[x]), Math.abs(bestV))) break;
              double t = PairCost.transition(hw, capacity, lTc[x], lIo[x], lU[x], uq, wBytes, rows, tw);
              double v = lg[x] + a * t;
              double v2 = lg2[x] + a2 * t;
              if (better(v, v2, bestV, bestV2)) {
                bestV = v;
                bestV2 = v2;
                bestPred = lId[x];
              }
            }
            pairsEvaluated += x;
          }
          int id = fill[j]++;
          eCand[id] = c;
          ePred[id] = bestPred;
          eG[id] = bestV + beta * candDynamic[c];
          eG2[id] = bestV2 + beta2 * candDynamic[c];
        }
      }
    }
    int best = -1;
    double bestV = Double.POSITIVE_INFINITY;
    double bestV2 = Double.POSITIVE_INFINITY;
    for (int id = endStart[n - 1]; id < fill[n - 1]; id++) {
      int c = eCand[id];
      double v = eG[id] + a * candIdle[c];
      double v2 = eG2[id] + a2 * candIdle[c];
      if (better(v, v2, bestV, bestV2)) {
        bestV = v;
        bestV2 = v2;
        best = id;
      }
    }
    if (best < 0) return Optional.empty();
    double[] potentials = potentials(eCand, eG, fill, bestV);
    List<Integer> chain = new ArrayList<>();
    for (int id = best; id >= 0; id = ePred[id]) chain.add(eCand[id]);
    int k = chain.size();
    int[] first = new int[k];
    int[] lastU = new int[k];
    int[] step = new int[k];
    for (int x = 0; x < k; x++) {
      int c = chain.get(k - 1 - x);
      first[x] = candFirst[c];
      lastU[x] = candLast[c];
      step[x] = candStep[c];
    }
    return Optional.of(new Choice(first, lastU, step, bestV, potentials));
  }

  /**
   * The potentials of a certificate over candidates ({@code dev.compass.solvers.certificate}, FORMULATION.md §9): 0
   * for the source, for every candidate in {@link PairCost#forEachCandidate(CostModel, PairCost.Sink)}'s order its
   * label {@code g}, then the optimum. By the recursion {@code g(q) <= g(p) + a*t(p, q) + beta*Edyn(q)} for every {@code p} ending just
   * before {@code q}, {@code g(q) <= a*T_write(q) + beta*Edyn(q)} for {@code q} at unit 0, and
   * {@code opt <= g(c) + a*C(c | -)} for {@code c} at the last unit (up to the tie tolerance). A dominated candidate
   * takes the label of the kept one that dominates it: every transition into or out of that one costs no more, so
   * its inequalities hold for the dominated one too. A candidate no plan prefix reaches (none here: every unit fits
   * alone) would get a potential above all others, which satisfies its outgoing inequalities. Empty with fixed cuts.
   */
  private double[] potentials(int[] eCand, double[] eG, int[] fill, double opt) {
    if (canonical == null) return new double[0];
    double[] g = new double[candidates];
    Arrays.fill(g, Double.NaN);
    double top = Math.abs(opt);
    for (int e = 0; e < n; e++) {
      for (int id = endStart[e]; id < fill[e]; id++) {
        g[eCand[id]] = eG[id];
        if (Double.isFinite(eG[id])) top = Math.max(top, Math.abs(eG[id]));
      }
    }
    double[] pi = new double[canonical.length + 2]; // pi[0] = 0: the source, before unit 0
    for (int x = 0; x < canonical.length; x++) {
      double v = g[canonical[x]];
      pi[1 + x] = Double.isFinite(v) ? v : 2 * top + 1;
    }
    pi[canonical.length + 1] = opt;
    return pi;
  }

  /**
   * Lexicographic order with a relative tie tolerance on the first value: plans of equal cost
   * mathematically can differ in the last bits, because the pair DP splits the same sum differently;
   * the tie-break must still see them as tied, so that the extreme points of the (T, E) front, where
   * the EDP search starts, are exact.
   */
  private static boolean better(double v, double v2, double bestV, double bestV2) {
    if (bestV == Double.POSITIVE_INFINITY) return v < bestV || v2 < bestV2;
    double tol = TIE * Math.max(Math.abs(v), Math.abs(bestV));
    if (v < bestV - tol) return true;
    return v <= bestV + tol && v2 < bestV2;
  }

  /** Sorts {@code key[lo..hi]} ascending, permuting {@code idx} alike (quicksort, insertion sort below 16). */
  static void sort(double[] key, int[] idx, int lo, int hi) {
    while (hi - lo >= 16) {
      double pivot = key[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (key[i] < pivot) i++;
        while (key[j] > pivot) j--;
        if (i <= j) {
          double k = key[i];
          key[i] = key[j];
          key[j] = k;
          int t = idx[i];
          idx[i] = idx[j];
          idx[j] = t;
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        sort(key, idx, lo, j);
        lo = i;
      } else {
        sort(key, idx, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double k = key[i];
      int t = idx[i];
      int j = i - 1;
      while (j >= lo && key[j] > k) {
        key[j + 1] = key[j];
        idx[j + 1] = idx[j];
        j--;
      }
      key[j + 1] = k;
      idx[j + 1] = t;
    }
  }

}
