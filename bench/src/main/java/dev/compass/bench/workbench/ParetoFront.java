package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.solvers.dp.SegmentOptimizer;
import java.util.Comparator;
import java.util.List;

/**
 * The supported points of the (latency, energy) Pareto front of all plans of an instance: the
 * vertices of the lower-left convex hull of the plans' (T, E) points, found exactly by the same
 * dichotomic search over {@code lambda} that the DP's EDP search uses (FORMULATION.md §5): start from
 * the least-T and least-E plans; probe each hull segment {@code (T1,E1)-(T2,E2)} with
 * {@code lambda = (E1-E2)/(T2-T1)}, minimizing {@code lambda*T + E}; a plan strictly below the segment
 * (by more than 1e-12 relative) is a new vertex. The least {@code T*E} over the vertices is the EDP
 * optimum.
 */
public final class ParetoFront {
  private ParetoFront() {}

  /** A supported point. */
  public record Point(double latencySeconds, double energyJoules) {
    public double edp() {
      return latencySeconds * energyJoules;
    }
  }

  /** The supported points ordered by latency (energy falling); empty if no plan exists. */
  public static List<Point> of(CostModel m) {
    return new SegmentOptimizer(m).hull()
        .map(h -> h.vertices().stream().map(ParetoFront::point).toList())
        .orElse(List.of());
  }

  /** The point of least {@code T*E}. */
  public static Point edpOptimum(List<Point> front) {
    return front.stream().min(Comparator.comparingDouble(Point::edp)).orElseThrow();
  }

  private static Point point(SegmentOptimizer.Solution s) {
    return new Point(s.cost().latencySeconds(), s.cost().energyJoules());
  }
}
