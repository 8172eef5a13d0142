package dev.compass.bench.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.PrefetchTerms;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.dp.DpSolver;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The per-partition chart of a prefetch plan shows each partition's exposed write, compute phase and hidden write. */
class PrefetchChartTest {
  @Test
  void aPrefetchPlanGetsThePrefetchBreakdown() {
    CostModel m = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-m").withPrefetch(true), 1);
    PlanCost c = new DpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT).cost().orElseThrow();
    String svg = Charts.latencyBreakdown("t", c);
    assertThat(svg).contains("prefetch-breakdown").contains("exposed write").contains("compute phase").contains("hidden write");
    PrefetchTerms t = c.prefetch().get(1);
    assertThat(t.hiddenWriteSeconds()).isPositive();
    assertThat(svg).contains(String.format(Locale.ROOT, "partition 1: hidden write (in the previous compute phase) %.4g s", t.hiddenWriteSeconds()))
        .contains(String.format(Locale.ROOT, "partition 1: compute phase %.4g s", t.computePhaseSeconds()));
    // without prefetch the chart is the plain breakdown
    CostModel off = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-m"), 1);
    PlanCost c0 = new DpSolver().solve(off, Objective.LATENCY, SolverOptions.DEFAULT).cost().orElseThrow();
    assertThat(Charts.latencyBreakdown("t", c0)).contains("latency-breakdown").doesNotContain("hidden write");
  }
}
