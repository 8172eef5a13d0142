package dev.compass.solvers.baseline;

import dev.compass.costmodel.CostModel;
import dev.compass.solvers.GreedyCuts;

/** Greedy (FORMULATION.md §6): fill each partition with consecutive units until the next does not fit. */
public final class GreedySolver extends FixedCutSolver {
  @Override public String name() { return "greedy"; }

  @Override
  protected int[] cuts(CostModel model) {
    return GreedyCuts.starts(model);
  }
}
