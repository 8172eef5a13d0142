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

  /**
   * A weighted solve is not started with less time left than the longest one so far took (Choco goes on building
   * after its last cost request, past the deadline): after a complete solve, one whose whole budget is shorter stops
   * before building anything; one with no limit still runs.
   */
  @Test
  void aWeightedSolveThatCannotFinishIsNotStarted() {
    CostModel m = CostModel.of(ModelZoo.build("resnet50"), HardwarePresets.get("compass-s"), 16);
    RegularFormulation f = new RegularFormulation(m, FormulationTables.candidates(m), SolverOptions.DEFAULT);
    assertThat(f.solve(1, 0, 0).proven()).isTrue(); // no limit: the estimate is this solve's time
    Weighted w = f.solve(0, 1, 1e-6);
    assertThat(w.cost()).isEmpty();
    assertThat(w.timedOut()).isTrue();
    assertThat((String) w.statistics().get("stoppedWhile")).startsWith("before building costRegular's layered graph (a weighted solve took ");
    assertThat(w.statistics()).doesNotContainKey("graphSeconds");
    assertThat(f.solve(0, 1, 0).proven()).isTrue();
  }
}

