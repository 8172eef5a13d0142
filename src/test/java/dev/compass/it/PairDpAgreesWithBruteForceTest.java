package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.FixedCuts;
import dev.compass.solvers.GreedyCuts;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.certificate.CertificateChecker;
import dev.compass.solvers.certificate.DualCertificate;
import dev.compass.solvers.certificate.Verdict;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.dp.PairDp;
import dev.compass.solvers.dp.SegmentOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With weight prefetch (FORMULATION.md §9) the DP (the pair DP over candidates) equals brute force
 * over all cut sets and targets, whose plans {@link CostModel#evaluate} costs with §9's pair terms, on
 * seeded random small networks and prefetch chips (ARRAY and CORE, batch 1, 8, 15), for every
 * objective.
 */
class PairDpAgreesWithBruteForceTest {
  static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.37),
      Objective.weighted(20));

  static CostModel prefetch(CostModel m) {
    return CostModel.of(m.graph().network(), m.hardware().withPrefetch(true), m.batch());
  }

  static Stream<Arguments> instances() {
    return RandomInstances.instances(1, 50, 2, 10).stream().map(i -> Arguments.of(i.seed(), i.allocation(), prefetch(i.model())));
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void pairDpEqualsBruteForce(long seed, Allocation alloc, CostModel model) {
    for (Objective o : OBJECTIVES) {
      SolverResult dp = new DpSolver().solve(model, o, SolverOptions.DEFAULT);
      SolverResult brute = new BruteForceSolver().solve(model, o, SolverOptions.DEFAULT);
      assertThat(dp.status()).as("seed %d %s", seed, o).isEqualTo(brute.status());
      if (brute.status() != Status.OPTIMAL) continue;
      assertThat(dp.objectiveValue()).as("seed %d %s units %d: dp plan %s vs brute plan %s", seed, o, model.units(), dp.plan(),
          brute.plan()).isCloseTo(brute.objectiveValue(), Percentage.withPercentage(1e-7));
      assertThat(dp.cost().orElseThrow().prefetched()).isTrue();
      assertThat(dp.certificate().orElseThrow().feasible()).as("seed %d: %s", seed, dp.certificate()).isTrue();
      // the DP's certificate over candidates: the checker (cost model only) proves both optimal plans, with a bound
      // that brute force's optimum confirms, and rejects a plan brute force shows is worse
      DualCertificate cert = dp.certificate().orElseThrow().dual().orElseThrow();
      assertThat(cert.nodes()).isEqualTo(DualCertificate.Nodes.CANDIDATES);
      for (SolverResult r : List.of(dp, brute)) {
        Verdict v = CertificateChecker.check(model, o, r.plan(), cert, 1e-9);
        assertThat(v.violation()).as("seed %d %s", seed, o).isEmpty();
        assertThat(v.optimal()).isTrue();
        assertThat(v.lowerBound()).isLessThanOrEqualTo(brute.objectiveValue() * (1 + 1e-12));
      }
      SolverResult greedy = new GreedySolver().solve(model, o, SolverOptions.DEFAULT);
      if (greedy.objectiveValue() > brute.objectiveValue() * (1 + 1e-6)) {
        assertThat(CertificateChecker.check(model, o, greedy.plan(), cert, 1e-6).optimal()).as("seed %d %s greedy", seed, o).isFalse();
      }
    }
  }

  /**
   * The fixed-cut pair DP (greedy's, layerwise's and the GA's plans on a prefetch chip) equals
   * enumerating every combination of the partitions' targets (BruteForceSolver.targets, each plan
   * costed by {@link CostModel#evaluate}), on the greedy cuts of every instance.
   */
  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void fixedCutsEqualTargetEnumeration(long seed, Allocation alloc, CostModel model) {
    int[] starts = GreedyCuts.starts(model);
    List<List<Map<String, Integer>>> options = new ArrayList<>();
    for (int k = 0; k < starts.length; k++) {
      options.add(BruteForceSolver.targets(model, starts[k], PartitionPlan.lastUnit(starts, k, model.units())));
    }
    for (Objective o : OBJECTIVES) {
      double best = Double.POSITIVE_INFINITY;
      int[] pick = new int[starts.length];
      while (true) {
        List<Partition> parts = new ArrayList<>();
        for (int k = 0; k < starts.length; k++) {
          parts.add(new Partition(starts[k], PartitionPlan.lastUnit(starts, k, model.units()), options.get(k).get(pick[k])));
        }
        best = Math.min(best, model.evaluate(new PartitionPlan(parts)).value(o));
        int k = 0;
        while (k < pick.length && ++pick[k] == options.get(k).size()) pick[k++] = 0;
        if (k == pick.length) break;
      }
      PlanCost fc = FixedCuts.optimize(model, starts, o).orElseThrow();
      assertThat(fc.prefetched()).isTrue();
      assertThat(fc.value(o)).as("seed %d %s cuts %s", seed, o, java.util.Arrays.toString(starts))
          .isCloseTo(best, Percentage.withPercentage(1e-7));
    }
  }

  /** Without prefetch (every phi = 0) the pair DP over candidates finds the DP's optimum over unit positions. */
  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void withoutPrefetchThePairDpIsTheDp(long seed, Allocation alloc, CostModel prefetchModel) {
    CostModel model = CostModel.of(prefetchModel.graph().network(), prefetchModel.hardware().withPrefetch(false), prefetchModel.batch());
    PairDp pair = new PairDp(model);
    for (double[] w : List.of(new double[] {1, 0, 0, 1}, new double[] {0, 1, 1, 0}, new double[] {0.37, 1, 1, 0})) {
      var found = new SegmentOptimizer(model).minimize(w[0], w[1], w[2], w[3]);
      var p = pair.minimize(w[0], w[1], w[2], w[3]);
      assertThat(p.isPresent()).isEqualTo(found.isPresent());
      if (found.isEmpty()) continue;
      var dp = found.get();
      PlanCost c = p.get().cost(model);
      assertThat(c.prefetched()).isFalse();
      assertThat(w[0] * c.latencySeconds() + w[1] * c.energyJoules()).as("seed %d %s", seed, java.util.Arrays.toString(w))
          .isCloseTo(w[0] * dp.latency() + w[1] * dp.energy(), Percentage.withPercentage(1e-9));
    }
  }

  /** Prefetch never makes the optimum slower (phi = 0 is one of its executions), and on some instances it is faster. */
  @Test
  void prefetchLowersTheOptimumOnSomeInstancesAndNeverRaisesIt() {
    int better = 0;
    for (RandomInstances.Instance i : RandomInstances.instances(1, 50, 2, 10)) {
      SolverResult off = new DpSolver().solve(i.model(), Objective.LATENCY, SolverOptions.DEFAULT);
      SolverResult on = new DpSolver().solve(prefetch(i.model()), Objective.LATENCY, SolverOptions.DEFAULT);
      if (off.status() != Status.OPTIMAL) continue;
      assertThat(on.objectiveValue()).as("seed %d", i.seed()).isLessThanOrEqualTo(off.objectiveValue() * (1 + 1e-12));
      if (on.objectiveValue() < off.objectiveValue() * (1 - 1e-9)) better++;
    }
    assertThat(better).as("instances where prefetch lowers the LATENCY optimum").isGreaterThan(5);
  }
}
