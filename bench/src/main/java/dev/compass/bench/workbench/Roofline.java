package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;

/**
 * The roofline lower bound on a batch's latency, FORMULATION.md §8.12 (v2); the formula lives in
 * {@link CostModel#rooflineSeconds()}, this is the workbench's name for it.
 */
public final class Roofline {
  private Roofline() {}

  /** {@code T_lb} in seconds for the cost model's network, chip and batch. */
  public static double bound(CostModel m) {
    return m.rooflineSeconds();
  }
}
