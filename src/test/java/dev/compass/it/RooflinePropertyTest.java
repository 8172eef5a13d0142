package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.dp.DpSolver;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The roofline bound (FORMULATION.md §8.12 v2, {@link CostModel#rooflineSeconds}) is never above the
 * latency of the optimal plan: on random small networks and chips (RandomInstances) and on the
 * transformer blocks of DpAgreesWithBruteForceTest with slow DRAM and vector units, at batch 1 to 15.
 * jqwik reports the seed of any failure.
 */
class RooflinePropertyTest {

  @Property(tries = 80, seed = "20261206")
  void rooflineIsNeverAboveTheOptimum(@ForAll @LongRange(min = 1, max = 100_000) long seed, @ForAll boolean transformer,
      @ForAll @LongRange(min = 1, max = 15) long batch) {
    Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
    CostModel m;
    try {
      m = transformer
          ? CostModel.of(DpAgreesWithBruteForceTest.transformer(seed), DpAgreesWithBruteForceTest.slowChip(seed, alloc), (int) batch)
          : CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc), (int) batch);
    } catch (RuntimeException e) {
      Assume.that(false); // a random shape that does not connect
      return;
    }
    Assume.that(m.units() <= 40);
    SolverResult dp = new DpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    Assume.that(dp.cost().isPresent()); // some unit does not fit the chip: no plan
    assertThat(m.rooflineSeconds()).as("seed %d transformer %b batch %d", seed, transformer, batch)
        .isPositive().isLessThanOrEqualTo(dp.objectiveValue() * (1 + 1e-12));
    if (m.units() <= 7) {
      // and below the optimum found by brute force (an oracle independent of the DP)
      double brute = new BruteForceSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT).objectiveValue();
      assertThat(m.rooflineSeconds()).isLessThanOrEqualTo(brute * (1 + 1e-12));
    }
  }
}
