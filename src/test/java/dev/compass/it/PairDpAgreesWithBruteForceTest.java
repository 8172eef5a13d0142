package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.brute.PrefetchBruteForce;
import dev.compass.solvers.dp.PairDp;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pair DP of weight prefetch (FORMULATION.md §9) equals brute force over all cut sets and targets
 * on seeded random small networks and prefetch chips (ARRAY and CORE, batch 1, 8, 15), for LATENCY,
 * ENERGY and WEIGHTED.
 */
class PairDpAgreesWithBruteForceTest {
  static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(0.37), Objective.weighted(20));

  static CostModel prefetch(CostModel m) {
    return CostModel.of(m.graph().network(), m.hardware().withPrefetch(true), m.batch());
  }

  static Stream<Arguments> instances() {
    return RandomInstances.instances(1, 80, 2, 11).stream().map(i -> Arguments.of(i.seed(), i.allocation(), prefetch(i.model())));
  }

  static double[] weights(Objective o) {
    return switch (o.kind()) {
      case LATENCY -> new double[] {1, 0, 0, 1};
      case ENERGY -> new double[] {0, 1, 1, 0};
      case WEIGHTED -> new double[] {o.lambda(), 1, 1, 0};
      case EDP -> throw new IllegalArgumentException("EDP is not additive");
    };
  }

  static double value(CostModel m, PairDp.Choice c, Objective o) {
    List<PartitionCost> parts = c.costs(m);
    double t = PairCost.latency(m, parts, m.hardware().prefetch());
    return o.value(t, PairCost.energy(m, parts, t));
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void pairDpEqualsBruteForce(long seed, dev.compass.formulation.hardware.Allocation alloc, CostModel model) {
    PairDp dp = new PairDp(model);
    var brutes = PrefetchBruteForce.solve(model, OBJECTIVES);
    for (int k = 0; k < OBJECTIVES.size(); k++) {
      Objective o = OBJECTIVES.get(k);
      double[] w = weights(o);
      var brute = brutes.get(k);
      var choice = dp.minimize(w[0], w[1], w[2], w[3]);
      assertThat(choice.isPresent()).as("seed %d %s", seed, o).isEqualTo(brute.isPresent());
      if (brute.isEmpty()) continue;
      double v = value(model, choice.get(), o);
      assertThat(v).as("seed %d %s units %d: brute plan %s", seed, o, model.units(), brute.get().plan())
          .isCloseTo(brute.get().value(o), Percentage.withPercentage(1e-7));
      // the DP's own sum is the plan's cost
      assertThat(choice.get().value()).as("seed %d %s: the DP's sum", seed, o)
          .isCloseTo(v, Percentage.withPercentage(1e-7));
    }
  }

  @Test
  void prefetchChangesTheOptimumOnSomeInstances() {
    int better = 0;
    for (RandomInstances.Instance i : RandomInstances.instances(1, 80, 2, 9)) {
      var off = PrefetchBruteForce.solve(i.model(), Objective.LATENCY);
      var on = PrefetchBruteForce.solve(prefetch(i.model()), Objective.LATENCY);
      if (off.isEmpty()) continue;
      assertThat(on.get().latency()).as("seed %d: prefetch never slows the optimum", i.seed())
          .isLessThanOrEqualTo(off.get().latency() * (1 + 1e-12));
      if (on.get().latency() < off.get().latency() * (1 - 1e-9)) better++;
    }
    assertThat(better).as("instances where prefetch lowers the optimum").isGreaterThan(5);
  }
}
