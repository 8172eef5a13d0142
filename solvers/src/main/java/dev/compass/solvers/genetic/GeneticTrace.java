package dev.compass.solvers.genetic;

import dev.compass.solvers.SolverResult;
import java.util.List;
import java.util.Optional;

/**
 * The convergence trace of a genetic run (the paper's convergence figure): for the initial population
 * (generation 0) and after each generation, the best and the mean objective of the population.
 *
 * @param points one point per generation, in order from 0
 */
public record GeneticTrace(List<Point> points) {

  /** The name of the trace in {@link GeneticStatistics#asMap()}. */
  public static final String STATISTIC = "trace";

  /**
   * One generation.
   *
   * @param generation 0 for the initial population, then 1, 2, ...
   * @param best the least objective in the population
   * @param mean the mean objective of the population
   */
  public record Point(int generation, double best, double mean) {
    public Point {
      if (generation < 0) throw new IllegalArgumentException("generation must be >= 0, got " + generation);
    }
  }

  public GeneticTrace {
    points = List.copyOf(points);
    for (int k = 0; k < points.size(); k++) {
      if (points.get(k).generation() != k) throw new IllegalArgumentException("trace point " + k + " has generation " + points.get(k).generation());
    }
  }

  /** The best objective of the last generation ({@code NaN} for an empty trace). */
  public double finalBest() {
    return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).best();
  }

  /** The trace of a genetic solver's result, or empty if the result has none. */
  public static Optional<GeneticTrace> of(SolverResult result) {
    return result.statistics() instanceof GeneticStatistics g ? Optional.of(g.trace()) : Optional.empty();
  }
}
