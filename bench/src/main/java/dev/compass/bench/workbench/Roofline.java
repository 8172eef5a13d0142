package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;

/**
 * The roofline lower bound on a batch's latency, FORMULATION.md §8.12:
 *
 * <pre>
 *   T_lb = totalWeightBytes / bwDram + B * max( sum_s P_s*steps*tStep*a_s / A , max_s attentionTime_s )
 * </pre>
 *
 * Every weight is read from DRAM once, and the array work cannot beat all {@code A} arrays busy. It
 * refines the issue's {@code B*sum_s P_s*steps*tStep*a_s/A + weightBytes/bwDram} by the attention
 * term (vector-unit work of the longest stage, which replicas do not divide). It is a lower bound
 * because {@code F >= tau}, so {@code T_compute >= B*tau}.
 */
public final class Roofline {
  private Roofline() {}

  /** {@code T_lb} in seconds for the cost model's network, chip and batch. */
  public static double bound(CostModel m) {
    double arraySteps = 0; // sum_s P_s * a_s
    double attention = 0;
    for (int s = 0; s < m.stages(); s++) {
      arraySteps += (double) m.stageMvms(s) * m.mapping().stage(s).arrays();
      attention = Math.max(attention, m.stageAttentionTime(s));
    }
    double busy = arraySteps * m.hardware().mvmTime() / m.hardware().arrays();
    double weights = m.mapping().totalWeightBits() / 8.0 / m.hardware().bwDram();
    return weights + m.batch() * Math.max(busy, attention);
  }
}
