package dev.compass.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

/** Every registered solver either models weight prefetch (FORMULATION.md §9) or refuses a prefetch chip. */
class PrefetchSupportTest {
  static final CostModel PREFETCH = CostModel.of(ModelZoo.build("squeezenet1_1"), HardwarePresets.get("compass-s").withPrefetch(true), 2);

  @Test
  void solversWithoutPrefetchRefuseAPrefetchChipNamingTheOnesThatDo() {
    assertThat(Solvers.prefetchSolvers()).containsExactly("dp", "greedy", "layerwise", "genetic", "brute");
    for (String name : Solvers.names()) {
      PartitionSolver s = Solvers.get(name);
      if (Solvers.prefetchSolvers().contains(name)) continue;
      assertThatThrownBy(() -> s.solve(PREFETCH, Objective.LATENCY, SolverOptions.DEFAULT))
          .as(name).isInstanceOf(InputException.class)
          .hasMessage("solver " + name + ": does not model weight prefetch (FORMULATION.md §9), and hardware 'compass-s' has prefetch = true;"
              + " solvers that do: dp, greedy, layerwise, genetic, brute (or use a hardware file with \"prefetch\": false)");
    }
  }

  @Test
  void solversWithPrefetchReturnPrefetchCosts() {
    for (String name : Solvers.prefetchSolvers()) {
      if (name.equals("brute")) continue; // squeezenet has too many units
      SolverResult r = Solvers.get(name).solve(PREFETCH, Objective.LATENCY, SolverOptions.DEFAULT.withTimeLimit(2));
      assertThat(r.cost().orElseThrow().prefetched()).as(name).isTrue();
      assertThat(PREFETCH.evaluate(r.plan()).latencySeconds()).as(name).isEqualTo(r.cost().orElseThrow().latencySeconds());
    }
  }
}
