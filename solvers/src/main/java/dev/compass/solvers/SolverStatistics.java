package dev.compass.solvers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a solve counted, typed per solver family ({@code DpStatistics}, {@code FixedCutStatistics},
 * {@code GeneticStatistics}, {@code BruteStatistics}; {@link Counters} for the formulation solvers,
 * whose counters come from their backends), with one uniform named view for JSON and CSV output.
 */
public interface SolverStatistics {

  /** The named values in a stable order, for output (numbers, booleans, strings, or values Jackson writes). */
  Map<String, Object> asMap();

  /** One named value of {@link #asMap()}, or null if the solver does not report it. */
  default Object get(String name) {
    return asMap().get(name);
  }

  /** No statistics. */
  SolverStatistics NONE = new Counters(Map.of());

  /**
   * Named counters reported by a backend (ILP, CP: variables, nodes, gaps, ...), in insertion order.
   *
   * @param values name to number, boolean or string
   */
  record Counters(Map<String, Object> values) implements SolverStatistics {
    public Counters {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public Map<String, Object> asMap() {
      return values;
    }
  }

  /** An ordered map from alternating names and values (helper for the records' {@link #asMap()}). */
  static Map<String, Object> named(Object... nameValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < nameValue.length; k += 2) m.put((String) nameValue[k], nameValue[k + 1]);
    return Collections.unmodifiableMap(m);
  }
}
