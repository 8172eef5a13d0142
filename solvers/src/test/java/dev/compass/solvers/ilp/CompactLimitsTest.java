package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.dp.DpSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ilp-compact} under a time limit too small for its MIP: it stops at a deadline check while building (or
 * before SCIP has a plan) and still returns the plan it already has, its start hint, re-evaluated by the cost
 * model, as FEASIBLE (never TIMEOUT without a plan). No times are asserted: statuses, plans and the statistics that
 * say where the solve stopped. The DP (an independent exact method) bounds the plan from below.
 */
class CompactLimitsTest {

  @ParameterizedTest
  @EnumSource(value = Objective.Kind.class, names = {"LATENCY", "ENERGY", "EDP"})
  void aTinyLimitStillReturnsTheStartPlan(Objective.Kind kind) {
    CostModel m = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);
    Objective o = kind == Objective.Kind.LATENCY ? Objective.LATENCY : kind == Objective.Kind.ENERGY ? Objective.ENERGY : Objective.EDP;
    // 1 ms: the root LP (thousands of rows, at most 40% of the limit) is cut at one of the builder's per-unit checks,
    // so the MIP, which would take longer to build and copy than the 60% left, is not started; EDP skips the root LP,
    // so its first weighted solve has no build time to go by and its MIP is cut at a check
    SolverResult r = new CompactIlpSolver().solve(m, o, SolverOptions.DEFAULT.withTimeLimit(1e-3));
    assertThat(r.status()).isEqualTo(Status.FEASIBLE);
    assertThat(r.cost()).isPresent();
    if (kind == Objective.Kind.EDP) {
      assertThat(r.statistics().get("stoppedWhile")).isEqualTo("building the MIP");
    } else {
      assertThat(r.statistics().get("rootStatus")).isEqualTo("stopped while building the LP");
      assertThat(r.statistics().get("stoppedWhile")).isEqualTo("before building the MIP");
      assertThat((Double) r.statistics().get("guardNeededSeconds")).isGreaterThan((Double) r.statistics().get("buildEstimateSeconds"));
    }
    assertThat(r.statistics().get("plan")).isEqualTo("start hint (greedy cuts, best targets)");
    // the value is the cost model's, and no better than the DP's proven optimum
    assertThat(r.objectiveValue()).isEqualTo(m.evaluate(r.cost().orElseThrow().plan()).value(o));
    SolverResult dp = new DpSolver().solve(m, o, SolverOptions.DEFAULT);
    assertThat(dp.status()).isEqualTo(Status.OPTIMAL);
    assertThat(r.objectiveValue()).isGreaterThanOrEqualTo(dp.objectiveValue() * (1 - 1e-12));
    assertThat(r.certificate().orElseThrow().optimal()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = Objective.Kind.class, names = {"LATENCY", "ENERGY"})
  void aWeightedSolveOutOfTimeReturnsItsHintWithoutAModelValue(Objective.Kind kind) {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 16);
    CompactFormulation f = new CompactFormulation(m, SolverOptions.DEFAULT, "test");
    double alpha = kind == Objective.Kind.LATENCY ? 1 : 0;
    // 1 ns: the first check of the first building loop finds the limit passed
    Weighted w = f.solve(alpha, 1 - alpha, 1e-9);
    assertThat(w.cost()).isPresent();
    assertThat(w.timedOut()).isTrue();
    assertThat(w.proven()).isFalse();
    assertThat(w.infeasible()).isFalse();
    assertThat(w.statistics().get("stoppedWhile")).isEqualTo("before building the MIP");
    assertThat(w.statistics().get("rootStatus")).isEqualTo("stopped while building the LP");
    assertThat((Double) w.statistics().get("buildEstimateSeconds")).isPositive();
    assertThat(w.bound()).isEqualTo(Double.NEGATIVE_INFINITY); // no root LP, no bound
    assertThat(w.modelLatency()).isNaN(); // the formulation did not compute this plan
    assertThat(w.modelEnergy()).isNaN();
  }

  @Test
  void aStoppedBuildMakesTheNextSolveSkipItsMip() {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 16);
    CompactFormulation f = new CompactFormulation(m, SolverOptions.DEFAULT, "test");
    f.skipRootLp(); // as for EDP: no root LP, so the first solve has no build time to go by
    // 1 ns: the MIP's builder stops at its first check; the time it had spent is a lower bound on a build
    Weighted first = f.solve(1, 0, 1e-9);
    assertThat(first.statistics().get("stoppedWhile")).isEqualTo("building the MIP");
    assertThat(first.statistics()).doesNotContainKey("rootStatus");
    // the next weighted solve (EDP's least-E) knows the build does not fit and does not start one
    Weighted second = f.solve(0, 1, 1e-9);
    assertThat(second.statistics().get("stoppedWhile")).isEqualTo("before building the MIP");
    assertThat((Double) second.statistics().get("buildEstimateSeconds")).isPositive();
    for (Weighted w : new Weighted[] {first, second}) {
      assertThat(w.cost()).isPresent();
      assertThat(w.timedOut()).isTrue();
      assertThat(w.infeasible()).isFalse();
      assertThat(w.statistics().get("plan")).isEqualTo("start hint (greedy cuts, best targets)");
    }
  }
}
