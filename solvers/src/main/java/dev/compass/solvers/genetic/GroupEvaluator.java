package dev.compass.solvers.genetic;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.RangeScanner;
import dev.compass.solvers.dp.SegmentOptimizer;
import dev.compass.formulation.plan.Objective;
import java.util.HashMap;
import java.util.Map;

/**
 * The fitness of the genetic algorithm: the objective of a partition group (its cuts) from the shared
 * cost model, with each partition's bottleneck target chosen exactly for the objective
 * (FORMULATION.md §4, and §8.11 as for the baselines):
 *
 * <ul>
 *   <li>LATENCY, ENERGY, WEIGHTED({@code lambda}) add up over partitions, so each partition takes its
 *       own best target: {@code f = sum_p min_tau c_p(tau)} with {@code c = T}, {@code E} or
 *       {@code lambda*T + E} (ties: least E, resp. least T).
 *   <li>EDP: {@code E*T} of the sums does not split over partitions. The minimum over the
 *       combinations of targets is at a supported point of the sum of the partitions' (T, E) sets
 *       (quasi-concavity, FORMULATION.md §5), found by the same dichotomic search as the DP, with the
 *       cuts fixed: each probe {@code lambda} lets every partition take its least
 *       {@code lambda*T + E}.
 * </ul>
 *
 * <p>Each partition's (T, E) candidates ({@link RangeScanner#candidates}) are computed once per unit
 * range and cached as their Pareto front; many chromosomes share partitions. The value equals that of
 * {@code new SegmentOptimizer(model, starts).solve(objective)} (tested). Not thread-safe.
 */
final class GroupEvaluator {
  private static final double HULL_TOLERANCE = 1e-12;

  /** The Pareto front of a range's candidates: latency ascending, energy strictly descending. */
  record Front(double[] t, double[] e) {}

  private final CostModel model;
  private final Objective objective;
  private final RangeScanner scanner;
  private final Map<Long, Front> cache = new HashMap<>();
  private final double[] tau;
  private final double[] lat;
  private final double[] energy;
  private final int[] keep;
  private long evaluations;

  GroupEvaluator(CostModel model, Objective objective) {
    this.model = model;
    this.objective = objective;
    this.scanner = model.scanner();
    int max = scanner.maxCandidates();
    this.tau = new double[max];
    this.lat = new double[max];
    this.energy = new double[max];
    this.keep = new int[max];
  }

  /** Objective evaluations so far (calls of {@link #evaluate}). */
  long evaluations() {
    return evaluations;
  }

  /** Distinct unit ranges scanned so far. */
  int rangesScanned() {
    return cache.size();
  }

  /** The Pareto front of range {@code i..j}'s candidate targets (cached). The range must be valid. */
  Front front(int i, int j) {
    long key = (long) i * model.units() + j;
    Front f = cache.get(key);
    if (f != null) return f;
    scanner.setRange(i, j);
    int n = scanner.candidates(tau, lat, energy);
    if (n == 0) throw new IllegalStateException("range " + i + ".." + j + " has no feasible target; the genetic operators only build valid ranges");
    int m = RangeScanner.paretoFront(n, lat, energy, keep);
    double[] ft = new double[m];
    double[] fe = new double[m];
    for (int q = 0; q < m; q++) {
      ft[q] = lat[keep[q]];
      fe[q] = energy[keep[q]];
    }
    f = new Front(ft, fe);
    cache.put(key, f);
    return f;
  }

  /** The objective of the valid group with these first units, each partition's target chosen exactly. */
  double evaluate(int[] starts) {
    evaluations++;
    if (model.hardware().prefetch()) {
      // weight prefetch (§9) couples neighbouring partitions: the pair DP restricted to these cuts
      return new SegmentOptimizer(model, starts).solve(objective).cost().value(objective);
    }
    int n = model.units();
    Front[] fronts = new Front[starts.length];
    for (int k = 0; k < starts.length; k++) {
      fronts[k] = front(starts[k], k + 1 < starts.length ? starts[k + 1] - 1 : n - 1);
    }
    return switch (objective.kind()) {
      case LATENCY -> {
        double t = 0;
        for (Front f : fronts) t += f.t()[0];
        yield t;
      }
      case ENERGY -> {
        double e = 0;
        for (Front f : fronts) e += f.e()[f.e().length - 1];
        yield e;
      }
      case WEIGHTED -> {
        double[] te = minimize(fronts, objective.lambda(), 1, 1, 0);
        yield objective.lambda() * te[0] + te[1];
      }
      case EDP -> minEdp(fronts);
    };
  }

  /** Totals {T, E} when every partition takes its least {@code a*T + b*E} (ties: least {@code a2*T + b2*E}). */
  private static double[] minimize(Front[] fronts, double a, double b, double a2, double b2) {
    double t = 0;
    double e = 0;
    for (Front f : fronts) {
      double[] ft = f.t();
      double[] fe = f.e();
      int best = 0;
      double bv = a * ft[0] + b * fe[0];
      double bv2 = a2 * ft[0] + b2 * fe[0];
      for (int k = 1; k < ft.length; k++) {
        double v = a * ft[k] + b * fe[k];
        double v2 = a2 * ft[k] + b2 * fe[k];
        if (v < bv || (v == bv && v2 < bv2)) {
          best = k;
          bv = v;
          bv2 = v2;
        }
      }
      t += ft[best];
      e += fe[best];
    }
    return new double[] {t, e};
  }

  /** Least {@code E*T} over the groups' target combinations, by the supported-point search. */
  private static double minEdp(Front[] fronts) {
    double[] fast = minimize(fronts, 1, 0, 0, 1);
    double[] frugal = minimize(fronts, 0, 1, 1, 0);
    double[] best = {fast[0] * fast[1]};
    if (frugal[0] > fast[0] && frugal[1] < fast[1]) {
      best[0] = Math.min(best[0], frugal[0] * frugal[1]);
      probe(fronts, fast, frugal, best, 0);
    }
    return best[0];
  }

  private static void probe(Front[] fronts, double[] a, double[] b, double[] best, int depth) {
    double lambda = (a[1] - b[1]) / (b[0] - a[0]);
    if (!(lambda > 0) || Double.isInfinite(lambda)) return;
    double[] p = minimize(fronts, lambda, 1, 1, 0);
    double line = lambda * a[0] + a[1];
    double pv = lambda * p[0] + p[1];
    boolean between = p[0] > a[0] && p[0] < b[0];
    if (between && pv < line - HULL_TOLERANCE * Math.abs(line) && depth < 200) {
      best[0] = Math.min(best[0], p[0] * p[1]);
      probe(fronts, a, p, best, depth + 1);
      probe(fronts, p, b, best, depth + 1);
    }
  }
}
