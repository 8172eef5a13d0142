package dev.compass.solvers.brute;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Enumerates every cut set and, for each partition, every bottleneck target (the distinct
 * {@code t_s(d)} of its stages, FORMULATION.md §4), evaluating each plan with
 * {@link CostModel#evaluate}. It does not use the DP's scanner: targets, least replication and
 * capacity are recomputed here by linear search. Exponential: for tests on small instances
 * ({@link #MAX_UNITS} units at most).
 */
public final class BruteForceSolver implements PartitionSolver {
  public static final int MAX_UNITS = 14;

  @Override public String name() { return "brute"; }
  @Override public boolean exact() { return true; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    int n = model.units();
    if (n > MAX_UNITS) throw new InputException("brute", n + " units is too many for brute force (at most " + MAX_UNITS + ")");
    long t0 = System.nanoTime();
    PlanCost best = null;
    long plans = 0;
    for (int mask = 0; mask < (1 << (n - 1)); mask++) {
      List<int[]> ranges = new ArrayList<>();
      int start = 0;
      for (int u = 0; u < n - 1; u++) {
        if ((mask & (1 << u)) != 0) {
          ranges.add(new int[] {start, u});
          start = u + 1;
        }
      }
      ranges.add(new int[] {start, n - 1});
      List<List<Map<String, Integer>>> options1 = new ArrayList<>();
      boolean ok = true;
      for (int[] r : ranges) {
        List<Map<String, Integer>> reps = targets(model, r[0], r[1]);
        if (reps.isEmpty()) {
          ok = false;
          break;
        }
        options1.add(reps);
      }
      if (!ok) continue;
      int[] pick = new int[ranges.size()];
      while (true) {
        List<Partition> parts = new ArrayList<>();
        for (int k = 0; k < ranges.size(); k++) parts.add(new Partition(ranges.get(k)[0], ranges.get(k)[1], options1.get(k).get(pick[k])));
        PlanCost c = model.evaluate(new PartitionPlan(parts));
        plans++;
        if (best == null || c.value(objective) < best.value(objective)) best = c;
        int k = 0;
        while (k < pick.length && ++pick[k] == options1.get(k).size()) pick[k++] = 0;
        if (k == pick.length) break;
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    BruteStatistics stats = new BruteStatistics(plans);
    if (best == null) {
      return new SolverResult(name(), objective, Status.INFEASIBLE, Optional.empty(), Double.NaN, Double.NEGATIVE_INFINITY, secs, stats, Optional.empty());
    }
    double v = best.value(objective);
    var cert = Certifier.certify(model, best, objective, true, v, "brute force over all cut sets and targets");
    return new SolverResult(name(), objective, Status.OPTIMAL, Optional.of(best), v, v, secs, stats, Optional.of(cert));
  }

  /** Every feasible least-replication vector of units {@code i..j}, one per distinct target. */
  public static List<Map<String, Integer>> targets(CostModel model, int i, int j) {
    HardwareSpec hw = model.hardware();
    int s0 = model.unitStage(i);
    int s1 = model.unitStage(j);
    TreeSet<Double> taus = new TreeSet<>();
    for (int s = s0; s <= s1; s++) {
      Stage st = model.graph().stage(s);
      for (long d = 1; d <= st.mvmsPerImage(); d++) taus.add(time(st, d, hw));
    }
    List<Map<String, Integer>> out = new ArrayList<>();
    for (double tau : taus) {
      Map<String, Integer> rep = new LinkedHashMap<>();
      long used = 0;
      boolean meets = true;
      for (int s = s0; s <= s1; s++) {
        Stage st = model.graph().stage(s);
        long d = 1;
        while (d <= st.mvmsPerImage() && time(st, d, hw) > tau) d++;
        if (d > st.mvmsPerImage()) {
          meets = false;
          break;
        }
        rep.put(st.name(), (int) d);
        used += footprint(hw, d * arrays(model, s, i, j));
      }
      long cap = hw.allocation() == Allocation.ARRAY ? hw.arrays() : hw.cores();
      if (meets && used <= cap) out.add(rep);
    }
    return out;
  }

  static long arrays(CostModel model, int s, int i, int j) {
    long a = 0;
    for (int u = i; u <= j; u++) if (model.unitStage(u) == s) a += model.mapping().unitArrays(u);
    return a;
  }

  static long footprint(HardwareSpec hw, long a) {
    return hw.allocation() == Allocation.ARRAY ? a : (a + hw.arraysPerCore() - 1) / hw.arraysPerCore();
  }

  static double time(Stage st, long d, HardwareSpec hw) {
    return ((st.mvmsPerImage() + d - 1) / d) * hw.steps() * hw.tStep() + st.attentionMacs() / hw.vecMacRate();
  }

  /**
   * The least cost of units {@code i..j} over <em>all</em> feasible replication vectors (not only the
   * least replication per target), for measuring what §4's policy gives up.
   */
  public static PartitionCost bestOverAllReplications(CostModel model, int i, int j, Objective objective) {
    int s0 = model.unitStage(i);
    int count = model.unitStage(j) - s0 + 1;
    HardwareSpec hw = model.hardware();
    long cap = hw.allocation() == Allocation.ARRAY ? hw.arrays() : hw.cores();
    long[] a = new long[count];
    long[] max = new long[count];
    for (int x = 0; x < count; x++) {
      a[x] = arrays(model, s0 + x, i, j);
      max[x] = model.graph().stage(s0 + x).mvmsPerImage();
    }
    int[] d = new int[count];
    java.util.Arrays.fill(d, 1);
    PartitionCost best = null;
    var sc = model.scanner();
    while (true) {
      long used = 0;
      for (int x = 0; x < count; x++) used += footprint(hw, d[x] * a[x]);
      if (used <= cap) {
        PartitionCost c = sc.cost(i, j, d.clone());
        if (best == null || objective.value(c.latencySeconds(), c.energyJoules()) < objective.value(best.latencySeconds(), best.energyJoules())) best = c;
      }
      int x = 0;
      while (x < count) {
        d[x]++;
        if (d[x] <= max[x] && footprint(hw, d[x] * a[x]) <= cap) break;
        d[x] = 1;
        x++;
      }
      if (x == count) break;
    }
    return best;
  }
}
