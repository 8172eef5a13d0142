package dev.compass.solvers.dp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.plan.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.compass.solvers.SupportedPointSearch;

/**
 * Minimizes additive objectives over plans by dynamic programming on unit positions, and EDP by the
 * dichotomic search over supported points (FORMULATION.md §5).
 *
 * <p><b>Additive objectives.</b> With {@code f(0) = 0},
 * {@code f(j+1) = min_{minFirst(j) <= i <= j} f(i) + c(i..j)}, where {@code c(i..j)} is the least
 * {@code alpha*T(p) + beta*E(p)} over the range's bottleneck targets ({@link RangeScanner#scan}).
 * Values are compared lexicographically with a second weighting so that the extreme points of the
 * (T, E) front are exact (least T, then least E; and the reverse).
 *
 * <p><b>EDP.</b> {@link SupportedPointSearch} over the weighted DP: the least {@code E*T} is at a
 * vertex of the lower-left convex hull of the plans' (T, E) points.
 *
 * <p>Plans with fixed cuts (the baselines, the genetic fitness) are {@link dev.compass.solvers.FixedCuts}'.
 */
public final class SegmentOptimizer {
  private final CostModel model;
  private long rangesScanned;
  private int weightedSolves;
  private int hullPoints;
  private PairDp pair; // with prefetch: built on the first weighted solve

  /** Optimizes over all plans. */
  public SegmentOptimizer(CostModel model) {
    this.model = model;
  }

  public long rangesScanned() { return rangesScanned; }
  public int weightedSolves() { return weightedSolves; }

  /** With prefetch, the pair DP that made the weighted solves (empty before the first, or without prefetch). */
  public Optional<PairDp> pairDp() { return Optional.ofNullable(pair); }

  /** Vertices of the (T, E) hull found by the last EDP search. */
  public int hullPoints() { return hullPoints; }

  /**
   * A plan with its total latency and energy as summed by the DP, and the DP's labels: for the weighting
   * {@code alpha*T + beta*E} it minimized, {@code potentials[v] = f(v)}, the least cost of covering units
   * {@code 0..v-1}. By the recursion {@code f(j+1) <= f(i) + c(i..j)} for every candidate of every valid range,
   * so they are the potentials of a certificate ({@code dev.compass.solvers.certificate.Facet}). With weight
   * prefetch they are the pair DP's labels over candidates ({@link PairDp.Choice#potentials()}).
   */
  public record Solution(PlanCost cost, double latency, double energy, double alpha, double beta, double[] potentials) {}

  private final List<Solution> solves = new ArrayList<>();

  /** The weighted solves of the last {@link #solve} (one for additive objectives, all of the EDP search's). */
  public List<Solution> solves() {
    return List.copyOf(solves);
  }

  /** Minimizes {@code objective} exactly over the plan space; empty if no plan exists. */
  public Optional<Solution> solve(Objective objective) {
    solves.clear();
    return switch (objective.kind()) {
      case LATENCY -> minimize(1, 0, 0, 1);
      case ENERGY -> minimize(0, 1, 1, 0);
      case WEIGHTED -> minimize(objective.lambda(), 1, 1, 0);
      case EDP -> minEdp();
    };
  }

  /**
   * Least {@code alpha*T + beta*E}, ties broken by least {@code alpha2*T + beta2*E}; empty if no plan
   * exists. On a chip with weight prefetch (FORMULATION.md §9) the partitions' costs couple, and the
   * search is the pair DP over candidates ({@link PairDp}).
   */
  public Optional<Solution> minimize(double alpha, double beta, double alpha2, double beta2) {
    weightedSolves++;
    if (model.hardware().prefetch()) {
      if (pair == null) pair = new PairDp(model);
      Optional<PairDp.Choice> choice = pair.minimize(alpha, beta, alpha2, beta2);
      if (choice.isEmpty()) return Optional.empty();
      PlanCost c = choice.get().cost(model);
      // the potentials are over candidates (the pair DP's labels), not unit positions
      Solution sol = new Solution(c, c.latencySeconds(), c.energyJoules(), alpha, beta, choice.get().potentials());
      solves.add(sol);
      return Optional.of(sol);
    }
    int n = model.units();
    double[] f = new double[n + 1];
    double[] f2 = new double[n + 1];
    double[] ft = new double[n + 1];
    double[] fe = new double[n + 1];
    int[] from = new int[n + 1];
    int[] step = new int[n + 1];
    java.util.Arrays.fill(f, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(f2, Double.POSITIVE_INFINITY);
    f[0] = 0;
    f2[0] = 0;
    RangeScanner sc = model.scanner();
    for (int j = 0; j < n; j++) {
      int lo = model.minFirst(j);
      for (int i = j; i >= lo; i--) {
        if (f[i] == Double.POSITIVE_INFINITY) continue;
        relax(sc, i, j, alpha, beta, alpha2, beta2, f, f2, ft, fe, from, step);
      }
    }
    if (f[n] == Double.POSITIVE_INFINITY) return Optional.empty();
    List<PartitionCost> costs = new ArrayList<>();
    for (int j = n; j > 0; j = from[j]) costs.add(sc.costAtStep(from[j], j - 1, step[j]));
    java.util.Collections.reverse(costs); // built back to front: add(0, ...) was quadratic in the partitions
    PlanCost cost = PlanCost.of(model.batch(), costs);
    Solution sol = new Solution(cost, ft[n], fe[n], alpha, beta, f);
    solves.add(sol);
    return Optional.of(sol);
  }

  private void relax(RangeScanner sc, int i, int j, double alpha, double beta, double alpha2, double beta2,
      double[] f, double[] f2, double[] ft, double[] fe, int[] from, int[] step) {
    sc.setRange(i, j);
    rangesScanned++;
    double v = sc.scan(alpha, beta, alpha2, beta2);
    if (v == Double.POSITIVE_INFINITY) return;
    double t = sc.bestLatency();
    double e = sc.bestEnergy();
    double cand = f[i] + v;
    double cand2 = f2[i] + alpha2 * t + beta2 * e;
    if (cand < f[j + 1] || (cand == f[j + 1] && cand2 < f2[j + 1])) {
      f[j + 1] = cand;
      f2[j + 1] = cand2;
      ft[j + 1] = ft[i] + t;
      fe[j + 1] = fe[i] + e;
      from[j + 1] = i;
      step[j + 1] = sc.bestStep();
    }
  }

  /** The supported-point search over the weighted DP, pruned or not; records the vertices found. */
  private Optional<SupportedPointSearch.Hull<Solution>> search(boolean pruned) {
    Optional<SupportedPointSearch.Hull<Solution>> h = SupportedPointSearch.search(SupportedPointSearch.tieBroken(this::minimize),
        Solution::latency, Solution::energy, SupportedPointSearch.TOLERANCE, () -> false, pruned);
    hullPoints = h.map(x -> x.vertices().size()).orElse(0);
    return h;
  }

  /** The supported points of the (T, E) front (latency ascending); empty if no plan exists. */
  public Optional<SupportedPointSearch.Hull<Solution>> hull() {
    return search(false);
  }

  /**
   * Exact least {@code E*T} by the supported-point search, pruned: every weighted solve is an exact DP, so each is a
   * facet valid for every plan, and the search stops once no unprobed hull segment can hold a plan of smaller
   * {@code E*T} ({@link SupportedPointSearch}); the facets of the solves made ({@link #solves()}) still bound
   * {@code E*T} from below by the optimum, which the EDP certificate's check repeats. {@link #hull()} is the whole hull.
   */
  public Optional<Solution> minEdp() {
    return search(true).map(SupportedPointSearch.Hull::best);
  }
}
