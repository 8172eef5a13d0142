package dev.compass.formulation.plan;

import dev.compass.formulation.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One partition: the contiguous unit range {@code firstUnit..lastUnit} (inclusive, 0-based) and the
 * replication {@code d_s} of each stage it holds, keyed by stage name. Stages missing from the map
 * are replicated once.
 */
public record Partition(int firstUnit, int lastUnit, Map<String, Integer> replication) {

  public Partition {
    if (firstUnit < 0) throw new InputException("firstUnit", "must be >= 0, got " + firstUnit);
    if (lastUnit < firstUnit) {
      throw new InputException("lastUnit", "must be >= firstUnit " + firstUnit + ", got " + lastUnit);
    }
    replication = replication == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(replication));
    for (Map.Entry<String, Integer> e : replication.entrySet()) {
      if (e.getValue() == null || e.getValue() < 1) {
        throw new InputException("replication." + e.getKey(), "must be an integer >= 1, got " + e.getValue());
      }
    }
  }

  public int units() {
    return lastUnit - firstUnit + 1;
  }

  /** {@code d_s} for a stage (1 when the map does not name it). */
  public int replicationOf(String stage) {
    return replication.getOrDefault(stage, 1);
  }
}
