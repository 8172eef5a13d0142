package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Weight prefetch (FORMULATION.md §9) worked out by hand on {@link HandComputedCostTest}'s chip and
 * network (A = 4 arrays in 2 cores, DRAM 1 GB/s, tRow 1 ns, 2 write ports, pStatic 1 mW).
 */
class PrefetchHandComputedTest {
  static final double NS = 1e-9;

  static CostModel model(Allocation alloc, boolean prefetch, int batch) {
    HardwareSpec hw = HandComputedCostTest.chip(alloc).withPrefetch(prefetch);
    return CostModel.of(HandComputedCostTest.net(), hw, batch);
  }

  @Test
  void thePairFormulas() {
    HardwareSpec hw = HandComputedCostTest.chip(Allocation.ARRAY);
    assertThat(PairCost.earlyFraction(4, 3, 4)).isEqualTo(0.25);
    assertThat(PairCost.earlyFraction(4, 1, 2)).isEqualTo(1.0);
    assertThat(PairCost.earlyFraction(4, 4, 1)).isEqualTo(0.0);
    // T_compute 10 ns, 5 B of activations, half of 40 B and 120 rows early:
    // DRAM (5 + 20) B / 1 GB/s = 25 ns; ports 0.5 * 120 * 1 ns / 2 = 30 ns -> C = 30 ns (stretched)
    assertThat(PairCost.computePhase(hw, 10 * NS, 5, 0.5, 40, 120)).isCloseTo(30 * NS, within(1e-18));
    // with 80 rows the ports take 20 ns and DRAM binds: 25 ns
    assertThat(PairCost.computePhase(hw, 10 * NS, 5, 0.5, 40, 80)).isCloseTo(25 * NS, within(1e-18));
    // a long compute phase hides it all
    assertThat(PairCost.computePhase(hw, 100 * NS, 5, 0.5, 40, 120)).isCloseTo(100 * NS, within(1e-18));
    // W = (1 - phi) * T_write: T_write = max(40 ns, 120 * 1 / 2 = 60 ns) -> 30 ns
    assertThat(PairCost.exposedWrite(0.5, 60 * NS)).isCloseTo(30 * NS, within(1e-18));
    assertThat(PairCost.exposedWrite(1.0, 60 * NS)).isZero();
  }

  @Test
  void threePartitionPlanWithPrefetch() {
    // the plan of HandComputedCostTest.threePartitionPlanTermByTerm (632.5 ns, 6.7105 nJ without prefetch)
    var plan = HandComputedCostTest.plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of(), Map.of(), Map.of()));
    PlanCost off = model(Allocation.ARRAY, false, 2).evaluate(plan);
    PlanCost on = model(Allocation.ARRAY, true, 2).evaluate(plan);
    assertThat(off.prefetched()).isFalse();
    assertThat(off.latencySeconds()).isCloseTo(632.5 * NS, within(1e-15));
    assertThat(on.prefetched()).isTrue();
    List<PrefetchTerms> t = on.prefetch();
    // u = 3, 4, 1 arrays of A = 4: phi(p0, p1) = min(1, 1/4) = 0.25; phi(p1, p2) = 0 (p1 fills the chip)
    assertThat(t).extracting(PrefetchTerms::used).containsExactly(3L, 4L, 1L);
    assertThat(t).extracting(PrefetchTerms::earlyFraction).containsExactly(0.0, 0.25, 0.0);
    // p0: W = T_write = 3.5 ns; C(p0|p1) = max(540, (18 + 0.25*8) B / 1 GB/s = 20, 0.25*16*1/2 = 2) = 540 ns
    assertThat(t.get(0).exposedWriteSeconds()).isCloseTo(3.5 * NS, within(1e-18));
    assertThat(t.get(0).computePhaseSeconds()).isCloseTo(540 * NS, within(1e-18));
    assertThat(t.get(0).stretchSeconds()).isCloseTo(0, within(1e-18));
    // p1: W = 0.75 * max(8 ns, 16*1/2 = 8 ns) = 6 ns, hidden 0.25 * 8 = 2 ns; C = max(40, 13) = 40 ns
    assertThat(t.get(1).exposedWriteSeconds()).isCloseTo(6 * NS, within(1e-18));
    assertThat(t.get(1).hiddenWriteSeconds()).isCloseTo(2 * NS, within(1e-18));
    assertThat(t.get(1).computePhaseSeconds()).isCloseTo(40 * NS, within(1e-18));
    // p2: W = T_write = max(1 B / 1 GB/s, 2*1/2) = 1 ns; C = max(40, 14) = 40 ns
    assertThat(t.get(2).exposedWriteSeconds()).isCloseTo(1 * NS, within(1e-18));
    assertThat(t.get(2).computePhaseSeconds()).isCloseTo(40 * NS, within(1e-18));
    // T = 3.5 + 540 + 6 + 40 + 1 + 40 = 630.5 ns; E = 6.7105 nJ - 1 mW * 2 ns
    assertThat(on.latencySeconds()).isCloseTo(630.5 * NS, within(1e-15));
    assertThat(on.energyJoules()).isCloseTo(6.7085e-9, within(1e-20));
    assertThat(on.partitions()).extracting(PartitionCost::latencySeconds)
        .containsExactly(543.5 * NS, 46 * NS, 41 * NS);
    assertThat(on.staticEnergy()).isCloseTo(630.5e-12, within(1e-22));
    // the single-partition terms are unchanged
    for (int k = 0; k < 3; k++) {
      assertThat(on.partitions().get(k).writeSeconds()).isEqualTo(off.partitions().get(k).writeSeconds());
      assertThat(on.partitions().get(k).dynamicEnergy()).isCloseTo(off.partitions().get(k).dynamicEnergy(), within(1e-24));
    }
  }

  @Test
  void coreAllocationCountsFreeCores() {
    // units 0..1 (c1, 2 arrays = 1 core), 2 (c2, 1 core), 3 (fc chunk 0, 4 arrays = 2 cores), 4 (1 core) of N_c = 2:
    // phi = 0, min(1, (2-1)/1) = 1, (2-1)/2 = 0.5, (2-2)/1 = 0
    var plan = HandComputedCostTest.plan(new int[][] {{0, 1}, {2, 2}, {3, 3}, {4, 4}}, List.of(Map.of(), Map.of(), Map.of(), Map.of()));
    PlanCost on = model(Allocation.CORE, true, 1).evaluate(plan);
    assertThat(on.prefetch()).extracting(PrefetchTerms::used).containsExactly(1L, 1L, 2L, 1L);
    assertThat(on.prefetch()).extracting(PrefetchTerms::earlyFraction).containsExactly(0.0, 1.0, 0.5, 0.0);
    assertThat(on.prefetch().get(1).exposedWriteSeconds()).isZero();
  }

  @Test
  void withoutPrefetchEveryTermIsSection4() {
    var plan = HandComputedCostTest.plan(new int[][] {{0, 1}, {2, 2}, {3, 3}, {4, 4}}, List.of(Map.of(), Map.of(), Map.of(), Map.of()));
    CostModel m = model(Allocation.ARRAY, false, 3);
    PlanCost off = m.evaluate(plan);
    List<PrefetchTerms> t = PairCost.terms(m, off.partitions(), false);
    for (int k = 0; k < t.size(); k++) {
      assertThat(t.get(k).earlyFraction()).isZero();
      assertThat(t.get(k).latencySeconds()).isCloseTo(off.partitions().get(k).latencySeconds(), within(1e-18));
    }
  }

  @Test
  void rooflineCombinesByMaxWithPrefetch() {
    CostModel off = model(Allocation.ARRAY, false, 2);
    CostModel on = model(Allocation.ARRAY, true, 2);
    // weights: 36 bits = 4.5 B -> 4.5 ns; rows 2+2+3+16+2 = 25 -> 12.5 ns: write part 12.5 ns
    // arrays: P*a = 9*1 + 9*1 + 9*1 + 1*4 + 1*1 = 32 array-MVMs x 20 ns / 4 arrays = 160 ns per image, x B=2 = 320 ns
    assertThat(off.rooflineSeconds()).isCloseTo(332.5 * NS, within(1e-15));
    assertThat(on.rooflineSeconds()).isCloseTo(320 * NS, within(1e-15));
  }
}
