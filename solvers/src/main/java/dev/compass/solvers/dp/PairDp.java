package dev.compass.solvers.dp;

import dev.compass.costmodel.Candidate;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SupportedPointSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exact dynamic program over candidates for weight prefetch (FORMULATION.md §9). A candidate
 * {@code c} is a valid range of units with one bottleneck target of §4 ({@link Candidate}, a scan step
 * of {@link RangeScanner}); {@code g(c)} is the least cost of a plan prefix ending with {@code c},
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
 * Ties (within {@code 1e-12} relative) are broken by a second weighting, as in
 * {@link SegmentOptimizer}. EDP is the supported-point search over these weighted solves
 * ({@link SupportedPointSearch}, §5).
 *
 * <p><b>Pruning (exact).</b> For a fixed {@code c = q} the transition from {@code p = c'} costs
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
 * best value found: no later {@code p} can beat it. Nothing that could be optimal is dropped. (A
 * candidate dominated in {@code (T, E)} alone would not be safe to drop: a slower partition that uses
 * fewer arrays can hide more of the next partition's writes; the pruning above never compares
 * candidates, only bounds each transition.)
 *
 * <p><b>Complexity.</b> With {@code K} candidates in all, the table costs one scan per valid range;
 * a weighted solve sorts the candidates ending at each unit ({@code O(K log K)}) and evaluates at most
 * {@code sum_e (ending at e) * (starting at e+1)} pair costs, in practice a few per candidate
 * ({@link #pairsEvaluated()}).
 */
public final class PairDp {
  private static final double TIE = 1e-12;

  private final CostModel model;
  private final HardwareSpec hw;
  private final long capacity;
  private final int n;
  // ranges, in order of first unit, then last unit
  private final int[] rangeFirst;
  private final int[] rangeLast;
  private final int[] rangeCand; // candidates of range r: rangeCand[r] .. rangeCand[r+1]-1
  private final int[] startRange; // ranges with first unit s: startRange[s] .. startRange[s+1]-1
  // candidates
  private final int[] candStep;
  private final int[] candRange;
  private final double[] candCompute; // T_compute
  private final double[] candIdle; // max(T_compute, bytesIO/bwDram): C(c | none)
  private final double[] candIo; // bytesIO
  private final double[] candWeight; // bytesW
  private final double[] candWrite; // T_write
  private final long[] candRows;
  private final long[] candUsed;
  private final double[] candDynamic; // Edyn
  private final int candidates;

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
    RangeScanner sc = model.scanner();
    IntList rf = new IntList();
    IntList rl = new IntList();
    IntList rc = new IntList();
    startRange = new int[n + 1];
    List<Candidate> cands = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      startRange[s] = rf.size;
      if (fixedStarts != null) {
        int k = Arrays.binarySearch(fixedStarts, s);
        if (k >= 0) addRange(sc, s, k + 1 < fixedStarts.length ? fixedStarts[k + 1] - 1 : n - 1, rf, rl, rc, cands);
      } else {
        for (int j = s; j < n && model.minFirst(j) <= s; j++) addRange(sc, s, j, rf, rl, rc, cands);
      }
    }
    startRange[n] = rf.size;
    rc.add(cands.size());
    rangeFirst = rf.toArray();
    rangeLast = rl.toArray();
    rangeCand = rc.toArray();
    candidates = cands.size();
    candStep = new int[candidates];
    candRange = new int[candidates];
    candCompute = new double[candidates];
    candIdle = new double[candidates];
    candIo = new double[candidates];
    candWeight = new double[candidates];
    candWrite = new double[candidates];
    candRows = new long[candidates];
    candUsed = new long[candidates];
    candDynamic = new double[candidates];
    int r = 0;
    for (int c = 0; c < candidates; c++) {
      Candidate x = cands.get(c);
      while (c == rangeCand[r + 1]) r++;
      candRange[c] = r;
      candStep[c] = x.step();
      candCompute[c] = x.computeSeconds();
      candIo[c] = x.ioBytes();
      candIdle[c] = PairCost.computePhase(hw, x.computeSeconds(), x.ioBytes(), 0, 0, 0);
      // T(p) = T_write + max(T_compute, bytesIO/bwDram) (§4), so T_write = T(p) - C(p | none)
      candWrite[c] = Math.max(0, x.latencySeconds() - candIdle[c]);
      candWeight[c] = x.weightBytes();
      candRows[c] = x.rowsWritten();
      candUsed[c] = x.capacityUsed();
      candDynamic[c] = x.energyJoules() - hw.pStatic() * x.latencySeconds();
    }
  }

  private void addRange(RangeScanner sc, int i, int j, IntList rf, IntList rl, IntList rc, List<Candidate> cands) {
    if (!model.valid(i, j)) return;
    List<Candidate> list = sc.candidateList(i, j);
    if (list.isEmpty()) return;
    rf.add(i);
    rl.add(j);
    rc.add(cands.size());
    cands.addAll(list);
  }

  /** The least {@code objective} over plans (with the fixed cuts, if any); empty if no plan fits. */
  public Optional<PlanCost> solve(Objective objective) {
    return switch (objective.kind()) {
      case LATENCY -> minimize(1, 0, 0, 1).map(c -> c.cost(model));
      case ENERGY -> minimize(0, 1, 1, 0).map(c -> c.cost(model));
      case WEIGHTED -> minimize(objective.lambda(), 1, 1, 0).map(c -> c.cost(model));
      case EDP -> SupportedPointSearch.search(
              (a, b) -> (a == 0 ? minimize(0, 1, 1, 0) : b == 0 ? minimize(1, 0, 0, 1) : minimize(a, b, 1, 0)).map(c -> c.cost(model)),
              PlanCost::latencySeconds, PlanCost::energyJoules)
          .map(SupportedPointSearch.Hull::best);
    };
  }

  /** Candidates (range, target) in the table. */
  public int candidates() { return candidates; }

  /** Pair costs evaluated by the weighted solves so far. */
  public long pairsEvaluated() { return pairsEvaluated; }

  public int weightedSolves() { return weightedSolves; }

  /** A plan as chosen by the DP: each partition's range and scan step, and the DP's value. */
  public record Choice(int[] first, int[] last, int[] step, double value) {
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
    double a = alpha + beta * hw.pStatic();
    double a2 = alpha2 + beta2 * hw.pStatic();
    boolean prefetch = hw.prefetch();
    Entries arena = new Entries();
    Entries[] pending = new Entries[n];
    // the candidates ending at the previous unit, sorted by the lower bound h, as columns
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
        Entries done = pending[s - 1];
        pending[s - 1] = null;
        lSize = done == null ? 0 : done.size;
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
        double[] h = new double[lSize];
        Integer[] order = new Integer[lSize];
        for (int x = 0; x < lSize; x++) {
          h[x] = done.g[x] + a * candIdle[done.cand[x]];
          order[x] = x;
        }
        Arrays.sort(order, (x, y) -> Double.compare(h[x], h[y]));
        for (int k = 0; k < lSize; k++) {
          int x = order[k];
          int c = done.cand[x];
          lId[k] = arena.add(c, done.pred[x], done.g[x], done.g2[x]);
          lh[k] = h[x];
          lg[k] = done.g[x];
          lg2[k] = done.g2[x];
          lTc[k] = candCompute[c];
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
              if (lh[x] > bestV + 2 * TIE * Math.max(Math.abs(lh[x]), Math.abs(bestV))) break;
              double phi = prefetch ? PairCost.earlyFraction(capacity, lU[x], uq) : 0;
              double t = PairCost.computePhase(hw, lTc[x], lIo[x], phi, wBytes, rows) + PairCost.exposedWrite(phi, tw);
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
      double v = last.g[x] + a * candIdle[c];
      double v2 = last.g2[x] + a2 * candIdle[c];
      if (better(v, v2, bestV, bestV2)) {
        bestV = v;
        bestV2 = v2;
        best = x;
      }
    }
    List<Integer> chain = new ArrayList<>();
    chain.add(last.cand[best]);
    for (int id = last.pred[best]; id >= 0; id = arena.pred[id]) chain.add(arena.cand[id]);
    int k = chain.size();
    int[] first = new int[k];
    int[] lastU = new int[k];
    int[] step = new int[k];
    for (int x = 0; x < k; x++) {
      int c = chain.get(k - 1 - x);
      first[x] = rangeFirst[candRange[c]];
      lastU[x] = rangeLast[candRange[c]];
      step[x] = candStep[c];
    }
    return Optional.of(new Choice(first, lastU, step, bestV));
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

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
