package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.solvers.dp.SegmentOptimizer;
import java.util.ArrayList;
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
    SegmentOptimizer opt = new SegmentOptimizer(m);
    SegmentOptimizer.Solution fast = opt.minimize(1, 0, 0, 1);
    if (fast == null) return List.of();
    SegmentOptimizer.Solution frugal = opt.minimize(0, 1, 1, 0);
    List<Point> pts = new ArrayList<>();
    pts.add(point(fast));
    if (frugal.cost().latencySeconds() > fast.cost().latencySeconds() && frugal.cost().energyJoules() < fast.cost().energyJoules()) {
      pts.add(point(frugal));
      probe(opt, point(fast), point(frugal), pts, 0);
    }
    pts.sort(Comparator.comparingDouble(Point::latencySeconds));
    return List.copyOf(pts);
  }

  /** The point of least {@code T*E}. */
  public static Point edpOptimum(List<Point> front) {
    return front.stream().min(Comparator.comparingDouble(Point::edp)).orElseThrow();
  }

  private static Point point(SegmentOptimizer.Solution s) {
    return new Point(s.cost().latencySeconds(), s.cost().energyJoules());
  }

  private static void probe(SegmentOptimizer opt, Point a, Point b, List<Point> out, int depth) {
    double lambda = (a.energyJoules() - b.energyJoules()) / (b.latencySeconds() - a.latencySeconds());
    if (!(lambda > 0) || Double.isInfinite(lambda) || depth >= 200) return;
    SegmentOptimizer.Solution s = opt.minimize(lambda, 1, 1, 0);
    if (s == null) return;
    Point p = point(s);
    double line = lambda * a.latencySeconds() + a.energyJoules();
    double pv = lambda * p.latencySeconds() + p.energyJoules();
    boolean between = p.latencySeconds() > a.latencySeconds() && p.latencySeconds() < b.latencySeconds();
    if (between && pv < line - 1e-12 * Math.abs(line)) {
      out.add(p);
      probe(opt, a, p, out, depth + 1);
      probe(opt, p, b, out, depth + 1);
    }
  }
}
