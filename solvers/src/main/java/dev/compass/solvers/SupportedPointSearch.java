package dev.compass.solvers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The exact EDP search of FORMULATION.md §5: {@code E*T} is quasi-concave on the positive quadrant,
 * so its minimum over all plans is at a vertex of the lower-left convex hull of the plans' (T, E)
 * points, which weighted solves {@code min lambda*T + E} find.
 *
 * <p>Start from the two extreme points (least T, least E); probe each hull segment
 * {@code (T1,E1)-(T2,E2)} with {@code lambda = (E1-E2)/(T2-T1)}; a point strictly below the segment by
 * more than {@code tolerance} relative ({@code 1e-12} by default, §8 rule 10) is a new vertex and both
 * halves are probed again. The least {@code E*T} over the vertices is the optimum. Every solver that
 * needs EDP (the DP, the fixed-cut baselines and the genetic fitness, the ILPs) runs this one search
 * over its own weighted solve.
 *
 * <p><b>Pruning (exact weighted solves only).</b> When every weighted solve returns a least point of its weights,
 * each solve is a facet {@code alpha*T + beta*E >= alpha*T_p + beta*E_p} valid for every plan. A segment
 * {@code a-b} not yet probed is bounded by the facet through {@code a} and the one through {@code b} (for the
 * first segment: {@code T >= T_fast} and {@code E >= E_frugal}); every plan that the segment's probe could still
 * find lies in the triangle of {@code a}, {@code b} and the intersection {@code x} of those two facet lines, where
 * {@code E*T >= T_x*E_x} ({@code E*T} is quasi-concave, so its least value over the triangle is at a corner, and
 * {@code x} is the lower-left corner). With {@code pruned = true} the segments are probed in order of that bound,
 * and the search stops when the least bound left is at least the best vertex's {@code E*T}: the facets of the solves
 * made still bound {@code E*T} from below by the best value (the EDP certificate's check, which
 * {@code CertificateChecker} repeats over the facets' polyhedron), but the hull's vertices far from the optimum are
 * not enumerated.
 *
 * <p><b>Pruning with inexact weighted solves.</b> A solve that may return a non-least point (a MIP stopped by its time
 * limit) gives no facet through its point, but its proven lower bound {@code L} on {@code alpha*T + beta*E} is one:
 * {@code alpha*T + beta*E >= L} holds for every plan. The overload with a {@code bound} function uses, for each solve,
 * the facet {@code alpha*T + beta*E >= min(alpha*T_p + beta*E_p, bound(p))}: through the point for an exact solve
 * ({@code bound = +Infinity}), through the bound otherwise ({@code -Infinity}, no bound: the segment's bound is 0 and
 * it is always probed). Every segment's bound is then a valid lower bound on the {@code E*T} of the plans its triangle
 * holds, so the search never skips a segment because of a point that was not least. (It does not make the result
 * exact: a probe that found nothing below its segment proves nothing when the solve was inexact.)
 */
public final class SupportedPointSearch {
  /** Default relative tolerance of the below-the-segment test (FORMULATION.md §8 rule 10). */
  public static final double TOLERANCE = dev.compass.costmodel.ReplicationLadder.TOLERANCE;
  /** Recursion limit (a hull of more than 2^200 vertices does not occur). */
  public static final int MAX_DEPTH = 200;

  private SupportedPointSearch() {}

  /**
   * A weighted solve. {@code solve(1, 0)} must return a least-T point (ties: least E);
   * {@code solve(0, 1)} a least-E point (ties: least T); {@code solve(lambda, 1)} a least
   * {@code lambda*T + E} point. Empty when it finds none (infeasible, or out of time).
   */
  @FunctionalInterface
  public interface WeightedSolve<S> {
    Optional<S> solve(double alpha, double beta);
  }

  /** A weighted solve with a second objective for ties: least {@code a*T + b*E}, ties broken by least {@code a2*T + b2*E}. */
  @FunctionalInterface
  public interface TieBrokenSolve<S> {
    Optional<S> minimize(double a, double b, double a2, double b2);
  }

  /**
   * The {@link WeightedSolve} the search needs, from a solve with a tie-break: {@code (1, 0)} is least T, ties by least
   * E; {@code (0, 1)} least E, ties by least T; {@code (lambda, 1)} least {@code lambda*T + E}, ties by least T.
   */
  public static <S> WeightedSolve<S> tieBroken(TieBrokenSolve<S> s) {
    return (a, b) -> a == 0 ? s.minimize(0, 1, 1, 0) : b == 0 ? s.minimize(1, 0, 0, 1) : s.minimize(a, b, 1, 0);
  }

  /**
   * The outcome: the hull's vertices (latency ascending), the vertex of least {@code E*T}, the number of weighted
   * solves made, and whether the search ran to its end ({@code false} when {@code stop} cut it short: a segment that
   * could still hold a plan of smaller {@code E*T} was left unprobed, so {@code best} is not proven least even if every
   * weighted solve was exact).
   */
  public record Hull<S>(List<S> vertices, S best, int weightedSolves, boolean complete) {
    public Hull {
      vertices = List.copyOf(vertices);
    }
  }

  /** The search with the default tolerance and no time limit; empty if no plan exists. */
  public static <S> Optional<Hull<S>> search(WeightedSolve<S> solve, ToDoubleFunction<S> latency, ToDoubleFunction<S> energy) {
    return search(solve, latency, energy, TOLERANCE, () -> false);
  }

  /**
   * The search with a relative {@code tolerance} for the below-the-segment test; stops probing when
   * {@code stop} says so (the vertices found so far are kept). Empty if the least-T solve finds no plan.
   */
  public static <S> Optional<Hull<S>> search(WeightedSolve<S> solve, ToDoubleFunction<S> latency, ToDoubleFunction<S> energy,
      double tolerance, BooleanSupplier stop) {
    return search(solve, latency, energy, tolerance, stop, false);
  }

  /**
   * The search as above; with {@code pruned} (only for weighted solves that return a least point of their
   * weights) segments are probed best-bound first and the search stops once no segment can hold a point of smaller
   * {@code E*T} than the best vertex (see the class comment). Then {@link Hull#vertices()} holds the vertices found,
   * not necessarily all of the hull's.
   */
  public static <S> Optional<Hull<S>> search(WeightedSolve<S> solve, ToDoubleFunction<S> latency, ToDoubleFunction<S> energy,
      double tolerance, BooleanSupplier stop, boolean pruned) {
    return search(solve, latency, energy, tolerance, stop, pruned ? p -> Double.POSITIVE_INFINITY : null);
  }

  /**
   * The pruned search for weighted solves that may be inexact: {@code bound.applyAsDouble(p)} is the proven lower bound
   * on {@code alpha*T + beta*E} of the solve that returned {@code p} ({@code +Infinity} when that solve was exact,
   * {@code -Infinity} when it has none); each facet passes through the lesser of {@code p}'s value and that bound (see
   * the class comment). With {@code bound == null} the search does not prune.
   */
  public static <S> Optional<Hull<S>> search(WeightedSolve<S> solve, ToDoubleFunction<S> latency, ToDoubleFunction<S> energy,
      double tolerance, BooleanSupplier stop, ToDoubleFunction<S> bound) {
    boolean pruned = bound != null;
    Search<S> s = new Search<>(solve, latency, energy, tolerance, stop, bound);
    Optional<S> fast = s.solve(1, 0);
    if (fast.isEmpty()) return Optional.empty();
    List<S> vertices = new ArrayList<>();
    vertices.add(fast.get());
    Optional<S> frugal = s.solve(0, 1);
    if (frugal.isPresent()) {
      double tf = latency.applyAsDouble(frugal.get());
      double ef = energy.applyAsDouble(frugal.get());
      double tq = latency.applyAsDouble(fast.get());
      double eq = energy.applyAsDouble(fast.get());
      if (tf > tq && ef < eq) {
        vertices.add(frugal.get());
        if (pruned) {
          s.bestFirst(fast.get(), frugal.get(), vertices);
        } else {
          s.probe(fast.get(), frugal.get(), vertices, 0);
        }
      } else if (tf <= tq && ef < eq) {
        // the least-E point is no slower than the least-T one (a solve that does not break ties in T by
        // E, or a solver's tolerance on T): it dominates it, and is the one vertex of the hull
        vertices.set(0, frugal.get());
      }
    }
    vertices.sort(Comparator.comparingDouble(latency));
    S best = vertices.get(0);
    for (S v : vertices) {
      if (latency.applyAsDouble(v) * energy.applyAsDouble(v) < latency.applyAsDouble(best) * energy.applyAsDouble(best)) best = v;
    }
    return Optional.of(new Hull<>(vertices, best, s.solves, !s.stopped));
  }

  private static final class Search<S> {
    final WeightedSolve<S> solve;
    final ToDoubleFunction<S> t;
    final ToDoubleFunction<S> e;
    final double tolerance;
    final BooleanSupplier stop;
    /** The proven lower bound of the solve that returned a point (pruned search only). */
    final ToDoubleFunction<S> bound;
    int solves;
    /** Whether {@code stop} left a segment unprobed. */
    boolean stopped;

    Search(WeightedSolve<S> solve, ToDoubleFunction<S> t, ToDoubleFunction<S> e, double tolerance, BooleanSupplier stop,
        ToDoubleFunction<S> bound) {
      this.bound = bound;
      this.solve = solve;
      this.t = t;
      this.e = e;
      this.tolerance = tolerance;
      this.stop = stop;
    }

    Optional<S> solve(double alpha, double beta) {
      solves++;
      return solve.solve(alpha, beta);
    }

    /**
     * A segment a-b to probe, with the facet lines through its ends ({@code ka*T + E >= la} through {@code a} as
     * weights and value; the least-T facet is {@code 1*T + 0*E}) and the least {@code E*T} they leave below it.
     */
    private record Segment<S>(S a, double[] fa, S b, double[] fb, double bound, int depth) {}

    private Segment<S> segment(S a, double[] fa, S b, double[] fb, int depth) {
      // intersection of fa = (alpha, beta, value) and fb
      double det = fa[0] * fb[1] - fa[1] * fb[0];
      double bound = 0;
      // a facet without a finite value (a solve that has no bound) bounds nothing: 0, always probed
      if (det != 0 && Double.isFinite(fa[2]) && Double.isFinite(fb[2])) {
        double tx = (fa[2] * fb[1] - fa[1] * fb[2]) / det;
        double ex = (fa[0] * fb[2] - fa[2] * fb[0]) / det;
        bound = Math.max(0, tx) * Math.max(0, ex);
      }
      return new Segment<>(a, fa, b, fb, bound, depth);
    }

    /** The facet {@code alpha*T + beta*E >= v} of the solve that returned {@code p}: v = min(p's value, its bound). */
    private double[] facet(double alpha, double beta, S p) {
      double value = alpha * t.applyAsDouble(p) + beta * e.applyAsDouble(p);
      double b = bound.applyAsDouble(p);
      return new double[] {alpha, beta, Double.isNaN(b) ? Double.NEGATIVE_INFINITY : Math.min(value, b)};
    }

    double edp(S p) {
      return t.applyAsDouble(p) * e.applyAsDouble(p);
    }

    /** The pruned search: segments by least bound, until the least bound reaches the best vertex's E*T. */
    void bestFirst(S fast, S frugal, List<S> out) {
      double best = Math.min(edp(fast), edp(frugal));
      PriorityQueue<Segment<S>> queue = new PriorityQueue<>(Comparator.comparingDouble(Segment::bound));
      queue.add(segment(fast, facet(1, 0, fast), frugal, facet(0, 1, frugal), 0));
      while (!queue.isEmpty()) {
        Segment<S> g = queue.poll();
        if (g.bound() >= best) break; // no segment left can hold a plan of smaller E*T
        if (stop.getAsBoolean()) {
          stopped = true; // g (and maybe others) could still hold a better plan
          break;
        }
        double lambda = lambda(g.a(), g.b());
        if (!(lambda > 0) || Double.isInfinite(lambda) || g.depth() >= MAX_DEPTH) continue;
        Optional<S> found = solve(lambda, 1);
        if (found.isEmpty()) continue;
        S p = found.get();
        if (below(g.a(), g.b(), lambda, p)) {
          out.add(p);
          best = Math.min(best, edp(p));
          double[] fp = facet(lambda, 1, p);
          queue.add(segment(g.a(), g.fa(), p, fp, g.depth() + 1));
          queue.add(segment(p, fp, g.b(), g.fb(), g.depth() + 1));
        }
      }
    }

    /** The weight of T that makes segment a-b level: {@code lambda = (E_a - E_b) / (T_b - T_a)}. */
    double lambda(S a, S b) {
      return (e.applyAsDouble(a) - e.applyAsDouble(b)) / (t.applyAsDouble(b) - t.applyAsDouble(a));
    }

    /** Whether {@code p} (the least {@code lambda*T + E} point) is a new vertex below segment a-b. */
    boolean below(S a, S b, double lambda, S p) {
      double ta = t.applyAsDouble(a);
      double tp = t.applyAsDouble(p);
      double line = lambda * ta + e.applyAsDouble(a);
      double pv = lambda * tp + e.applyAsDouble(p);
      // ties in T with an end point are accepted: such a point below the segment is a vertex too
      boolean between = tp >= ta && tp <= t.applyAsDouble(b);
      return between && pv < line - tolerance * Math.abs(line);
    }

    void probe(S a, S b, List<S> out, int depth) {
      double lambda = lambda(a, b);
      if (!(lambda > 0) || Double.isInfinite(lambda) || depth >= MAX_DEPTH) return;
      if (stop.getAsBoolean()) {
        stopped = true;
        return;
      }
      Optional<S> found = solve(lambda, 1);
      if (found.isEmpty()) return;
      S p = found.get();
      if (below(a, b, lambda, p)) {
        out.add(p);
        probe(a, p, out, depth + 1);
        probe(p, b, out, depth + 1);
      }
    }
  }
}
