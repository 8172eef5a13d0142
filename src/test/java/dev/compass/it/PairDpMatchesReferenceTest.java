package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.LlamaConfig;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The pair DP's optimum under weight prefetch (FORMULATION.md §9), re-evaluated by the independent
 * {@link ReferenceModel} (written from the text, with its own DP over candidates), equals the
 * reference's optimum to 1e-9 relative, on networks and chips no other suite uses: random networks of
 * seeds 10001+, their random chips with {@code prefetch = true}, and a small LLaMA-style decoder of a
 * shape no other test builds on {@link CostModelMatchesReferenceTest#unseenChips()}, batch 1 included.
 */
class PairDpMatchesReferenceTest {
  private static final Percentage REL = Percentage.withPercentage(1e-7); // 1e-9 relative

  @Test
  void pairDpOptimaReEvaluatedByTheReference() {
    int checked = 0;
    for (long seed = 10001; seed <= 10300 && checked < 150; seed++) {
      Random r = new Random(seed);
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      int batch = seed % 3 == 0 ? 1 : 1 + r.nextInt(16);
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc).withPrefetch(true), batch);
      } catch (RuntimeException e) {
        continue;
      }
      if (m.units() > 20) continue;
      for (Objective obj : List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(0.1 + 2 * r.nextDouble()))) {
        check(m, obj, "seed " + seed + " " + alloc + " B" + batch + " " + obj);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(150);
  }

  @Test
  void pairDpOptimaOnAnUnseenDecoder() {
    Network net = ModelZoo.llama(new LlamaConfig("llama_tiny_pf", 1, 40, 2, 56, 10, 31));
    int checked = 0;
    for (HardwareSpec hw : CostModelMatchesReferenceTest.unseenChips()) {
      for (int batch : new int[] {1, 6}) {
        CostModel m = CostModel.of(net, hw.withPrefetch(true), batch);
        for (Objective obj : List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(3))) {
          check(m, obj, net.name() + " " + hw.name() + " B" + batch + " " + obj);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(CostModelMatchesReferenceTest.unseenChips().size() * 6);
  }

  private static void check(CostModel m, Objective obj, String at) {
    PartitionPlan refPlan = ReferenceModel.optimum(m.graph(), m.mapping(), m.hardware(), m.batch(), obj, true);
    ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), refPlan, true);
    double want = obj.value(ref.latency(), ref.energy());
    PlanCost dp = new DpSolver().solve(m, obj, SolverOptions.DEFAULT).cost().orElseThrow();
    ReferenceModel.Result dpRef = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), dp.plan(), true);
    assertThat(obj.value(dpRef.latency(), dpRef.energy())).as("%s: the pair DP's plan %s re-evaluated by the reference; reference's %s",
        at, dp.plan(), refPlan).isCloseTo(want, REL);
    assertThat(dp.value(obj)).as("%s: the pair DP's own value", at).isCloseTo(want, REL);
  }
}
