package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of the path formulation: one per (valid range {@code i..j}, candidate bottleneck target
 * {@code k}), from {@link RangeScanner#candidates}, with the range's latency {@code T} and energy
 * {@code E} at that target from the cost model. Column {@code c} is an arc from unit position
 * {@code i} to {@code j+1}. Candidates of a range that another candidate of the same range dominates
 * (no more {@code T} and no more {@code E}) are dropped: no optimal plan needs them.
 */
final class PathColumns {
  final CostModel model;
  final int units;
  /** Candidates before the Pareto filter. */
  long all;
  int size;
  int[] first = new int[1024];
  int[] last = new int[1024];
  int[] step = new int[1024];
  double[] latency = new double[1024];
  double[] energy = new double[1024];

  PathColumns(CostModel model) {
    this.model = model;
    this.units = model.units();
    RangeScanner sc = model.scanner();
    double[] tau = new double[sc.maxCandidates()];
    double[] lat = new double[tau.length];
    double[] en = new double[tau.length];
    int[] keep = new int[tau.length];
    for (int j = 0; j < units; j++) {
      for (int i = model.minFirst(j); i <= j; i++) {
        sc.setRange(i, j);
        int n = sc.candidates(tau, lat, en);
        all += n;
        int m = RangeScanner.paretoFront(n, lat, en, keep);
        for (int q = 0; q < m; q++) add(i, j, keep[q], lat[keep[q]], en[keep[q]]);
      }
    }
  }

  private void add(int i, int j, int k, double t, double e) {
    if (size == first.length) {
      int cap = size * 2;
      first = Arrays.copyOf(first, cap);
      last = Arrays.copyOf(last, cap);
      step = Arrays.copyOf(step, cap);
      latency = Arrays.copyOf(latency, cap);
      energy = Arrays.copyOf(energy, cap);
    }
    first[size] = i;
    last[size] = j;
    step[size] = k;
    latency[size] = t;
    energy[size] = e;
    size++;
  }

  double cost(int c, double alpha, double beta) {
    return alpha * latency[c] + beta * energy[c];
  }

  /**
   * An upper bound on the optimum of {@code alpha*T + beta*E}: the cost of covering the units left to
   * right with the longest valid range each time, each at its best candidate. Also the plan's columns.
   */
  double heuristic(double alpha, double beta, List<Integer> columns) {
    // best column per (first, last) for the longest valid range starting at each position
    double total = 0;
    int i = 0;
    while (i < units) {
      int j = i;
      while (j + 1 < units && model.valid(i, j + 1)) j++;
      int best = -1;
      for (int c = 0; c < size; c++) {
        if (first[c] == i && last[c] == j && (best < 0 || cost(c, alpha, beta) < cost(best, alpha, beta))) best = c;
      }
      if (best < 0) return Double.POSITIVE_INFINITY;
      columns.add(best);
      total += cost(best, alpha, beta);
      i = j + 1;
    }
    return total;
  }

  /**
   * The dual solution of the path LP for {@code alpha*T + beta*E} by DAG relaxation: {@code pi_0 = 0},
   * {@code pi_(j+1) = min over columns c into j+1 of pi_(i_c) + cost_c} (columns are stored by last unit, so
   * every tail label is final when a column is relaxed). These labels satisfy every column's dual constraint
   * {@code pi_(j+1) - pi_i <= cost_c}, and {@code pi_U} is the least plan cost: they are the potentials of a
   * certificate (a candidate dropped as dominated costs no less than the column that dominates it).
   */
  double[] labels(double alpha, double beta) {
    double[] pi = new double[units + 1];
    Arrays.fill(pi, Double.POSITIVE_INFINITY);
    pi[0] = 0;
    for (int c = 0; c < size; c++) {
      double v = pi[first[c]] + cost(c, alpha, beta);
      if (v < pi[last[c] + 1]) pi[last[c] + 1] = v;
    }
    return pi;
  }

  /** The plan of a set of chosen columns (any order), re-evaluated by the cost model. */
  PlanCost plan(List<Integer> chosen) {
    List<Integer> cs = new ArrayList<>(chosen);
    cs.sort((a, b) -> Integer.compare(first[a], first[b]));
    RangeScanner sc = model.scanner();
    List<Partition> parts = new ArrayList<>();
    for (int c : cs) {
      PartitionCost pc = sc.costAtStep(first[c], last[c], step[c]);
      parts.add(new Partition(first[c], last[c], pc.replication()));
    }
    return model.evaluate(new PartitionPlan(parts));
  }
}
