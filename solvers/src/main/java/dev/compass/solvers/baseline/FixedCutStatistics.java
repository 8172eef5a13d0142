package dev.compass.solvers.baseline;

import dev.compass.solvers.SolverStatistics;
import java.util.Map;

/**
 * What a baseline counted.
 *
 * @param partitions partitions of its cuts
 */
public record FixedCutStatistics(int partitions) implements SolverStatistics {
  @Override
  public Map<String, Object> asMap() {
    return SolverStatistics.named("partitions", partitions);
  }
}
