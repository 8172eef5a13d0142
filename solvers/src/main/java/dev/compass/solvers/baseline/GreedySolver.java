package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import java.util.ArrayList;
import java.util.List;

/** Greedy (FORMULATION.md §6): fill each partition with consecutive units until the next does not fit. */
public final class GreedySolver extends FixedCutSolver {
  @Override public String name() { return "greedy"; }

  @Override
  protected int[] cuts(CostModel model) {
    List<Integer> starts = new ArrayList<>();
    int i = 0;
    int n = model.units();
    while (i < n) {
      starts.add(i);
      int j = i;
      while (j + 1 < n && model.valid(i, j + 1)) j++;
      i = j + 1;
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
