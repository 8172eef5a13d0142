package dev.compass.solvers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  /**
   * The outcome: the hull's vertices (latency ascending), the vertex of least {@code E*T}, and the
   * number of weighted solves made.
   */
  public record Hull<S>(List<S> vertices, S best, int weightedSolves) {
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
    Search<S> s = new Search<>(solve, latency, energy, tolerance, stop);
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
        s.probe(fast.get(), frugal.get(), vertices, 0);
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
    return Optional.of(new Hull<>(vertices, best, s.solves));
  }

  private static final class Search<S> {
    final WeightedSolve<S> solve;
    final ToDoubleFunction<S> t;
    final ToDoubleFunction<S> e;
    final double tolerance;
    final BooleanSupplier stop;
    int solves;

    Search(WeightedSolve<S> solve, ToDoubleFunction<S> t, ToDoubleFunction<S> e, double tolerance, BooleanSupplier stop) {
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

    void probe(S a, S b, List<S> out, int depth) {
      double ta = t.applyAsDouble(a);
      double ea = e.applyAsDouble(a);
      double lambda = (ea - e.applyAsDouble(b)) / (t.applyAsDouble(b) - ta);
      if (!(lambda > 0) || Double.isInfinite(lambda) || depth >= MAX_DEPTH || stop.getAsBoolean()) return;
      Optional<S> found = solve(lambda, 1);
      if (found.isEmpty()) return;
      S p = found.get();
      double tp = t.applyAsDouble(p);
      double line = lambda * ta + ea;
      double pv = lambda * tp + e.applyAsDouble(p);
      // ties in T with an end point are accepted: such a point below the segment is a vertex too
      boolean between = tp >= ta && tp <= t.applyAsDouble(b);
      if (between && pv < line - tolerance * Math.abs(line)) {
        out.add(p);
        probe(a, p, out, depth + 1);
        probe(p, b, out, depth + 1);
      }
    }
  }
}
