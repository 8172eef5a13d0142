package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.cp.CostRegularSolver;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact path solvers honour their time limit while they build: the candidate table (gpt2_xl on compass-m scans
 * 1.5 million candidates over 11,586 units) and the native model stop at a deadline check and report TIMEOUT with
 * where they stopped, instead of running past the limit. No times are asserted: the statuses and the statistics
 * that name the check that stopped the solve.
 */
class BuildDeadlineTest {

  static Stream<PartitionSolver> solvers() {
    return Stream.of(PathIlpSolver.lp(), new PathIlpSolver(), PathIlpSolver.scip(), new CostRegularSolver());
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void aTinyLimitStopsTheCandidateTable(PartitionSolver solver) {
    CostModel m = CostModel.of(ModelZoo.build("gpt2_xl"), HardwarePresets.get("compass-m"), 16);
    // 1 ms: the table (0.3 s or more) is cut at one of its per-unit checks
    SolverResult r = solver.solve(m, Objective.EDP, SolverOptions.DEFAULT.withTimeLimit(1e-3));
    assertThat(r.status()).isEqualTo(Status.TIMEOUT);
    assertThat(r.cost()).isEmpty();
    assertThat(r.statistics().get("stoppedWhile")).isEqualTo("building the candidate table");
  }

  @Test
  void aTableThatIsStoppedIsEmptyAndAFullOneIsNot() {
    CostModel m = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);
    assertThat(FormulationTables.candidates(m, () -> true)).isEmpty();
    // a stop that turns true after 10 checks (once per unit: mid-way through resnet18's units) also leaves no table
    int[] calls = {0};
    assertThat(FormulationTables.candidates(m, () -> ++calls[0] > 10)).isEmpty();
    assertThat(calls[0]).isEqualTo(11); // it stopped at the first check that said so, not at the end
    // never stopped: a table with at least one candidate per unit (each unit alone at d = 1 fits compass-s)
    assertThat(FormulationTables.candidates(m, () -> false)).get().extracting(FormulationTables.Candidates::size)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isGreaterThanOrEqualTo(m.units());
  }

  @Test
  void aWeightedSolveOutOfTimeStopsWhileBuildingTheNativeModel() {
    CostModel m = CostModel.of(ModelZoo.build("resnet50"), HardwarePresets.get("compass-s"), 16);
    PathColumns cols = new PathColumns(m, FormulationTables.candidates(m));
    for (PathFormulation.Backend b : PathFormulation.Backend.values()) {
      PathFormulation f = new PathFormulation(cols, b, SolverOptions.DEFAULT, "test");
      try {
        // 1 ns: the first check, before the first column, finds the limit passed
        Weighted w = f.solve(1, 0, 1e-9);
        assertThat(w.cost()).as(b.toString()).isEmpty();
        assertThat(w.timedOut()).as(b.toString()).isTrue();
        assertThat(w.statistics().get("stoppedWhile")).as(b.toString()).isEqualTo("building the " + b + " model");
        assertThat((Long) w.statistics().get("deadlineChecks")).as(b.toString()).isPositive();
      } finally {
        f.close();
      }
    }
  }

  /**
   * What a CP-SAT solve stopped before its first solution returns ({@code PathFormulation.known}): the known plan (the
   * greedy cover it was hinted) as a plan without a bound, not "no plan"; its latency is the greedy cover's, and the
   * cost model's evaluation of the same ranges. (CP-SAT takes a complete hint as its first solution within any
   * deterministic limit on the zoo's small models, so the trigger itself is measured on gpt2_xl/compass-m:
   * {@code compass partition --solver ilp-path --time-limit 3} returned this with CP-SAT's status UNKNOWN.)
   */
  @Test
  void aSolveStoppedBeforeTheSolversFirstPlanReturnsTheKnownPlan() {
    CostModel m = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);
    PathColumns cols = new PathColumns(m, FormulationTables.candidates(m));
    PathFormulation f = new PathFormulation(cols, PathFormulation.Backend.CP_SAT, SolverOptions.DEFAULT, "test");
    try {
      java.util.List<Integer> greedy = new java.util.ArrayList<>();
      double expected = cols.heuristic(1, 0, greedy);
      Weighted w = f.known(greedy, new java.util.LinkedHashMap<>());
      assertThat(w.proven()).isFalse();
      assertThat(w.timedOut()).isTrue();
      assertThat(w.bound()).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(w.latency()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-9));
      assertThat(w.latency()).isEqualTo(m.evaluate(w.cost().orElseThrow().plan()).latencySeconds());
      assertThat(w.cost().orElseThrow().plan().size()).isEqualTo(greedy.size());
    } finally {
      f.close();
    }
  }
}
