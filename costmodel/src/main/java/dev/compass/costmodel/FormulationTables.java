package dev.compass.costmodel;

import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Tables that the exact formulations (path ILP/LP, the cost-regular CP model, certificates) read their
 * coefficients from, so that every formulation prices plans with this cost model's formulas and none
 * re-derives them.
 *
 * <p>{@link Candidates}: the candidate table of FORMULATION.md §4 — one entry per (valid range
 * {@code i..j}, bottleneck target {@code tau}) from {@link RangeScanner#candidates}, with the range's latency
 * {@code T} and energy {@code E} at replication {@code d_s(tau)}; a candidate that another candidate of the
 * same range dominates (no more {@code T} and no more {@code E}) is dropped, since no plan minimizing
 * {@code alpha*T + beta*E} ({@code alpha, beta >= 0}) or {@code E*T} needs it.
 */
public final class FormulationTables {
  private FormulationTables() {}

  /** The candidate table of a model (Pareto candidates of every valid range, by last unit then first unit). */
  public static Candidates candidates(CostModel model) {
    return new Candidates(model, () -> false);
  }

  /**
   * The candidate table, or empty if {@code stop} said so before it was complete. {@code stop} is asked once per last
   * unit (a solver's deadline: gpt2_xl on compass-m scans 1.5 million candidates over 11,586 units).
   */
  public static Optional<Candidates> candidates(CostModel model, BooleanSupplier stop) {
    Candidates c = new Candidates(model, stop);
    return c.complete ? Optional.of(c) : Optional.empty();
  }

  /**
   * The (range, target) candidates, stored by last unit {@code j} ascending, then first unit {@code i}
   * ascending, then latency ascending. Entry {@code c} is an arc from unit position {@code first[c]} to
   * {@code last[c] + 1}.
   */
  public static final class Candidates {
    private final CostModel model;
    private final int units;
    private long all;
    private int size;
    private int maxPerRange;
    private int[] first = new int[1024];
    private int[] last = new int[1024];
    private int[] step = new int[1024];
    private double[] latency = new double[1024];
    private double[] energy = new double[1024];
    /** {@code lastStart[j]}: the first entry whose last unit is {@code j} (entries of j end at {@code lastStart[j+1]}). */
    private final int[] lastStart;
    private boolean complete;

    Candidates(CostModel model, BooleanSupplier stop) {
      this.model = model;
      this.units = model.units();
      this.lastStart = new int[units + 1];
      RangeScanner sc = model.scanner();
      double[] tau = new double[sc.maxCandidates()];
      double[] lat = new double[tau.length];
      double[] en = new double[tau.length];
      int[] keep = new int[tau.length];
      for (int j = 0; j < units; j++) {
        if (stop.getAsBoolean()) return;
        lastStart[j] = size;
        for (int i = model.minFirst(j); i <= j; i++) {
          sc.setRange(i, j);
          int n = sc.candidates(tau, lat, en);
          all += n;
          int m = RangeScanner.paretoFront(n, lat, en, keep);
          maxPerRange = Math.max(maxPerRange, m);
          for (int q = 0; q < m; q++) add(i, j, keep[q], lat[keep[q]], en[keep[q]]);
        }
      }
      lastStart[units] = size;
      complete = true;
    }

    private void add(int i, int j, int k, double t, double e) {
      if (size == first.length) {
        int cap = size * 2;
        first = Arrays.copyOf(first, cap);
        last = Arrays.copyOf(last, cap);
        step = Arrays.copyOf(step, cap);
        latency = Arrays.copyOf(latency, cap);
        energy = Arrays.copyOf(energy, cap);
      }
      first[size] = i;
      last[size] = j;
      step[size] = k;
      latency[size] = t;
      energy[size] = e;
      size++;
    }

    public CostModel model() { return model; }
    public int units() { return units; }
    /** Entries kept (Pareto candidates). */
    public int size() { return size; }
    /** Candidates before the Pareto filter. */
    public long all() { return all; }
    /** Most kept candidates of one range. */
    public int maxPerRange() { return maxPerRange; }
    public int first(int c) { return first[c]; }
    public int last(int c) { return last[c]; }
    /** The scan step of entry {@code c} ({@link RangeScanner#replicationAtStep}). */
    public int step(int c) { return step[c]; }
    public double latency(int c) { return latency[c]; }
    public double energy(int c) { return energy[c]; }

    /** The first entry of range {@code i..j} (its entries follow, by target), or -1 if the range has none (not valid). */
    public int firstEntry(int i, int j) {
      int lo = lastStart[j];
      int hi = lastStart[j + 1];
      while (lo < hi) { // entries of j by first unit ascending: the least index with first >= i
        int mid = (lo + hi) >>> 1;
        if (first[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo < lastStart[j + 1] && first[lo] == i ? lo : -1;
    }

    /** The entry of range {@code i..j} of least {@code alpha*T + beta*E} (the first of equals), or -1 if it has none. */
    public int cheapest(int i, int j, double alpha, double beta) {
      int c0 = firstEntry(i, j);
      if (c0 < 0) return -1;
      int best = c0;
      double bestCost = cost(c0, alpha, beta);
      for (int c = c0 + 1; c < lastStart[j + 1] && first[c] == i; c++) {
        double v = cost(c, alpha, beta);
        if (v < bestCost) {
          best = c;
          bestCost = v;
        }
      }
      return best;
    }

    /**
     * The greedy cover's cost for {@code alpha*T + beta*E}: the partitions that start at {@code starts} (ascending,
     * {@code starts[0] = 0}; the greedy cuts of {@code GreedyCuts}), each at its cheapest entry (the first of equals),
     * which are appended to {@code chosen}. {@code +Infinity} if a range has no entry. The upper bound and the hint of the
     * path and cost-regular formulations.
     */
    public double cover(int[] starts, double alpha, double beta, List<Integer> chosen) {
      double total = 0;
      for (int k = 0; k < starts.length; k++) {
        int i = starts[k];
        int j = PartitionPlan.lastUnit(starts, k, units);
        int best = cheapest(i, j, alpha, beta);
        if (best < 0) return Double.POSITIVE_INFINITY;
        chosen.add(best);
        total += cost(best, alpha, beta);
      }
      return total;
    }

    /** {@code alpha*T_c + beta*E_c}. */
    public double cost(int c, double alpha, double beta) {
      return alpha * latency[c] + beta * energy[c];
    }

    /**
     * Shortest-path labels for {@code alpha*T + beta*E}: {@code pi_0 = 0},
     * {@code pi_(j+1) = min over entries c into j+1 of pi_(i_c) + cost_c} (entries are stored by last unit, so
     * every tail label is final when an entry is relaxed). They satisfy {@code pi_(j+1) - pi_i <= cost_c} for every
     * entry, hence for every candidate (a dropped candidate costs no less than the entry dominating it), and
     * {@code pi_U} is the least plan cost: the optimal dual solution of the path LP, i.e. a certificate's
     * potentials. {@code +Infinity} marks an unreachable position.
     */
    public double[] labels(double alpha, double beta) {
      double[] pi = new double[units + 1];
      Arrays.fill(pi, Double.POSITIVE_INFINITY);
      pi[0] = 0;
      for (int c = 0; c < size; c++) {
        double v = pi[first[c]] + cost(c, alpha, beta);
        if (v < pi[last[c] + 1]) pi[last[c] + 1] = v;
      }
      return pi;
    }

    /** The plan of a set of chosen entries (any order), re-evaluated by the cost model. */
    public PlanCost plan(List<Integer> chosen) {
      List<Integer> cs = new ArrayList<>(chosen);
      cs.sort((a, b) -> Integer.compare(first[a], first[b]));
      RangeScanner sc = model.scanner();
      List<Partition> parts = new ArrayList<>();
      for (int c : cs) {
        PartitionCost pc = sc.costAtStep(first[c], last[c], step[c]);
        parts.add(new Partition(first[c], last[c], pc.replication()));
      }
      return model.evaluate(new PartitionPlan(parts));
    }
  }
}
