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
    // 1 ms: the MIP (thousands of rows) is cut at one of the builder's per-unit checks
    SolverResult r = new CompactIlpSolver().solve(m, o, SolverOptions.DEFAULT.withTimeLimit(1e-3));
    assertThat(r.status()).isEqualTo(Status.FEASIBLE);
    assertThat(r.cost()).isPresent();
    assertThat(r.statistics().get("stoppedWhile")).isEqualTo("building the MIP");
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
    assertThat(w.statistics().get("stoppedWhile")).isEqualTo("building the MIP");
    assertThat(w.statistics().get("rootStatus")).isEqualTo("stopped while building the LP");
    assertThat(w.bound()).isEqualTo(Double.NEGATIVE_INFINITY); // no root LP, no bound
    assertThat(w.modelLatency()).isNaN(); // the formulation did not compute this plan
    assertThat(w.modelEnergy()).isNaN();
  }
}
