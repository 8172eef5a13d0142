package dev.compass.solvers.dp;

import dev.compass.solvers.SolverStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the dynamic program counted.
 *
 * @param units units of the network on the chip
 * @param rangesScanned unit ranges scanned over all weighted solves
 * @param weightedSolves weighted DP solves (1 for additive objectives; the EDP search's count)
 * @param hullVertices supported points found by the EDP search (0 for additive objectives)
 */
public record DpStatistics(int units, long rangesScanned, int weightedSolves, int hullVertices) implements SolverStatistics {
  @Override
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>(SolverStatistics.named("units", units, "rangesScanned", rangesScanned,
        "weightedSolves", weightedSolves));
    if (hullVertices > 0) m.put("hullVertices", hullVertices);
    return m;
  }
}
