package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.costmodel.PlanCost;
import java.util.List;

/**
 * The columns of the path formulation: the candidate table of {@link FormulationTables.Candidates} (one per
 * valid range {@code i..j} and Pareto candidate target, an arc from {@code i} to {@code j+1}), with array views
 * for the formulations' inner loops.
 */
final class PathColumns {
  final CostModel model;
  final FormulationTables.Candidates table;
  final int units;
  /** Candidates before the Pareto filter. */
  final long all;
  final int size;
  final int[] first;
  final int[] last;
  final double[] latency;
  final double[] energy;

  PathColumns(CostModel model) {
    this.model = model;
    this.table = FormulationTables.candidates(model);
    this.units = model.units();
    this.all = table.all();
    this.size = table.size();
    first = new int[size];
    last = new int[size];
    latency = new double[size];
    energy = new double[size];
    for (int c = 0; c < size; c++) {
      first[c] = table.first(c);
      last[c] = table.last(c);
      latency[c] = table.latency(c);
      energy[c] = table.energy(c);
    }
  }

  double cost(int c, double alpha, double beta) {
    return alpha * latency[c] + beta * energy[c];
  }

  /**
   * An upper bound on the optimum of {@code alpha*T + beta*E}: the cost of covering the units left to
   * right with the longest valid range each time, each at its best candidate. Also the plan's columns.
   */
  double heuristic(double alpha, double beta, List<Integer> columns) {
    // entries are stored by last unit ascending: the scan for range i..j stops past last unit j
    double total = 0;
    int i = 0;
    while (i < units) {
      int j = Math.max(i, model.maxLast(i)); // the greedy cut (GreedyCuts)
      int best = -1;
      for (int c = 0; c < size; c++) {
        if (last[c] > j) break;
        if (first[c] == i && last[c] == j && (best < 0 || cost(c, alpha, beta) < cost(best, alpha, beta))) best = c;
      }
      if (best < 0) return Double.POSITIVE_INFINITY;
      columns.add(best);
      total += cost(best, alpha, beta);
      i = j + 1;
    }
    return total;
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
