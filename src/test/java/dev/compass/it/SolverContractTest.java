package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import dev.compass.solvers.Status;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of every registered solver ({@link Solvers#names()}), on small seeded instances (random
 * networks and chips, and a transformer block at batch 1): a plan that the certifier accepts, whose
 * objective re-evaluated by the cost model is the one reported, never better than the DP's optimum,
 * and equal to it when the solver reports OPTIMAL.
 */
class SolverContractTest {
  static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.EDP);

  static List<String> solvers() {
    return Solvers.names();
  }

  static List<CostModel> instances() {
    List<CostModel> out = new java.util.ArrayList<>();
    for (RandomInstances.Instance i : RandomInstances.instances(101, 3, 2, 7)) out.add(i.model());
    out.add(CostModel.of(DpAgreesWithBruteForceTest.transformer(3), DpAgreesWithBruteForceTest.slowChip(3, dev.compass.formulation.hardware.Allocation.CORE), 1));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("solvers")
  void resultIsReEvaluatedCertifiedAndNeverBelowTheOptimum(String name) {
    PartitionSolver solver = Solvers.get(name);
    int k = 0;
    for (CostModel m : instances()) {
      k++;
      for (Objective o : OBJECTIVES) {
        String as = name + " on instance " + k + " (" + m.graph().network().name() + ", " + m.units() + " units, batch " + m.batch() + ") " + o;
        double opt = new DpSolver().solve(m, o, SolverOptions.DEFAULT).objectiveValue();
        SolverResult r = solver.solve(m, o, SolverOptions.DEFAULT.withTimeLimit(20));
        assertThat(r.solver()).isEqualTo(name);
        assertThat(r.status()).as(as).isIn(Status.OPTIMAL, Status.FEASIBLE);
        assertThat(r.cost()).as(as).isPresent();
        assertThat(Certifier.verify(m, r.plan(), o, r.objectiveValue())).as(as).isEmpty();
        assertThat(r.certificate().orElseThrow().feasible()).as(as).isTrue();
        assertThat(r.objectiveValue()).as(as + ": never better than the DP's optimum " + opt).isGreaterThanOrEqualTo(opt * (1 - 1e-9));
        if (r.status() == Status.OPTIMAL) {
          assertThat(solver.exact()).as(as + ": only exact solvers claim OPTIMAL").isTrue();
          assertThat(r.objectiveValue()).as(as + ": OPTIMAL equals the DP's optimum").isLessThanOrEqualTo(opt * (1 + 1e-6));
        }
      }
    }
  }
}
