package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the outputs show: the rows (gaps recomputed over all of them), the per-instance
 * summaries, the (T, E) Pareto front of each (model, hardware, batch), and notes about the run.
 *
 * @param rows result rows in order
 * @param summaries one per instance
 * @param fronts supported points per problem key ({@link Instance#problemKey()})
 * @param meta notes for the report header and the JSON's {@code run} object (command, machine, limits)
 * @param problems resolves the instances' cost models (to re-evaluate plans for the charts)
 */
public record Report(List<ResultRow> rows, List<InstanceSummary> summaries, Map<String, List<ParetoFront.Point>> fronts,
    Map<String, String> meta, Problems problems) {

  public Report {
    rows = List.copyOf(rows);
    summaries = List.copyOf(summaries);
    fronts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fronts));
    meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** Builds the report of {@code rows}: gaps, summaries, and the Pareto fronts (computed in parallel). */
  public static Report of(List<ResultRow> rows, Problems problems, Map<String, String> meta) {
    List<ResultRow> withGaps = InstanceSummary.withGaps(rows);
    Map<String, Instance> problemsSeen = problemInstances(withGaps);
    Map<String, List<ParetoFront.Point>> fronts = new LinkedHashMap<>();
    List<Map.Entry<String, Instance>> todo = new ArrayList<>(problemsSeen.entrySet());
    List<List<ParetoFront.Point>> computed = todo.parallelStream().map(e -> {
      try {
        return ParetoFront.of(problems.model(e.getValue()));
      } catch (RuntimeException ex) { // a model that cannot be built has no rows with plans either
        return List.<ParetoFront.Point>of();
      }
    }).toList();
    for (int k = 0; k < todo.size(); k++) fronts.put(todo.get(k).getKey(), computed.get(k));
    return new Report(withGaps, InstanceSummary.of(withGaps), fronts, meta, problems);
  }

  /** The first instance of each (model, hardware, batch) in row order, by {@link Instance#problemKey()}: the keys of {@link #fronts}. */
  public Map<String, Instance> problemInstances() {
    return problemInstances(rows);
  }

  private static Map<String, Instance> problemInstances(List<ResultRow> rows) {
    Map<String, Instance> out = new LinkedHashMap<>();
    for (ResultRow r : rows) out.putIfAbsent(r.instance().problemKey(), r.instance());
    return out;
  }

  /** The plan of a row re-evaluated by the cost model, if the row has one. */
  public Optional<PlanCost> planCost(ResultRow r) {
    if (!r.hasPlan()) return Optional.empty();
    CostModel m = problems.model(r.instance());
    return Optional.of(m.evaluate(PlanCodec.decode(m, r.plan())));
  }
}
