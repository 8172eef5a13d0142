package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Version 2 of FORMULATION.md §4 and §8 rule 12 worked out by hand: the one vector unit
 * ({@code tau = max(max_s t_s, V)}, {@code F >= V}), first-image loads in the fill
 * ({@code f_s = max(L_s/bwDram, t_s + max_pred f_p)}) and the roofline with row writes.
 *
 * <p>The chip is {@link HandComputedCostTest}'s (A = 4 arrays of 4x4, 2 outputs per column tile,
 * MVM 20 ns, tRow 1 ns, 2 write ports, 1 GB/s, vector unit 1 GMAC/s), with a slower DRAM or slower
 * row writes where a test says so.
 */
class V2HandComputedTest {
  static final double NS = 1e-9;

  static HardwareSpec chip(double bwDram, double tRow) {
    return new HardwareSpec("hand-v2", 2, 2, 4, 4, 1, 2, 2, 8, 1, 10 * NS, tRow, 2, bwDram, 1e-10, 1e-12, 1e-11, 1e-3,
        1e9, 1e-12, Allocation.ARRAY, Map.of());
  }

  /**
   * input [1,4,2] -> q (MatMul by a constant, H = 2, W = 2, P = 4: one array) -> s1 (100 attention
   * MACs, stage q) -> k (H = 2, W = 2, P = 4: one array) -> s2 (300 attention MACs, stage k).
   */
  static Network twoAttentionStages() {
    NetworkBuilder b = new NetworkBuilder("att2");
    String x = b.input("input", 1, 4, 2);
    String q = b.matmulConst("q", x, 2);
    String s1 = b.vectorShaped("s1", "MatMul", new long[] {1, 4, 2}, 100, q, q);
    String k = b.matmulConst("k", s1, 2);
    String s2 = b.vectorShaped("s2", "MatMul", new long[] {1, 4, 2}, 300, k, k);
    return b.build(s2);
  }

  @Test
  void twoAttentionStagesShareTheVectorUnit() {
    CostModel m = CostModel.of(twoAttentionStages(), chip(1e9, NS), 4);
    assertThat(m.units()).isEqualTo(2);
    PlanCost c = m.evaluate(new PartitionPlan(List.of(new Partition(0, 1, Map.of()))));
    PartitionCost p = c.partitions().get(0);
    // t_q = 4 x 20 + 100 = 180 ns, t_k = 4 x 20 + 300 = 380 ns; V = 100 + 300 = 400 ns > both:
    // tau = 400 ns (version 1 said 380)
    assertThat(p.vectorSeconds()).isCloseTo(400 * NS, within(1e-15));
    assertThat(p.tauSeconds()).isCloseTo(400 * NS, within(1e-15));
    assertThat(p.bottleneckSeconds()).isEqualTo(p.tauSeconds());
    // L_q = the input, 8 elements x 2 bits = 2 B: 2 ns. f_q = max(2, 180) = 180; f_k = 180 + 380 = 560;
    // F = max(560, V = 400) = 560; T_compute = 560 + 3 x 400 = 1760 ns
    assertThat(p.fillSeconds()).isCloseTo(560 * NS, within(1e-15));
    assertThat(p.computeSeconds()).isCloseTo(1760 * NS, within(1e-15));
    assertThat(p.bindingLoad()).isEmpty();
    // bytesW = 2 x (2 rows x 2 outputs x 2 bits) = 2 B; rowsW = 4 -> T_write = max(2, 4 x 1 / 2) = 2 ns;
    // bytesIO = 4 x (2 B input + 2 B output) = 16 B (16 ns, hidden): T = 2 + 1760 = 1762 ns
    assertThat(p.writeSeconds()).isCloseTo(2 * NS, within(1e-15));
    assertThat(p.ioBytes()).isEqualTo(16.0);
    assertThat(p.latencySeconds()).isCloseTo(1762 * NS, within(1e-15));
    // E = 4 x (4x2x1 + 4x2x1) x 1 pJ + (2 + 16) B x 0.1 nJ + 4 rows x 10 pJ + 4 x 400 MACs x 1 pJ + 1 mW x 1762 ns
    assertThat(p.energyJoules()).isCloseTo(64e-12 + 1.8e-9 + 40e-12 + 1.6e-9 + 1.762e-9, within(1e-20));
  }

  @Test
  void targetsBelowTheVectorTimeStayCandidatesAndShortenTheFill() {
    CostModel m = CostModel.of(twoAttentionStages(), chip(1e9, NS), 4);
    RangeScanner sc = m.scanner();
    sc.setRange(0, 1);
    double[] tau = new double[sc.maxCandidates()];
    double[] lat = new double[tau.length];
    double[] e = new double[tau.length];
    // targets (max_s t_s): 380 ns (d = 1, 1); then k twice: t_k = 2 x 20 + 300 = 340 ns (3 arrays);
    // then k 4 times (t_k = 320) needs 5 arrays > 4. Both targets are below V = 400 and stay candidates.
    assertThat(sc.candidates(tau, lat, e)).isEqualTo(2);
    assertThat(tau[0]).isCloseTo(380 * NS, within(1e-15));
    assertThat(tau[1]).isCloseTo(340 * NS, within(1e-15));
    assertThat(lat[0]).isCloseTo(1762 * NS, within(1e-15));
    // d_k = 2: tau stays 400, F = 180 + 340 = 520, T_compute = 520 + 1200 = 1720; rowsW = 2 + 2 x 2 = 6 -> 3 ns
    assertThat(lat[1]).isCloseTo(1723 * NS, within(1e-15));
    assertThat(sc.replicationAtStep(1)).containsExactly(1, 2);
    PartitionCost p = sc.costAtStep(0, 1, 1);
    assertThat(p.tauSeconds()).isCloseTo(400 * NS, within(1e-15));
    assertThat(p.fillSeconds()).isCloseTo(520 * NS, within(1e-15));
    assertThat(p.latencySeconds()).isCloseTo(1723 * NS, within(1e-15));
  }

  /** input [1,2,3,3] (4.5 B) -> c1 (1x1 conv 2->2, P = 9, one array) -> c2 (the same) -> global pool. */
  static Network chain() {
    NetworkBuilder b = new NetworkBuilder("chain");
    String x = b.input("input", 1, 2, 3, 3);
    String c1 = b.conv("c1", x, 2, 1, 1, 0);
    String c2 = b.conv("c2", c1, 2, 1, 1, 0);
    return b.build(b.globalPool("gp", c2));
  }

  @Test
  void theFirstStageWaitsForALargeLoadAtBatchOne() {
    // DRAM at 1e7 B/s: 100 ns per byte
    CostModel m = CostModel.of(chain(), chip(1e7, NS), 1);
    PartitionCost p = m.evaluate(new PartitionPlan(List.of(new Partition(0, 1, Map.of())))).partitions().get(0);
    // t_c1 = t_c2 = 9 x 20 = 180 ns. L_c1 = 4.5 B: 450 ns. f_c1 = max(450, 180) = 450;
    // f_c2 = max(0, 180 + 450) = 630 = F (version 1: 360). B = 1: T_compute = F = 630 ns
    assertThat(p.tauSeconds()).isCloseTo(180 * NS, within(1e-15));
    assertThat(p.vectorSeconds()).isEqualTo(0.0);
    assertThat(p.fillSeconds()).isCloseTo(630 * NS, within(1e-15));
    assertThat(p.computeSeconds()).isCloseTo(630 * NS, within(1e-15));
    assertThat(p.bindingLoad()).hasValueSatisfying(b -> {
      assertThat(b.stage()).isEqualTo("c1");
      assertThat(b.stageIndex()).isZero();
      assertThat(b.bytesPerImage()).isEqualTo(4.5);
      assertThat(b.seconds()).isCloseTo(450 * NS, within(1e-15));
    });
    // bytesW = 2 B: 200 ns (rows: 4 x 1 / 2 = 2 ns); bytesIO = 4.5 + 0.5 (pooled output, 2 el x 2 bits) = 5 B:
    // 500 ns < 630. T = 200 + 630 = 830 ns (version 1: 200 + max(360, 500) = 700)
    assertThat(p.writeSeconds()).isCloseTo(200 * NS, within(1e-15));
    assertThat(p.ioBytes()).isEqualTo(5.0);
    assertThat(p.latencySeconds()).isCloseTo(830 * NS, within(1e-15));

    // on the 1 GB/s chip the load (4.5 ns) binds nothing: F = 360 ns
    PartitionCost fast = CostModel.of(chain(), chip(1e9, NS), 1)
        .evaluate(new PartitionPlan(List.of(new Partition(0, 1, Map.of())))).partitions().get(0);
    assertThat(fast.fillSeconds()).isCloseTo(360 * NS, within(1e-15));
    assertThat(fast.bindingLoad()).isEmpty();
  }

  @Test
  void aTensorTwoStagesReadCountsInBothLoadsButOnceInTraffic() {
    NetworkBuilder b = new NetworkBuilder("fork");
    String x = b.input("input", 1, 2, 3, 3);
    String g1 = b.globalPool("gp1", b.conv("c1", x, 2, 1, 1, 0));
    String g2 = b.globalPool("gp2", b.conv("c2", x, 2, 1, 1, 0));
    CostModel m = CostModel.of(b.build(g1, g2), chip(1e7, NS), 1);
    PartitionCost p = m.evaluate(new PartitionPlan(List.of(new Partition(0, 1, Map.of())))).partitions().get(0);
    // both stages wait for the input (450 ns each, no edge between them): F = 450 ns; loaded once (4.5 B)
    assertThat(p.fillSeconds()).isCloseTo(450 * NS, within(1e-15));
    assertThat(p.loadBytes()).isEqualTo(4.5);
    // ties: the lower stage index is reported
    assertThat(p.bindingLoad()).hasValueSatisfying(l -> assertThat(l.stage()).isEqualTo("c1"));
  }

  @Test
  void rooflineWithRowBoundWrites() {
    // HandComputedCostTest's network with tRow = 10 ns: rows 2+2+3+16+2 = 25 x 10 / 2 ports = 125 ns >
    // weight bytes 12 B / 1 GB/s = 12 ns. Array work: c1 9 x 2 arrays + c2 9 x 1 + fc 1 x 5 = 32 MVM-arrays
    // x 20 ns / 4 arrays = 160 ns per image. B = 2: T_lb = 125 + 2 x 160 = 445 ns
    CostModel m = CostModel.of(HandComputedCostTest.net(), chip(1e9, 10 * NS), 2);
    assertThat(m.rooflineSeconds()).isCloseTo(445 * NS, within(1e-15));
  }

  @Test
  void rooflineSumsTheAttention() {
    // write max(2 B / 1 GB/s, 4 rows x 1 ns / 2) = 2 ns; arrays (4 + 4) x 20 / 4 = 40 ns; V = 100 + 300 = 400 ns
    // (version 1 took the largest stage's, 300). B = 4: T_lb = 2 + 4 x 400 = 1602 ns <= the best plan
    CostModel m = CostModel.of(twoAttentionStages(), chip(1e9, NS), 4);
    assertThat(m.rooflineSeconds()).isCloseTo(1602 * NS, within(1e-15));
    // every plan: the single partition's candidates (1762, 1723) and the two-partition plan
    PlanCost split = m.evaluate(new PartitionPlan(List.of(new Partition(0, 0, Map.of()), new Partition(1, 1, Map.of()))));
    assertThat(split.latencySeconds()).isGreaterThanOrEqualTo(m.rooflineSeconds());
  }
}
