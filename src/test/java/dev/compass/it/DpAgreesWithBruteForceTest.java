package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DP's optimum equals brute force over all cut sets and targets, on seeded random small
 * networks and chips, for every objective, ARRAY and CORE, several batch sizes.
 */
class DpAgreesWithBruteForceTest {

  static Stream<Arguments> instances() {
    return RandomInstances.instances(1, 60, 2, 11).stream().map(i -> Arguments.of(i.seed(), i.allocation(), i.model()));
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void dpEqualsBruteForce(long seed, Allocation alloc, CostModel model) {
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.37))) {
      SolverResult dp = new DpSolver().solve(model, o, SolverOptions.DEFAULT);
      SolverResult brute = new BruteForceSolver().solve(model, o, SolverOptions.DEFAULT);
      assertThat(brute.status()).as("seed %d %s", seed, o).isEqualTo(Status.OPTIMAL);
      assertThat(dp.status()).as("seed %d %s", seed, o).isEqualTo(Status.OPTIMAL);
      assertThat(dp.objectiveValue())
          .as("seed %d %s units %d: dp plan %s vs brute plan %s", seed, o, model.units(), dp.plan(), brute.plan())
          .isCloseTo(brute.objectiveValue(), org.assertj.core.data.Percentage.withPercentage(1e-7));
      // the DP's plan re-evaluated from scratch gives the value it reported
      assertThat(model.evaluate(dp.plan()).value(o)).isCloseTo(dp.objectiveValue(), org.assertj.core.data.Percentage.withPercentage(1e-9));
      assertThat(dp.certificate().orElseThrow().feasible()).as("seed %d: %s", seed, dp.certificate()).isTrue();
    }
  }
}
