package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every cost term on a tiny case worked out by hand.
 *
 * <p>Chip: 2 cores x 2 arrays (A = 4) of 4x4 cells, 1-bit cells, 2-bit weights (slices 2, so 2 outputs
 * per column tile), 2-bit activations, 1-bit DAC (steps 2), psum 8 bits, tStep 10 ns (MVM 20 ns), tRow
 * 1 ns, 2 write ports, DRAM 1 GB/s and 0.1 nJ/B, eStep 1 pJ, eRow 10 pJ, pStatic 1 mW.
 *
 * <p>Network: input [1,2,3,3] (18 elements, 4.5 B) -> c1 (1x1 conv, 2->3; H=2, W=3, P=9: 2 column
 * units of 2 and 1 outputs, 1 array each, 2 rows each) -> relu (stage c1) -> c2 (1x1 conv, 3->2; H=3,
 * W=2, P=9: 1 unit, 1 array, 3 rows) -> flatten -> fc (18->2; H=18, R=5 > A=4: two row chunks of 4
 * and 1 arrays, 16 and 2 rows, P=1). Units: 0 c1[col0], 1 c1[col1], 2 c2, 3 fc[chunk0], 4 fc[chunk1].
 */
class HandComputedCostTest {
  static final double NS = 1e-9;

  static HardwareSpec chip(Allocation alloc) {
    return new HardwareSpec("hand", 2, 2, 4, 4, 1, 2, 2, 8, 1, 10 * NS, 1 * NS, 2, 1e9, 1e-10, 1e-12, 1e-11, 1e-3,
        1e9, 1e-12, alloc, Map.of());
  }

  static Network net() {
    NetworkBuilder b = new NetworkBuilder("hand");
    String x = b.input("input", 1, 2, 3, 3);
    String c1 = b.conv("c1", x, 3, 1, 1, 0);
    String r1 = b.vector("relu", "Relu", c1);
    String c2 = b.conv("c2", r1, 2, 1, 1, 0);
    String f = b.flatten("flat", c2);
    return b.build(b.linear("fc", f, 2));
  }

  static PartitionPlan plan(int[][] ranges, List<Map<String, Integer>> reps) {
    List<Partition> ps = new java.util.ArrayList<>();
    for (int k = 0; k < ranges.length; k++) ps.add(new Partition(ranges[k][0], ranges[k][1], reps.get(k)));
    return new PartitionPlan(ps);
  }

  @Test
  void mappingOfTheTinyNetwork() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    var map = m.mapping();
    assertThat(m.units()).isEqualTo(5);
    assertThat(new int[] {map.unitArrays(0), map.unitArrays(1), map.unitArrays(2), map.unitArrays(3), map.unitArrays(4)})
        .containsExactly(1, 1, 1, 4, 1);
    assertThat(new long[] {map.unitRowsWritten(0), map.unitRowsWritten(1), map.unitRowsWritten(2), map.unitRowsWritten(3), map.unitRowsWritten(4)})
        .containsExactly(2, 2, 3, 16, 2);
    // weight bits: rows x outputs x 2 bits
    assertThat(new long[] {map.unitWeightBits(0), map.unitWeightBits(1), map.unitWeightBits(2), map.unitWeightBits(3), map.unitWeightBits(4)})
        .containsExactly(8, 4, 12, 64, 8);
    // fc chunk 0 spills P*outputs*psumBits = 1*2*8 = 16 bits per image
    assertThat(map.unitPsumBits(3)).isEqualTo(16);
    assertThat(map.unitLastChunk(3)).isFalse();
    assertThat(map.unitLastChunk(4)).isTrue();
  }

  @Test
  void threePartitionPlanTermByTerm() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    PlanCost c = m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of(), Map.of(), Map.of())));
    PartitionCost p0 = c.partitions().get(0);
    // t_c1 = t_c2 = 9 MVMs x 20 ns = 180 ns; F = 180 + 180 (edge c1->c2) = 360; T_compute = 360 + 1*180 = 540 ns
    assertThat(p0.tauSeconds()).isCloseTo(180 * NS, within(1e-15));
    assertThat(p0.fillSeconds()).isCloseTo(360 * NS, within(1e-15));
    assertThat(p0.computeSeconds()).isCloseTo(540 * NS, within(1e-15));
    // bytesW = (8+4+12)/8 = 3 B; rowsW = 2+2+3 = 7; T_write = max(3 ns, 7*1/2 = 3.5 ns)
    assertThat(p0.weightBytes()).isEqualTo(3.0);
    assertThat(p0.rowsWritten()).isEqualTo(7);
    assertThat(p0.writeSeconds()).isCloseTo(3.5 * NS, within(1e-15));
    // loads: input 4.5 B; stores: c2's output (read by fc, later) 18 el x 2 bits = 4.5 B; x B=2 -> 18 B
    assertThat(p0.loadBytes()).isEqualTo(9.0);
    assertThat(p0.storeBytes()).isEqualTo(9.0);
    // bytesIO / bwDram = 18 B at 1 B/ns: below T_compute, so T = T_write + T_compute
    assertThat(p0.ioSeconds()).isCloseTo(18 * NS, within(1e-15));
    assertThat(p0.latencySeconds()).isCloseTo(543.5 * NS, within(1e-15));
    // E = 2*(18+18+18)*1 pJ + (3+18)*0.1 nJ + 7*10 pJ + 1 mW * 543.5 ns
    assertThat(p0.computeEnergy()).isCloseTo(108e-12, within(1e-24));
    assertThat(p0.energyJoules()).isCloseTo(108e-12 + 2.1e-9 + 70e-12 + 543.5e-12, within(1e-21));

    PartitionCost p1 = c.partitions().get(1);
    // fc chunk 0: t = 20 ns, T_compute = 20 + 20 = 40; bytesW 8 B, rows 16 -> T_write = max(8, 8) ns
    // loads c2 output 4.5 B; stores psum 2 B (no output share: not the last chunk); x2 -> 13 B
    assertThat(p1.writeSeconds()).isCloseTo(8 * NS, within(1e-15));
    assertThat(p1.ioBytes()).isEqualTo(13.0);
    assertThat(p1.ioSeconds()).isCloseTo(13 * NS, within(1e-15));
    assertThat(p1.latencySeconds()).isCloseTo(48 * NS, within(1e-15));
    assertThat(p1.energyJoules()).isCloseTo(16e-12 + 2.1e-9 + 160e-12 + 48e-12, within(1e-21));

    PartitionCost p2 = c.partitions().get(2);
    // fc chunk 1: loads c2 output 4.5 B + psum 2 B, stores the network output 2 el x 2 bits = 0.5 B; x2 -> 14 B
    assertThat(p2.loadBytes()).isEqualTo(13.0);
    assertThat(p2.storeBytes()).isEqualTo(1.0);
    assertThat(p2.latencySeconds()).isCloseTo(41 * NS, within(1e-15));
    assertThat(p2.energyJoules()).isCloseTo(4e-12 + 1.5e-9 + 20e-12 + 41e-12, within(1e-21));

    assertThat(c.latencySeconds()).isCloseTo(632.5 * NS, within(1e-15));
    assertThat(c.energyJoules()).isCloseTo(6.7105e-9, within(1e-20));
    assertThat(c.throughput()).isCloseTo(2 / (632.5 * NS), within(1e-3));
  }

  @Test
  void anyReplicationVectorIsEvaluated() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    PlanCost c = m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("c2", 2), Map.of(), Map.of())));
    PartitionCost p0 = c.partitions().get(0);
    // c2 twice: t_c2 = ceil(9/2)=5 x 20 = 100 ns; rows 2+2+2*3 = 10 -> T_write 5 ns; F = 280, T_compute = 280 + 180
    assertThat(p0.rowsWritten()).isEqualTo(10);
    assertThat(p0.arraysUsed()).isEqualTo(4);
    assertThat(p0.latencySeconds()).isCloseTo(465 * NS, within(1e-15));
  }

  @Test
  void splitStageSharesItsOutput() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 1);
    PlanCost c = m.evaluate(plan(new int[][] {{0, 0}, {1, 2}, {3, 3}, {4, 4}}, List.of(Map.of(), Map.of(), Map.of(), Map.of())));
    // unit 0 holds 2 of c1's 3 outputs: share 2/3 of relu's output (27 el x 2 bits = 6.75 B) = 4.5 B stored
    // (c2 reads it later); it loads the input 4.5 B
    assertThat(c.partitions().get(0).storeBytes()).isEqualTo(4.5);
    assertThat(c.partitions().get(0).loadBytes()).isEqualTo(4.5);
    // units 1..2 load the input again (c1 reads it) and the 2/3 of relu's output made earlier (4.5 B);
    // they store c2's output (4.5 B) but not their 1/3 of relu's output (only c2, here, reads it)
    assertThat(c.partitions().get(1).loadBytes()).isEqualTo(9.0);
    assertThat(c.partitions().get(1).storeBytes()).isEqualTo(4.5);
  }

  @Test
  void coreAllocationCountsWholeCores() {
    CostModel m = CostModel.of(net(), chip(Allocation.CORE), 2);
    // c1: 2 arrays = 1 core, c2: 2 copies x 1 array = 1 core: 2 cores fit
    m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("c2", 2), Map.of(), Map.of())));
    // c1 twice: 4 arrays = 2 cores, + c2 1 core = 3 > 2
    assertThatThrownBy(() -> m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("c1", 2), Map.of(), Map.of()))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("partitions[0]")
        .hasMessageContaining("3 cores > N_c = 2");
    // in ARRAY the same is 4+1 = 5 arrays > 4
    CostModel a = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    assertThatThrownBy(() -> a.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("c1", 2), Map.of(), Map.of()))))
        .hasMessageContaining("5 arrays > A = 4");
  }

  @Test
  void infeasiblePlansNameTheConstraint() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    assertThatThrownBy(() -> m.evaluate(plan(new int[][] {{0, 3}, {4, 4}}, List.of(Map.of(), Map.of()))))
        .hasMessageContaining("partitions[0] (units 0..3)").hasMessageContaining("7 arrays > A = 4");
    assertThatThrownBy(() -> m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("c2", 10), Map.of(), Map.of()))))
        .hasMessageContaining("d = 10 exceeds P_s = 9");
    assertThatThrownBy(() -> m.evaluate(plan(new int[][] {{0, 2}, {3, 3}, {4, 4}}, List.of(Map.of("fc", 2), Map.of(), Map.of()))))
        .hasMessageContaining("not in this partition");
    assertThatThrownBy(() -> m.evaluate(plan(new int[][] {{0, 2}, {3, 3}}, List.of(Map.of(), Map.of()))))
        .hasMessageContaining("must cover them all");
  }

  @Test
  void validWindowsAndScanTargets() {
    CostModel m = CostModel.of(net(), chip(Allocation.ARRAY), 2);
    // arrays 1,1,1,4,1: unit 3 alone fills the chip
    assertThat(m.minFirst(2)).isEqualTo(0);
    assertThat(m.minFirst(3)).isEqualTo(3);
    assertThat(m.minFirst(4)).isEqualTo(4);
    RangeScanner sc = m.scanner();
    sc.setRange(0, 2);
    double[] tau = new double[sc.maxCandidates()];
    double[] t = new double[tau.length];
    double[] e = new double[tau.length];
    // targets: 9 MVMs (d=1,1,1: 3 arrays); 5 MVMs needs c1 twice (2 more arrays: 5 > 4) -> 1 candidate
    assertThat(sc.candidates(tau, t, e)).isEqualTo(1);
    sc.setRange(2, 2);
    // c2 alone (1 array): ceil(9/d) for d = 1..4 -> 9, 5, 3, 3 -> targets 9, 5, 3 MVMs
    int n = sc.candidates(tau, t, e);
    assertThat(n).isEqualTo(3);
    assertThat(tau[0]).isCloseTo(180 * NS, within(1e-15));
    assertThat(tau[1]).isCloseTo(100 * NS, within(1e-15));
    assertThat(tau[2]).isCloseTo(60 * NS, within(1e-15));
    assertThat(sc.replicationAtStep(2)).containsExactly(3);
  }

  @Test
  void paretoFrontKeepsTheUndominatedCandidatesByLatency() {
    // (T, E) of candidates 0..4: (3,1) (1,5) (2,2) (1,4) (2,2). By latency: 3 (1,4) kept; 1 (1,5)
    // dominated by 3; 2 (2,2) kept; 4 (2,2) equal to the earlier 2, dropped; 0 (3,1) kept
    int[] keep = new int[5];
    int m = RangeScanner.paretoFront(5, new double[] {3, 1, 2, 1, 2}, new double[] {1, 5, 2, 4, 2}, keep);
    assertThat(java.util.Arrays.copyOf(keep, m)).containsExactly(3, 2, 0);
  }

  @Test
  void attentionTimeAddsToTheStageAndItsEnergyCountsOnce() {
    NetworkBuilder b = new NetworkBuilder("att");
    String x = b.input("input", 1, 4, 2);
    String q = b.matmulConst("q", x, 4);
    // 100 MACs per image on the vector unit (1e9 MAC/s: 100 ns, 1 pJ/MAC)
    String s = b.vectorShaped("scores", "MatMul", new long[] {1, 4, 4}, 100, q, x);
    String o = b.matmulConst("o", s, 2);
    CostModel m = CostModel.of(b.build(o), chip(Allocation.ARRAY), 1);
    // q: H=2, W=4 (2 col units), P=4; its stage holds the attention product
    assertThat(m.stageAttentionTime(0)).isCloseTo(100 * NS, within(1e-15));
    PlanCost c = m.evaluate(new PartitionPlan(List.of(new Partition(0, 0, Map.of()), new Partition(1, m.units() - 1, Map.of()))));
    // both partitions hold a unit of q: t_q = 4*20 + 100 = 180 ns in each
    assertThat(c.partitions().get(0).tauSeconds()).isCloseTo(180 * NS, within(1e-15));
    assertThat(c.partitions().get(1).tauSeconds()).isCloseTo(180 * NS, within(1e-15));
    // energy of the 100 MACs (100 pJ) is charged once, to the partition with q's first unit
    assertThat(c.partitions().get(0).attentionEnergy()).isCloseTo(100e-12, within(1e-24));
    assertThat(c.partitions().get(1).attentionEnergy()).isEqualTo(0.0);
  }
}
