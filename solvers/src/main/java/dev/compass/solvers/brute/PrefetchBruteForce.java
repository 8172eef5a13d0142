package dev.compass.solvers.brute;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brute force over the plan space of weight prefetch (FORMULATION.md §9): every cut set and, for each
 * partition, every bottleneck target of §4 (recomputed by {@link BruteForceSolver#targets}, not by the
 * scanner), each plan's latency summed from {@link PairCost}'s pair terms. Exponential: for tests on
 * small instances ({@link BruteForceSolver#MAX_UNITS} units at most).
 */
public final class PrefetchBruteForce {
  private PrefetchBruteForce() {}

  /** A plan with its §9 latency and energy. */
  public record Best(PartitionPlan plan, double latency, double energy, long plansEvaluated) {
    public double value(Objective o) {
      return o.value(latency, energy);
    }
  }

  /** The least {@code objective} over all plans (empty if none fits). */
  public static Optional<Best> solve(CostModel model, Objective objective) {
    return solve(model, List.of(objective)).get(0);
  }

  /** For each objective, the least over all plans (empty if none fits); the plans are enumerated once. */
  public static List<Optional<Best>> solve(CostModel model, List<Objective> objectives) {
    int n = model.units();
    if (n > BruteForceSolver.MAX_UNITS) throw new IllegalArgumentException(n + " units is too many for brute force");
    Best[] best = new Best[objectives.size()];
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
      List<List<Map<String, Integer>>> options = new ArrayList<>();
      boolean ok = true;
      for (int[] r : ranges) {
        List<Map<String, Integer>> reps = BruteForceSolver.targets(model, r[0], r[1]);
        if (reps.isEmpty()) {
          ok = false;
          break;
        }
        options.add(reps);
      }
      if (!ok) continue;
      int[] pick = new int[ranges.size()];
      while (true) {
        List<Partition> parts = new ArrayList<>();
        for (int k = 0; k < ranges.size(); k++) parts.add(new Partition(ranges.get(k)[0], ranges.get(k)[1], options.get(k).get(pick[k])));
        PartitionPlan plan = new PartitionPlan(parts);
        double[] te = latencyEnergy(model, model.evaluate(plan).partitions());
        plans++;
        for (int o = 0; o < best.length; o++) {
          Objective objective = objectives.get(o);
          if (best[o] == null || objective.value(te[0], te[1]) < best[o].value(objective)) best[o] = new Best(plan, te[0], te[1], 0);
        }
        int k = 0;
        while (k < pick.length && ++pick[k] == options.get(k).size()) pick[k++] = 0;
        if (k == pick.length) break;
      }
    }
    List<Optional<Best>> out = new ArrayList<>();
    for (Best b : best) out.add(b == null ? Optional.empty() : Optional.of(new Best(b.plan(), b.latency(), b.energy(), plans)));
    return out;
  }

  /** {@code {T, E}} of a plan's partitions under §9: T summed from the pair terms, E = dynamic + pStatic*T. */
  static double[] latencyEnergy(CostModel model, List<PartitionCost> parts) {
    double t = PairCost.latency(model, parts, model.hardware().prefetch());
    return new double[] {t, PairCost.energy(model, parts, t)};
  }
}
