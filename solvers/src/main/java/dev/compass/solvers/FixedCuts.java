package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.dp.PairDp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The best plan with given cuts (FORMULATION.md §8 rule 11): each partition takes its bottleneck
 * target optimally for the objective. Used by the baselines (greedy, layerwise), the genetic
 * algorithm's fitness and the formulations' heuristic plans.
 *
 * <ul>
 *   <li>LATENCY, ENERGY, WEIGHTED({@code lambda}) add up over partitions, so each partition takes its
 *       own least {@code T}, {@code E} or {@code lambda*T + E} (ties: least E, resp. least T).
 *   <li>EDP: {@code E*T} of the sums does not split; its minimum over the combinations of targets is
 *       at a supported point of the sum of the partitions' (T, E) sets, found by
 *       {@link SupportedPointSearch} where each probe lets every partition take its least
 *       {@code lambda*T + E}.
 * </ul>
 *
 * <p>On a chip with weight prefetch (FORMULATION.md §9) a partition's best target depends on its
 * neighbours', and the plan is the pair DP's ({@link PairDp}) restricted to the cuts.
 *
 * <p>Only the Pareto front of each range's candidates ({@link RangeScanner#candidates},
 * {@link RangeScanner#paretoFront}) is needed: a dominated candidate never helps any of these
 * objectives. Fronts are cached per unit range. Not thread-safe: one instance per thread.
 */
public final class FixedCuts {
  /**
   * The Pareto front of a range's candidates: latency ascending, energy strictly descending, and the
   * scan step of each (for {@link RangeScanner#costAtStep}).
   */
  public record Front(double[] latency, double[] energy, int[] step) {
    public int size() {
      return latency.length;
    }
  }

  private final CostModel model;
  private final RangeScanner scanner;
  private final Map<Long, Front> cache = new HashMap<>();
  private final double[] tau;
  private final double[] lat;
  private final double[] energy;
  private final int[] keep;

  public FixedCuts(CostModel model) {
    this.model = model;
    this.scanner = model.scanner();
    int max = scanner.maxCandidates();
    tau = new double[max];
    lat = new double[max];
    energy = new double[max];
    keep = new int[max];
  }

  /** The best plan with these cuts for {@code objective}; empty if some partition has no feasible target. */
  public static Optional<PlanCost> optimize(CostModel model, int[] starts, Objective objective) {
    return new FixedCuts(model).plan(starts, objective);
  }

  /** Distinct unit ranges scanned so far. */
  public int rangesScanned() {
    return cache.size();
  }

  /** The Pareto front of range {@code i..j}'s candidate targets (cached); empty if the range does not fit. */
  public Front front(int i, int j) {
    long key = (long) i * model.units() + j;
    Front f = cache.get(key);
    if (f != null) return f;
    scanner.setRange(i, j);
    int n = scanner.candidates(tau, lat, energy);
    int m = RangeScanner.paretoFront(n, lat, energy, keep);
    double[] ft = new double[m];
    double[] fe = new double[m];
    int[] st = new int[m];
    for (int q = 0; q < m; q++) {
      ft[q] = lat[keep[q]];
      fe[q] = energy[keep[q]];
      st[q] = keep[q];
    }
    f = new Front(ft, fe, st);
    cache.put(key, f);
    return f;
  }

  /** The objective's value of the best plan with these cuts; empty if some partition does not fit. */
  public OptionalDouble value(int[] starts, Objective objective) {
    if (model.hardware().prefetch()) {
      Optional<PlanCost> p = plan(starts, objective);
      return p.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(p.get().value(objective));
    }
    Optional<Choice> c = choose(starts, objective);
    return c.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(objective.value(c.get().latency, c.get().energy));
  }

  /** The best plan with these cuts (first units, ascending from 0); empty if some partition does not fit. */
  public Optional<PlanCost> plan(int[] starts, Objective objective) {
    // weight prefetch (§9) couples neighbouring partitions' targets: the pair DP over these cuts
    if (model.hardware().prefetch()) return new PairDp(model, starts).solve(objective);
    Optional<Choice> c = choose(starts, objective);
    if (c.isEmpty()) return Optional.empty();
    List<PartitionCost> parts = new ArrayList<>();
    Front[] fronts = fronts(starts);
    for (int k = 0; k < starts.length; k++) {
      parts.add(scanner.costAtStep(starts[k], last(starts, k), fronts[k].step()[c.get().index[k]]));
    }
    return Optional.of(PlanCost.of(model.batch(), parts));
  }

  /** Each partition's index into its front, and the totals. */
  private record Choice(int[] index, double latency, double energy) {}

  private int last(int[] starts, int k) {
    return PartitionPlan.lastUnit(starts, k, model.units());
  }

  private Front[] fronts(int[] starts) {
    Front[] fronts = new Front[starts.length];
    for (int k = 0; k < starts.length; k++) fronts[k] = front(starts[k], last(starts, k));
    return fronts;
  }

  private Optional<Choice> choose(int[] starts, Objective objective) {
    Front[] fronts = fronts(starts);
    for (Front f : fronts) if (f.size() == 0) return Optional.empty();
    return switch (objective.kind()) {
      case LATENCY -> Optional.of(pick(fronts, 1, 0, 0, 1));
      case ENERGY -> Optional.of(pick(fronts, 0, 1, 1, 0));
      case WEIGHTED -> Optional.of(pick(fronts, objective.lambda(), 1, 1, 0));
      case EDP -> SupportedPointSearch.search(
              SupportedPointSearch.tieBroken((a, b, a2, b2) -> Optional.of(pick(fronts, a, b, a2, b2))),
              Choice::latency, Choice::energy)
          .map(SupportedPointSearch.Hull::best);
    };
  }

  /** Every partition takes its least {@code a*T + b*E} (ties: least {@code a2*T + b2*E}). */
  private static Choice pick(Front[] fronts, double a, double b, double a2, double b2) {
    int[] index = new int[fronts.length];
    double t = 0;
    double e = 0;
    for (int k = 0; k < fronts.length; k++) {
      double[] ft = fronts[k].latency();
      double[] fe = fronts[k].energy();
      int best = 0;
      double bv = a * ft[0] + b * fe[0];
      double bv2 = a2 * ft[0] + b2 * fe[0];
      for (int q = 1; q < ft.length; q++) {
        double v = a * ft[q] + b * fe[q];
        double v2 = a2 * ft[q] + b2 * fe[q];
        if (v < bv || (v == bv && v2 < bv2)) {
          best = q;
          bv = v;
          bv2 = v2;
        }
      }
      index[k] = best;
      t += ft[best];
      e += fe[best];
    }
    return new Choice(index, t, e);
  }
}
