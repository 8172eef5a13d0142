package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.genetic.GeneticSolver;
import dev.compass.solvers.genetic.GeneticTrace;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The genetic solver with the paper's defaults on seeded random small networks and chips (ARRAY and
 * CORE, several batch sizes), every objective: its plan is feasible (independent check), its value
 * is the cost model's, never below the exact optimum (DP, and brute force where it is small enough),
 * and the same seed gives the same plan.
 */
class GeneticAgainstExactTest {
  /** Relative slack for summation order only: two plans of equal value may sum their partitions differently. */
  static final double ROUNDING = 1e-12;

  static Stream<Arguments> instances() {
    return RandomInstances.instances(1000, 30, 3, 40).stream().map(i -> Arguments.of(i.seed(), i.allocation(), i.model()));
  }


  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void feasibleNeverBelowTheOptimumAndReproducible(long seed, Allocation alloc, CostModel model) {
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.37))) {
      SolverOptions options = SolverOptions.DEFAULT.withSeed(seed).withTimeLimit(0);
      SolverResult ga = new GeneticSolver().solve(model, o, options);
      SolverResult dp = new DpSolver().solve(model, o, SolverOptions.DEFAULT);
      String what = String.format("instance seed %d %s %s, %d units", seed, alloc, o, model.units());
      assertThat(ga.status()).as(what).isEqualTo(Status.FEASIBLE);
      assertThat(Certifier.check(model.mapping(), ga.plan())).as(what).isEmpty();
      assertThat(model.evaluate(ga.plan()).value(o)).as(what).isEqualTo(ga.objectiveValue());
      assertThat(ga.objectiveValue()).as("%s: GA %s vs DP %s", what, ga.plan(), dp.plan())
          .isGreaterThanOrEqualTo(dp.objectiveValue() * (1 - ROUNDING));
      if (model.units() <= 11) {
        SolverResult brute = new BruteForceSolver().solve(model, o, SolverOptions.DEFAULT);
        assertThat(ga.objectiveValue()).as(what + " vs brute force").isGreaterThanOrEqualTo(brute.objectiveValue() * (1 - ROUNDING));
      }
      SolverResult again = new GeneticSolver().solve(model, o, options);
      assertThat(again.plan()).as(what).isEqualTo(ga.plan());
      assertThat(GeneticTrace.of(again)).as(what).isEqualTo(GeneticTrace.of(ga));
    }
  }
}
