package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The experimenter's SCIP parameters ({@link OrTools#EXTRA_PARAMS_PROPERTY}): lines SCIP accepts are applied and named
 * in the statistics; a line SCIP rejects is an input error that names the setting and the rejected text, not a run
 * with SCIP's defaults.
 */
class ScipExtraParamsTest {
  private static final CostModel M = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);

  @AfterEach
  void clear() {
    System.clearProperty(OrTools.EXTRA_PARAMS_PROPERTY);
  }

  @Test
  void acceptedLinesAreAppliedAndReported() {
    SolverResult plain = PathIlpSolver.scip().solve(M, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(plain.statistics().asMap()).doesNotContainKey("scipExtraParams");
    System.setProperty(OrTools.EXTRA_PARAMS_PROPERTY, "separating/maxrounds = 0; branching/relpscost/maxreliable = 0");
    SolverResult r = PathIlpSolver.scip().solve(M, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(r.statistics().get("scipExtraParams")).isEqualTo("separating/maxrounds = 0; branching/relpscost/maxreliable = 0");
    assertThat(r.objectiveValue()).isEqualTo(plain.objectiveValue()); // the same optimum (an integral LP either way)
  }

  @Test
  void aRejectedLineIsAnInputError() {
    // heuristics/emphasis is a SCIP setting of its shell, not a parameter: SCIP rejects it
    System.setProperty(OrTools.EXTRA_PARAMS_PROPERTY, "separating/maxrounds = 0;heuristics/emphasis = off");
    assertThatThrownBy(() -> PathIlpSolver.scip().solve(M, Objective.LATENCY, SolverOptions.DEFAULT))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(OrTools.EXTRA_PARAMS_PROPERTY)
        .hasMessageContaining("heuristics/emphasis = off");
  }

  /**
   * SCIP stopped at its first solution (the start hint), before any LP: its bound is its infinity, -1e20. The compact
   * MILP reported that as its lower bound (gpt2_xl/compass-m, 100 s: -1.59e21, gap 1e20); now it reports the root LP's
   * bound (GLOP, the same relaxation), the only bound it has.
   */
  @Test
  void aScipStopBeforeAnyLpBoundsByTheRootLpNotByScipsInfinity() {
    CostModel small = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 16);
    System.setProperty(OrTools.EXTRA_PARAMS_PROPERTY, "limits/solutions = 1");
    SolverResult r = new CompactIlpSolver().solve(small, Objective.LATENCY, SolverOptions.DEFAULT.withTimeLimit(60));
    assertThat(r.statistics().get("scipStatus")).isEqualTo("FEASIBLE");
    assertThat(r.statistics().get("lpIterations")).isEqualTo(0L);
    double root = ((Number) r.statistics().get("rootBound")).doubleValue();
    // the roofline bound, 0.00106085 s (docs/ilp.md, "Why the root bound is the roofline")
    assertThat(root).isBetween(0.00106, 0.00107);
    assertThat(r.lowerBound()).isEqualTo(root);
    assertThat(r.gap()).isBetween(0.0, 1.0);
  }
}

