package dev.compass.solvers.cp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.baseline.GreedySolver;
import org.chocosolver.solver.exception.SolverException;
import org.junit.jupiter.api.Test;

/**
 * {@code cp-compact} on a network with thousands of sum terms (vit_b_16 on compass-m: 1,324 units), which Choco used to
 * refuse (its own decomposition of a long sum gave the partial sums domains past its bound of about 2.1e7, reported as
 * TIMEOUT), and the outcome when Choco refuses a model: the greedy plan as FEASIBLE with the reason, never TIMEOUT.
 * No times are asserted: node limits, statuses and statistics.
 */
class CpCompactRefusalTest {

  private static final CostModel VIT = CostModel.of(ModelZoo.build("vit_b_16"), HardwarePresets.get("compass-m"), 16);

  @Test
  void aLongEnergySumIsBuiltAndSearched() {
    // ENERGY: two terms per unit (rows written, traffic) in one sum, 2,648 terms of up to 1e7 units each
    SolverResult r = new CpSolver().solve(VIT, Objective.ENERGY, SolverOptions.DEFAULT.withLimits(new SolverOptions.Limits(0, 20, 0)));
    assertThat(r.statistics().asMap()).doesNotContainKey("error");
    assertThat((Integer) r.statistics().asMap().get("variables")).isPositive();
    assertThat((Long) r.statistics().asMap().get("nodes")).isPositive();
    // a node limit stops the search: a plan found is FEASIBLE, none is TIMEOUT; nothing is claimed either way
    assertThat(r.status()).isIn(Status.FEASIBLE, Status.TIMEOUT);
  }

  @Test
  void aRefusedModelReturnsTheGreedyPlanWithTheReason() {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 16);
    SolverResult r = new CpSolver().refused(m, Objective.EDP, new SolverException("IV_1: consider reducing the bounds"), System.nanoTime());
    assertThat(r.status()).isEqualTo(Status.FEASIBLE);
    assertThat(r.cost()).isPresent();
    assertThat(r.statistics().asMap().get("error").toString()).contains("Choco refused the compact model (IV_1: consider reducing the bounds)");
    SolverResult greedy = new GreedySolver().solve(m, Objective.EDP, SolverOptions.DEFAULT);
    assertThat(r.cost().orElseThrow().plan()).isEqualTo(greedy.cost().orElseThrow().plan());
    assertThat(r.objectiveValue()).isEqualTo(m.evaluate(r.cost().orElseThrow().plan()).value(Objective.EDP));
    assertThat(r.certificate().orElseThrow().optimal()).isFalse();
    assertThat(r.lowerBound()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aTimeLimitPassedWhileBuildingReturnsTheGreedyPlanWithTheReason() {
    // 1 ns: the deadline has passed before the model's first loop, whose deadline check stops the build
    SolverResult r = new CpSolver().solve(VIT, Objective.LATENCY, SolverOptions.DEFAULT.withTimeLimit(1e-9));
    assertThat(r.status()).isEqualTo(Status.FEASIBLE);
    assertThat(r.statistics().asMap().get("error").toString()).contains("the time limit passed while building cp-compact's model");
    SolverResult greedy = new GreedySolver().solve(VIT, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(r.cost().orElseThrow().plan()).isEqualTo(greedy.cost().orElseThrow().plan());
    assertThat(r.lowerBound()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(r.certificate().orElseThrow().optimal()).isFalse();
  }
}
