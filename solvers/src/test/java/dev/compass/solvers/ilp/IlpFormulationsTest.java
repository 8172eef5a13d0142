package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each formulation on tiny instances whose optimum is computed by hand (arithmetic in the comments).
 * Hardware: 1-bit cells, weights and activations, 1 DAC bit (1 step per MVM), 4x4 arrays.
 */
class IlpFormulationsTest {

  static Stream<PartitionSolver> solvers() {
    return Stream.of(new PathIlpSolver(), PathIlpSolver.scip(), new CompactIlpSolver());
  }

  private static HardwareSpec chip(int arrays, double tRow, double bw, Allocation alloc) {
    // name, cores, arraysPerCore, rows, cols, cellBits, weightBits, activationBits, psumBits, dacBits,
    // tStep, tRow, writePorts, bwDram, eDram, eStep, eRow, pStatic, vecMacRate, eVecMac, allocation
    return new HardwareSpec("hand", 1, arrays, 4, 4, 1, 1, 1, 1, 1, 1e-8, tRow, 1, bw, 1e-9, 1e-12, 1e-12, 0, 1e9, 1e-12,
        alloc, Map.of());
  }

  /** input [1,4] -> fc1 (4x4) -> fc2 (4x4): two stages of one unit (1 array) each, P = 1. */
  private static Network twoDense() {
    NetworkBuilder b = new NetworkBuilder("two-dense");
    String x = b.input("x", 1, 4);
    String h = b.linear("fc1", x, 4);
    return b.build(b.linear("fc2", h, 4));
  }

  /** input [1,1,2,2] -> 1x1 conv, 1 channel: one stage, one unit of 1 array, P = 4 MVMs. */
  private static Network oneConv() {
    NetworkBuilder b = new NetworkBuilder("one-conv");
    String x = b.input("x", 1, 1, 2, 2);
    return b.build(b.conv("conv", x, 1, 1, 1, 0));
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void twoDenseLayersFitTogether(PartitionSolver solver) {
    // chip: 2 arrays, tRow 1e-6 s, bw 1e6 B/s. Weights 16 bits = 2 B per layer; rows 4 per layer.
    // one partition: T_write = max(4 B/1e6, 8 rows*1e-6) = 8e-6; io = 0.5 B in + 0.5 B out = 1 B -> 1e-6 s;
    //   F = 2e-8 (chain) < 1e-6, so T = 8e-6 + 1e-6 = 9e-6
    // two partitions: each max(2e-6, 4e-6) + max(1e-8, 1 B/1e6) = 5e-6 -> 1e-5. Optimum: one partition, 9e-6.
    // energy one: (4 + 1) B*1e-9 + 8 rows*1e-12 + 2 MVMs*1e-12 = 5.01e-9; two: (2+1)*2*1e-9 + 8e-12 + 2e-12 = 6.01e-9
    CostModel m = CostModel.of(twoDense(), chip(2, 1e-6, 1e6, Allocation.ARRAY), 1);
    SolverResult lat = solver.solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(lat.status()).isEqualTo(Status.OPTIMAL);
    assertThat(lat.objectiveValue()).isCloseTo(9e-6, within(1e-15));
    assertThat(lat.plan().size()).isEqualTo(1);
    SolverResult en = solver.solve(m, Objective.ENERGY, SolverOptions.DEFAULT);
    assertThat(en.status()).isEqualTo(Status.OPTIMAL);
    assertThat(en.objectiveValue()).isCloseTo(5.01e-9, within(1e-18));
    SolverResult edp = solver.solve(m, Objective.EDP, SolverOptions.DEFAULT);
    assertThat(edp.status()).isEqualTo(Status.OPTIMAL);
    assertThat(edp.objectiveValue()).isCloseTo(9e-6 * 5.01e-9, within(1e-24));
    assertThat(edp.certificate().orElseThrow().optimal()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void oneArrayChipForcesACutBetweenTheLayers(PartitionSolver solver) {
    // 1 array: the only plan is two partitions, T = 1e-5 (above), E = 6.01e-9
    CostModel m = CostModel.of(twoDense(), chip(1, 1e-6, 1e6, Allocation.ARRAY), 1);
    SolverResult lat = solver.solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(lat.status()).isEqualTo(Status.OPTIMAL);
    assertThat(lat.plan().size()).isEqualTo(2);
    assertThat(lat.objectiveValue()).isCloseTo(1e-5, within(1e-15));
    assertThat(lat.cost().orElseThrow().energyJoules()).isCloseTo(6.01e-9, within(1e-18));
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void replicationTradesWritesForBottleneck(PartitionSolver solver) {
    // one conv, P = 4, 4 arrays, B = 16, tRow 1e-8, bw 1e9. Targets: d = 1, 2, 4 (K = 4, 2, 1 MVMs).
    // T_write = max(1 bit/8/1e9, d*1 row*1e-8) = d*1e-8; T_compute = F + 15*tau = 16*K*1e-8;
    // io = 16 images * (0.5 B in + 0.5 B out) = 16 B -> 1.6e-8 s (below T_compute)
    //   d=1: 1e-8 + 6.4e-7 = 6.5e-7;  d=2: 2e-8 + 3.2e-7 = 3.4e-7;  d=4: 4e-8 + 1.6e-7 = 2.0e-7
    // E = 16*4*1*1e-12 (compute) + (0.125 + 16) B * 1e-9 + d*1e-12 (rows) = 1.6189e-8 + d*1e-12
    CostModel m = CostModel.of(oneConv(), chip(4, 1e-8, 1e9, Allocation.ARRAY), 16);
    SolverResult lat = solver.solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(lat.status()).isEqualTo(Status.OPTIMAL);
    assertThat(lat.objectiveValue()).isCloseTo(2.0e-7, within(1e-16));
    assertThat(lat.plan().partitions().get(0).replication()).containsEntry("conv", 4);
    SolverResult en = solver.solve(m, Objective.ENERGY, SolverOptions.DEFAULT);
    assertThat(en.status()).isEqualTo(Status.OPTIMAL);
    assertThat(en.objectiveValue()).isCloseTo(1.6189e-8 + 1e-12, within(1e-19));
    assertThat(en.plan().partitions().get(0).replicationOf("conv")).isEqualTo(1);
    // EDP: d=1 6.5e-7*1.6190e-8 = 1.0524e-14; d=2 3.4e-7*1.6191e-8 = 5.505e-15; d=4 2e-7*1.6193e-8 = 3.2386e-15
    SolverResult edp = solver.solve(m, Objective.EDP, SolverOptions.DEFAULT);
    assertThat(edp.status()).isEqualTo(Status.OPTIMAL);
    assertThat(edp.objectiveValue()).isCloseTo(2e-7 * 1.6193e-8, within(1e-24));
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void coreAllocationCountsCores(PartitionSolver solver) {
    // CORE with 1 array per core and 1 core: same as one array, so the two layers must be cut
    HardwareSpec hw = new HardwareSpec("hand-core", 1, 1, 4, 4, 1, 1, 1, 1, 1, 1e-8, 1e-6, 1, 1e6, 1e-9, 1e-12, 1e-12, 0, 1e9,
        1e-12, Allocation.CORE, Map.of());
    CostModel m = CostModel.of(twoDense(), hw, 1);
    SolverResult lat = solver.solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(lat.status()).isEqualTo(Status.OPTIMAL);
    assertThat(lat.plan().size()).isEqualTo(2);
    assertThat(lat.objectiveValue()).isCloseTo(1e-5, within(1e-15));
  }

  @ParameterizedTest
  @MethodSource("solvers")
  void oneWorkerAndASeedGiveTheSamePlan(PartitionSolver solver) {
    CostModel m = CostModel.of(twoDense(), chip(2, 1e-6, 1e6, Allocation.ARRAY), 4);
    SolverOptions o = SolverOptions.DEFAULT.withWorkers(1).withSeed(7);
    PartitionPlan a = solver.solve(m, Objective.EDP, o).plan();
    PartitionPlan b = solver.solve(m, Objective.EDP, o).plan();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void namesAreTheCommandLineNames() {
    assertThat(solvers().map(PartitionSolver::name)).containsExactly("ilp-path", "ilp-path-scip", "ilp-compact");
    assertThat(solvers().allMatch(PartitionSolver::exact)).isTrue();
  }

  @Test
  void statisticsNameTheModelSize() {
    CostModel m = CostModel.of(twoDense(), chip(2, 1e-6, 1e6, Allocation.ARRAY), 1);
    // columns: ranges 0..0, 1..1, 0..1, one target each (P = 1) = 3
    SolverResult r = new PathIlpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(r.statistics().asMap()).containsEntry("columnsAll", 3).containsKeys("variables", "bound", "gap", "wallSeconds");
    SolverResult c = new CompactIlpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(c.statistics().asMap()).containsKeys("variables", "constraints", "nodes", "bound", "gap", "rootBound");
    // the root LP (integrality dropped) bounds the optimum from below
    assertThat((double) c.statistics().asMap().get("rootBound")).isLessThanOrEqualTo(c.objectiveValue() * (1 + 1e-6));
    assertThat(List.of(r.gap(), c.gap())).allMatch(g -> g <= 1e-6);
  }
}
