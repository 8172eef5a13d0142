package dev.compass.solvers.cp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.ilp.Weighted;
import org.junit.jupiter.api.Test;

/**
 * Choco builds costRegular's layered graph asking the model for every arc's cost; the formulation checks its
 * deadline there and stops the construction (Choco's own time limit only covers the search).
 */
class RegularDeadlineTest {

  @Test
  void aWeightedSolveOutOfTimeStopsWhileChocoBuildsTheGraph() {
    CostModel m = CostModel.of(ModelZoo.build("resnet50"), HardwarePresets.get("compass-s"), 16);
    RegularFormulation f = new RegularFormulation(m, FormulationTables.candidates(m), SolverOptions.DEFAULT);
    Weighted w = f.solve(1, 0, 1e-9);
    assertThat(w.cost()).isEmpty();
    assertThat(w.timedOut()).isTrue();
    assertThat(w.statistics().get("stoppedWhile")).isEqualTo("building costRegular's layered graph");
    assertThat((Long) w.statistics().get("deadlineChecks")).isPositive();
    // the same formulation with time solves it
    assertThat(f.solve(1, 0, 0).proven()).isTrue();
  }
}
