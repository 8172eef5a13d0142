package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Layerwise (FORMULATION.md §6): one stage per partition; a stage larger than the chip takes as many
 * partitions as needed, filled greedily with its units.
 */
public final class LayerwiseSolver extends FixedCutSolver {
  @Override public String name() { return "layerwise"; }

  @Override
  protected int[] cuts(CostModel model) {
    List<Integer> starts = new ArrayList<>();
    int n = model.units();
    int i = 0;
    while (i < n) {
      starts.add(i);
      int s = model.unitStage(i);
      int j = i;
      while (j + 1 < n && model.unitStage(j + 1) == s && model.valid(i, j + 1)) j++;
      i = j + 1;
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
