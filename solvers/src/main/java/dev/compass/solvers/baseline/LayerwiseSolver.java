package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import dev.compass.solvers.GreedyCuts;
import java.util.Arrays;

/**
 * Layerwise (FORMULATION.md §6): one stage per partition; a stage larger than the chip takes as many
 * partitions as needed, filled greedily with its units ({@link GreedyCuts} over each stage's units).
 */
public final class LayerwiseSolver extends FixedCutSolver {
  @Override public String name() { return "layerwise"; }

  @Override
  protected int[] cuts(CostModel model) {
    int[] buf = new int[model.units()];
    int m = 0;
    for (int s = 0; s < model.stages(); s++) {
      m = GreedyCuts.fill(model::maxLast, model.stageFirstUnit(s), model.stageLastUnit(s), buf, m);
    }
    return Arrays.copyOf(buf, m);
  }
}
