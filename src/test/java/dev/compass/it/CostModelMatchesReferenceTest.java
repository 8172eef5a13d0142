package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.LlamaConfig;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.baseline.LayerwiseSolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The optimized cost model equals the plain {@link ReferenceModel} (FORMULATION.md v2, written from
 * the text) on random instances and random plans, and the DP's optima equal the reference's own DP
 * over the plan space, on networks and chips no other suite uses: random networks of seeds 9000+,
 * random chips, small LLaMA-style decoders (transformers), batch 1 included.
 */
class CostModelMatchesReferenceTest {
  private static final Percentage REL = Percentage.withPercentage(1e-7); // 1e-9 relative

  @Test
  void randomPlansWithRandomReplication() {
    int checked = 0;
    for (long seed = 9001; seed <= 9400; seed++) {
      Random r = new Random(seed);
      Allocation alloc = r.nextBoolean() ? Allocation.ARRAY : Allocation.CORE;
      int batch = seed % 4 == 0 ? 1 : 1 + r.nextInt(64);
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc), batch);
      } catch (RuntimeException e) {
        continue;
      }
      PartitionPlan plan = randomPlan(m, r);
      assertAgree(m, plan, "seed " + seed + " " + alloc + " B" + batch);
      assertThat(m.rooflineSeconds()).as("seed %d roofline", seed)
          .isCloseTo(ReferenceModel.roofline(m.graph(), m.mapping(), m.hardware(), m.batch(), false), REL);
      checked++;
    }
    assertThat(checked).isGreaterThan(300);
  }

  /** Small transformers (LLaMA-style decoders of shapes no other test builds) on chips no preset has, batch 1 and 8. */
  @Test
  void transformersOnUnseenChips() {
    List<Network> nets = List.of(
        ModelZoo.llama(new LlamaConfig("llama_tiny", 2, 64, 4, 160, 24, 97)),
        ModelZoo.llama(new LlamaConfig("llama_narrow", 1, 96, 2, 128, 40, 61)));
    int checked = 0;
    for (Network net : nets) {
      for (HardwareSpec hw : unseenChips()) {
        for (int batch : new int[] {1, 8}) {
          CostModel m = CostModel.of(net, hw, batch);
          Random r = new Random(net.name().hashCode() * 31L + hw.name().hashCode() + batch);
          String at = net.name() + " " + hw.name() + " B" + batch;
          for (int k = 0; k < 3; k++) assertAgree(m, randomPlan(m, r), at + " random plan " + k);
          for (var solver : List.of(new DpSolver(), new GreedySolver(), new LayerwiseSolver())) {
            PlanCost c = solver.solve(m, Objective.LATENCY, SolverOptions.DEFAULT).cost().orElseThrow();
            assertAgree(m, c.plan(), at + " " + solver.name());
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(2 * unseenChips().size() * 2);
  }

  /** The DP's optimum equals the reference's DP over §4's plan space, for LATENCY, ENERGY and WEIGHTED. */
  @Test
  void dpOptimaEqualTheReferenceOptima() {
    int checked = 0;
    for (long seed = 9501; seed <= 9700 && checked < 120; seed++) {
      Random r = new Random(seed);
      CostModel m = seeded(seed, r, false);
      if (m == null || m.units() > 24) continue;
      Allocation alloc = m.hardware().allocation();
      int batch = m.batch();
      for (Objective obj : List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(0.3 + r.nextDouble()))) {
        checkOptimum(m, obj, "seed " + seed + " " + alloc + " B" + batch + " " + obj);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(120);
  }

  /** The same on the small transformers (LATENCY and ENERGY, batch 1 and 8). */
  @Test
  void dpOptimaEqualTheReferenceOnTransformers() {
    Network net = ModelZoo.llama(new LlamaConfig("llama_tiny", 1, 32, 2, 48, 12, 29));
    for (HardwareSpec hw : unseenChips()) {
      for (int batch : new int[] {1, 8}) {
        CostModel m = CostModel.of(net, hw, batch);
        for (Objective obj : List.of(Objective.LATENCY, Objective.ENERGY)) checkOptimum(m, obj, net.name() + " " + hw.name() + " B" + batch + " " + obj);
      }
    }
  }

  /**
   * §9 prefetch: on the same unseen random instances with {@code prefetch} switched on, the cost
   * model's evaluate of random plans equals the reference's {@code sum_p W(p|prev) + C(p|next)} and
   * energy, the DP's optimum (the pair DP) equals the reference's DP over candidates with pair
   * costs, for LATENCY, ENERGY and WEIGHTED, and the roofline combines its two parts by max.
   */
  @Test
  void prefetchEvaluateAndOptimaEqualTheReference() {
    int plans = 0;
    int optima = 0;
    for (long seed = 9801; seed <= 9950 && optima < 90; seed++) {
      Random r = new Random(seed);
      CostModel m = seeded(seed, r, true);
      if (m == null) continue;
      Allocation alloc = m.hardware().allocation();
      int batch = m.batch();
      String at = "seed " + seed + " " + alloc + " B" + batch + " prefetch";
      for (int k = 0; k < 3; k++) {
        PartitionPlan plan = randomPlan(m, r);
        PlanCost c = m.evaluate(plan);
        ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), plan, true);
        assertThat(c.latencySeconds()).as("%s plan %s", at, plan).isCloseTo(ref.latency(), REL);
        assertThat(c.energyJoules()).as("%s plan %s", at, plan).isCloseTo(ref.energy(), REL);
        for (int q = 0; q < plan.size(); q++) {
          assertThat(c.partitions().get(q).latencySeconds()).as("%s partition %d", at, q).isCloseTo(ref.partLatency()[q], REL);
        }
        plans++;
      }
      assertThat(m.rooflineSeconds()).as(at).isCloseTo(ReferenceModel.roofline(m.graph(), m.mapping(), m.hardware(), m.batch(), true), REL);
      if (m.units() > 20) continue;
      for (Objective obj : List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(0.3 + r.nextDouble()))) {
        PartitionPlan refPlan = ReferenceModel.optimum(m.graph(), m.mapping(), m.hardware(), m.batch(), obj, true);
        ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), refPlan, true);
        PlanCost dp = new DpSolver().solve(m, obj, SolverOptions.DEFAULT).cost().orElseThrow();
        assertThat(obj.value(dp.latencySeconds(), dp.energyJoules())).as("%s %s: dp %s, reference %s", at, obj, dp.plan(), refPlan)
            .isCloseTo(obj.value(ref.latency(), ref.energy()), REL);
        optima++;
      }
    }
    assertThat(plans).isGreaterThan(200);
    assertThat(optima).isGreaterThanOrEqualTo(90);
  }

  /** Rule 12's roofline is below every optimum of the reference (a property of the reference itself, across instances). */
  @Test
  void rooflineIsBelowTheReferenceOptimum() {
    int checked = 0;
    for (long seed = 9701; seed <= 9800; seed++) {
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc), 1 + (int) (seed % 5) * 3);
      } catch (RuntimeException e) {
        continue;
      }
      if (m.units() > 20) continue;
      PartitionPlan opt = ReferenceModel.optimum(m.graph(), m.mapping(), m.hardware(), m.batch(), Objective.LATENCY, false);
      double t = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), opt).latency();
      double lb = ReferenceModel.roofline(m.graph(), m.mapping(), m.hardware(), m.batch(), false);
      assertThat(lb).as("seed %d", seed).isLessThanOrEqualTo(t * (1 + 1e-12));
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  /** Seed {@code seed}'s random network on its random chip (ARRAY for even seeds), batch 1 for every third seed; null if it does not map. */
  private static CostModel seeded(long seed, Random r, boolean prefetch) {
    Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
    int batch = seed % 3 == 0 ? 1 : 1 + r.nextInt(16);
    try {
      return CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc).withPrefetch(prefetch), batch);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void checkOptimum(CostModel m, Objective obj, String at) {
    PartitionPlan refPlan = ReferenceModel.optimum(m.graph(), m.mapping(), m.hardware(), m.batch(), obj, false);
    ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), refPlan);
    PlanCost dp = new DpSolver().solve(m, obj, SolverOptions.DEFAULT).cost().orElseThrow();
    ReferenceModel.Result dpRef = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), dp.plan());
    double want = obj.value(ref.latency(), ref.energy());
    assertThat(obj.value(dp.latencySeconds(), dp.energyJoules())).as("%s: dp %s, reference %s", at, dp.plan(), refPlan).isCloseTo(want, REL);
    assertThat(obj.value(dpRef.latency(), dpRef.energy())).as("%s: dp's plan re-evaluated by the reference", at).isCloseTo(want, REL);
  }

  static void assertAgree(CostModel m, PartitionPlan plan, String at) {
    PlanCost c = m.evaluate(plan);
    ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), plan);
    String why = at + " plan " + plan;
    assertThat(c.latencySeconds()).as(why).isCloseTo(ref.latency(), REL);
    assertThat(c.energyJoules()).as(why).isCloseTo(ref.energy(), REL);
    for (int k = 0; k < plan.size(); k++) {
      ReferenceModel.Part p = ref.parts().get(k);
      var pc = c.partitions().get(k);
      assertThat(pc.latencySeconds()).as(why + " partition " + k).isCloseTo(ref.partLatency()[k], REL);
      assertThat(pc.writeSeconds()).as(why + " partition " + k + " write").isCloseTo(p.tWrite(), Offset.offset(1e-9 * p.tWrite() + 1e-300));
      assertThat(pc.ioBytes()).as(why + " partition " + k).isCloseTo(p.bytesIO(), Offset.offset(1e-9 * p.bytesIO() + 1e-300));
      assertThat((double) pc.rowsWritten()).as(why).isEqualTo(p.rowsW());
    }
  }

  /** Random valid cuts, random feasible replication (grown one stage at a time while capacity holds). */
  static PartitionPlan randomPlan(CostModel m, Random r) {
    List<Partition> parts = new ArrayList<>();
    int i = 0;
    while (i < m.units()) {
      int j = i;
      while (j + 1 < m.units() && m.valid(i, j + 1) && r.nextInt(3) > 0) j++;
      Map<String, Integer> rep = new LinkedHashMap<>();
      for (int s = m.unitStage(i); s <= m.unitStage(j); s++) rep.put(m.stageName(s), 1);
      for (int tries = 0; tries < 6; tries++) {
        int s = m.unitStage(i) + r.nextInt(m.unitStage(j) - m.unitStage(i) + 1);
        int d = rep.get(m.stageName(s)) + 1 + r.nextInt(3);
        if (d > m.stageMvms(s)) continue;
        Map<String, Integer> trial = new LinkedHashMap<>(rep);
        trial.put(m.stageName(s), d);
        if (ReferenceModel.fits(m.graph(), m.mapping(), m.hardware(), i, j, trial)) rep = trial;
      }
      parts.add(new Partition(i, j, rep));
      i = j + 1;
    }
    return new PartitionPlan(parts);
  }

  /** Chips no preset and no other suite uses: a slow-DRAM SRAM chip, a slow-write ReRAM-like chip with a slow vector unit, CORE. */
  static List<HardwareSpec> unseenChips() {
    return List.of(
        new HardwareSpec("slow-dram", 4, 8, 64, 64, 2, 8, 8, 16, 2, 20e-9, 3e-9, 2, 2e9, 20e-12, 1e-12, 1e-12, 0.2, 5e10, 1e-12,
            Allocation.ARRAY, Map.of()),
        new HardwareSpec("slow-write", 2, 16, 32, 32, 1, 4, 8, 16, 1, 10e-9, 80e-9, 3, 2e10, 10e-12, 2e-12, 5e-12, 0.1, 2e9, 2e-12,
            Allocation.ARRAY, Map.of()),
        new HardwareSpec("core-alloc", 6, 4, 64, 128, 2, 8, 8, 16, 4, 15e-9, 5e-9, 6, 8e9, 15e-12, 1e-12, 2e-12, 0.05, 1e10, 1e-12,
            Allocation.CORE, Map.of()));
  }
}
