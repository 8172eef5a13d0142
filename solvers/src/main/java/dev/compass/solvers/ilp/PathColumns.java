package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.costmodel.PlanCost;
import dev.compass.solvers.GreedyCuts;
import java.util.List;

/**
 * The columns of the path formulation: the candidate table of {@link FormulationTables.Candidates} (one per
 * valid range {@code i..j} and Pareto candidate target, an arc from {@code i} to {@code j+1}), read in place.
 */
final class PathColumns {
  final CostModel model;
  final FormulationTables.Candidates table;
  final int units;
  /** Candidates before the Pareto filter. */
  final long all;
  final int size;
  /** The greedy cuts' first units (the heuristic plan's partitions). */
  private final int[] greedy;

  PathColumns(CostModel model, FormulationTables.Candidates table) {
    this.model = model;
    this.table = table;
    this.units = model.units();
    this.all = table.all();
    this.size = table.size();
    this.greedy = GreedyCuts.starts(model);
  }

  int first(int c) { return table.first(c); }
  int last(int c) { return table.last(c); }
  double latency(int c) { return table.latency(c); }
  double energy(int c) { return table.energy(c); }

  double cost(int c, double alpha, double beta) {
    return table.cost(c, alpha, beta);
  }

  /**
   * An upper bound on the optimum of {@code alpha*T + beta*E}: the greedy cover
   * ({@link FormulationTables.Candidates#cover}). Also the plan's columns.
   */
  double heuristic(double alpha, double beta, List<Integer> columns) {
    return table.cover(greedy, alpha, beta, columns);
  }

  /** See {@link FormulationTables.Candidates#labels}. */
  double[] labels(double alpha, double beta) {
    return table.labels(alpha, beta);
  }

  /** The plan of a set of chosen columns (any order), re-evaluated by the cost model. */
  PlanCost plan(List<Integer> chosen) {
    return table.plan(chosen);
  }
}
