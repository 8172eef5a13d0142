package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/**
 * An EDP result is OPTIMAL only when the supported-point search ran to its end: every weighted solve proven is not
 * enough if the time limit stopped the search between two solves with a hull segment left unprobed. The weighted
 * solves here are lp-path's own (GLOP, proven); a wrapper lets the second one (the least-E solve) return only after
 * the solve's deadline has passed, so that the search's stop check cuts it there. resnet50/compass-s EDP needs more
 * than the two extreme solves (its hull has more vertices), so the cut leaves a segment unprobed.
 */
class EdpSearchCutShortTest {

  @Test
  void aSearchStoppedBetweenProvenSolvesIsNotOptimal() {
    CostModel m = CostModel.of(ModelZoo.build("resnet50"), HardwarePresets.get("compass-s"), 16);
    PathColumns cols = new PathColumns(m, FormulationTables.candidates(m));
    PathFormulation glop = new PathFormulation(cols, PathFormulation.Backend.GLOP, SolverOptions.DEFAULT, "test");
    double limit = 4;
    long t0 = System.nanoTime();
    int[] solves = {0};
    WeightedFormulation slowSecond = new WeightedFormulation() {
      @Override
      public Weighted solve(double alpha, double beta, double seconds) {
        Weighted w = glop.solve(alpha, beta, seconds);
        if (++solves[0] == 2) {
          long left = (long) ((limit + 0.01 - (System.nanoTime() - t0) / 1e9) * 1000) + 1;
          try {
            if (left > 0) Thread.sleep(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        }
        return w;
      }

      @Override
      public double tolerance() {
        return glop.tolerance();
      }

      @Override
      public boolean anytime() {
        return glop.anytime();
      }
    };
    try {
      SolverResult r = IlpDriver.run("lp-path", "test", m, Objective.EDP, SolverOptions.DEFAULT.withTimeLimit(limit), slowSecond,
          new LinkedHashMap<>(), t0);
      assertThat(solves[0]).isEqualTo(2);
      assertThat(r.cost()).isPresent();
      assertThat(r.status()).isEqualTo(Status.FEASIBLE);
      assertThat(r.statistics().get("stoppedWhile")).isEqualTo("the supported-point search (a hull segment left unprobed)");
      // the same search without the cut proves (more than two weighted solves)
      SolverResult full = PathIlpSolver.lp().solve(m, Objective.EDP, SolverOptions.DEFAULT);
      assertThat(full.status()).isEqualTo(Status.OPTIMAL);
      assertThat((Integer) full.statistics().get("weightedSolves")).isGreaterThan(2);
    } finally {
      glop.close();
    }
  }
}
