package dev.compass.solvers.brute;

import dev.compass.solvers.SolverStatistics;
import java.util.Map;

/**
 * What brute force counted.
 *
 * @param plansEvaluated plans (cut sets x target combinations) evaluated by the cost model
 */
public record BruteStatistics(long plansEvaluated) implements SolverStatistics {
  @Override
  public Map<String, Object> asMap() {
    return SolverStatistics.named("plansEvaluated", plansEvaluated);
  }
}
