package dev.compass.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/**
 * The supported-point search finds the least {@code E*T} of a finite set of (T, E) points when the
 * weighted solve is an exact argmin over the set: since {@code E*T} is quasi-concave on the positive
 * quadrant, its minimum over the set is at a vertex of the set's lower-left convex hull. Checked
 * against brute force over the set.
 */
class SupportedPointSearchTest {

  record Point(double t, double e) {}

  static Optional<Point> argmin(List<Point> pts, double a, double b) {
    Point best = null;
    for (Point p : pts) {
      double v = a * p.t() + b * p.e();
      double bv = best == null ? Double.POSITIVE_INFINITY : a * best.t() + b * best.e();
      // ties: least T when a > 0 (the search's convention for (1, 0) and (lambda, 1)), least E for (0, 1)
      boolean tie = best != null && v == bv && (a == 0 ? p.e() < best.e() || (p.e() == best.e() && p.t() < best.t())
          : p.t() < best.t() || (p.t() == best.t() && p.e() < best.e()));
      if (v < bv || tie) best = p;
    }
    return Optional.ofNullable(best);
  }

  @Property(tries = 300, seed = "42")
  void findsTheLeastEdpOfAFiniteSet(@ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0.1, max = 10) Double> ts,
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0.1, max = 10) Double> es) {
    int n = Math.min(ts.size(), es.size());
    List<Point> pts = new java.util.ArrayList<>();
    for (int k = 0; k < n; k++) pts.add(new Point(ts.get(k), es.get(k)));
    var hull = SupportedPointSearch.search((a, b) -> argmin(pts, a, b), Point::t, Point::e).orElseThrow();
    double brute = pts.stream().mapToDouble(p -> p.t() * p.e()).min().orElseThrow();
    assertThat(hull.best().t() * hull.best().e()).isCloseTo(brute, org.assertj.core.data.Percentage.withPercentage(1e-9));
    // vertices ascend in T and descend in E
    for (int k = 1; k < hull.vertices().size(); k++) {
      assertThat(hull.vertices().get(k).t()).isGreaterThan(hull.vertices().get(k - 1).t());
      assertThat(hull.vertices().get(k).e()).isLessThan(hull.vertices().get(k - 1).e());
    }
  }

  @Property(tries = 1)
  void noPlanNoHull() {
    assertThat(SupportedPointSearch.<Point>search((a, b) -> Optional.empty(), Point::t, Point::e)).isEmpty();
  }
}
