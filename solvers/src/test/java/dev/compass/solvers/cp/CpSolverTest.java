package dev.compass.solvers.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.brute.BruteForceSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CpSolverTest {

  /** A chip of {@code cores x apc} arrays of 8x8 one-bit cells, 1-bit weights and activations. */
  static HardwareSpec chip(int cores, int apc, Allocation alloc, double pStatic) {
    // steps = ceil(1/1) = 1, tStep = 1e-8: one MVM takes 1e-8 s
    return new HardwareSpec("chip", cores, apc, 8, 8, 1, 1, 1, 8, 1, 1e-8, 1e-9, 1, 1e9, 1e-10, 3e-10, 5e-12, pStatic, 1e9,
        1e-12, alloc, Map.of());
  }

  /**
   * input 1x1x4x4 -> conv a (1x1, 8 out: H=1 row, W=8 cols -> 1 array, P=16) -> conv b (1x1, 8 out:
   * H=8, W=8 -> 1 array, P=16) -> flatten -> fc (128 -> 4: H=128 rows = 16 row tiles, W=4 -> 16 arrays
   * in row chunks of A). Units: a, b, then fc's chunks.
   */
  static Network chain() {
    NetworkBuilder b = new NetworkBuilder("chain");
    String x = b.input("input", 1, 1, 4, 4);
    x = b.conv("a", x, 8, 1, 1, 0);
    x = b.conv("b", x, 8, 1, 1, 0);
    x = b.flatten("flat", x);
    return b.build(b.linear("fc", x, 4));
  }

  @Test
  void candidateTargetsAreTheDistinctStageTimesThatCanFit() {
    CostModel m = CostModel.of(chain(), chip(2, 2, Allocation.ARRAY, 0), 1);
    // stages a and b: P = 16 MVMs, 1 array per unit, A = 4 -> d <= min(16, 4/1) = 4:
    // ceil(16/d) = 16, 8, 6, 4. fc: P = 1 -> only d = 1, ceil(1/1) = 1.
    // Distinct MVM counts {1, 4, 6, 8, 16}, times 1e-8 s each.
    CpTables tables = CpTables.of(m);
    double[] t = tables.targets;
    assertThat(t).containsExactly(new double[] {1e-8, 4e-8, 6e-8, 8e-8, 16e-8}, within(1e-20));
    int[][] d = tables.stageD;
    int a = m.unitStage(0);
    // least d with ceil(16/d) <= k: k=1 -> 16 > dmax 4 (-1); k=4 -> 4; k=6 -> 3; k=8 -> 2; k=16 -> 1
    assertThat(d[a]).containsExactly(-1, 4, 3, 2, 1);
    int fc = m.unitStage(m.units() - 1);
    assertThat(d[fc]).containsExactly(1, 1, 1, 1, 1);
  }

  @ParameterizedTest
  @EnumSource(Allocation.class)
  void tinyChainMatchesBruteForceForEveryObjective(Allocation alloc) {
    CostModel m = CostModel.of(chain(), chip(2, 2, alloc, 1e-3), 4);
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.5))) {
      SolverResult cp = new CpSolver().solve(m, o, SolverOptions.DEFAULT);
      SolverResult brute = new BruteForceSolver().solve(m, o, SolverOptions.DEFAULT);
      assertThat(cp.status()).as("%s %s", alloc, o).isEqualTo(Status.OPTIMAL);
      assertThat(cp.objectiveValue()).as("%s %s: %s vs %s", alloc, o, cp.plan(), brute.plan())
          .isCloseTo(brute.objectiveValue(), Percentage.withPercentage(1e-7));
      assertThat(cp.lowerBound()).isEqualTo(cp.objectiveValue());
      assertThat(m.evaluate(cp.plan()).value(o)).isCloseTo(cp.objectiveValue(), Percentage.withPercentage(1e-9));
      assertThat(cp.certificate().orElseThrow().feasible()).isTrue();
      assertThat(cp.statistics().asMap()).containsKeys("variables", "constraints", "nodes", "fails");
    }
  }

  @Test
  void handCheckedLatencyOfTwoStagesOnOneArrayEach() {
    // a: 1x1 conv 1 -> 8 channels on 4x4: H = 1, W = 8, P = 16, 1 array. b: 8 -> 8, H = 8, 1 array.
    NetworkBuilder b = new NetworkBuilder("two");
    String x = b.input("input", 1, 1, 4, 4);
    x = b.conv("a", x, 8, 1, 1, 0);
    Network net = b.build(b.conv("b", x, 8, 1, 1, 0));
    // A = 2 arrays, ARRAY allocation, batch 1, no static power, huge DRAM bandwidth (1e9 B/s).
    CostModel m = CostModel.of(net, chip(1, 2, Allocation.ARRAY, 0), 1);
    SolverResult cp = new CpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(cp.status()).isEqualTo(Status.OPTIMAL);
    // One MVM: steps = ceil(1/1) = 1 step of 1e-8 s; P = 16 -> t(d) = ceil(16/d) * 1e-8 s.
    // Bytes: input 16 elements * 1 bit = 2 B; a's output and b's output 128 elements * 1 bit = 16 B.
    // Weights: a 1 row x 8 cols x 1 bit = 1 B, b 8 x 8 x 1 = 8 B; rows written a 1, b 8 (per copy).
    // Together (d = 1 each, both arrays used): F = 16e-8 + 16e-8 = 3.2e-7 (edge a -> b);
    //   T_write = max(9 B / 1e9, 9 rows * 1e-9) = 9e-9; traffic 2 + 16 = 18 B -> 1.8e-8 < F;
    //   T = 9e-9 + 3.2e-7 = 3.29e-7.
    // Split, d = 2 each (2 arrays): a: t = 8e-8, T_write = max(1e-9, 2 rows * 1e-9) = 2e-9,
    //   traffic 2 + 16 = 18 B -> 1.8e-8 < 8e-8, T = 8.2e-8; b: t = 8e-8, T_write = max(8e-9, 16e-9)
    //   = 1.6e-8, traffic 16 + 16 = 32 B -> 3.2e-8 < 8e-8, T = 9.6e-8. Sum 1.78e-7.
    // Split with d = 1 is slower (16e-8 per stage), so the split with d = 2 is optimal.
    assertThat(cp.plan().partitions()).containsExactly(new Partition(0, 0, Map.of("a", 2)), new Partition(1, 1, Map.of("b", 2)));
    assertThat(cp.objectiveValue()).isCloseTo(1.78e-7, Percentage.withPercentage(1e-9));
  }

  @Test
  void aSingleUnitNetworkIsSolved() {
    // one 1x1 conv 1 -> 8 channels: one unit of one array; A = 2 -> d in {1, 2}:
    // t(1) = 16e-8 s, t(2) = 8e-8 s. B = 1, no static power. T_write = max(1 B/1e9, d rows * 1e-9),
    // traffic 2 B in + 16 B out = 1.8e-8 s < t. d = 1: 1e-9 + 16e-8 = 1.61e-7; d = 2: 2e-9 + 8e-8 = 8.2e-8.
    NetworkBuilder b = new NetworkBuilder("one");
    String x = b.input("input", 1, 1, 4, 4);
    CostModel m = CostModel.of(b.build(b.conv("a", x, 8, 1, 1, 0)), chip(1, 2, Allocation.ARRAY, 0), 1);
    assertThat(m.units()).isEqualTo(1);
    SolverResult lat = new CpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(lat.status()).isEqualTo(Status.OPTIMAL);
    assertThat(lat.plan().partitions()).containsExactly(new Partition(0, 0, Map.of("a", 2)));
    assertThat(lat.objectiveValue()).isCloseTo(8.2e-8, Percentage.withPercentage(1e-9));
    // energy: d = 1 writes 1 row instead of 2 and nothing else depends on d (pStatic = 0)
    SolverResult en = new CpSolver().solve(m, Objective.ENERGY, SolverOptions.DEFAULT);
    assertThat(en.status()).isEqualTo(Status.OPTIMAL);
    assertThat(en.plan().partitions()).containsExactly(new Partition(0, 0, Map.of("a", 1)));
  }

  @Test
  void oneWorkerAndOneSeedGiveTheSamePlanTwice() {
    CostModel m = CostModel.of(chain(), chip(2, 2, Allocation.CORE, 1e-3), 16);
    SolverOptions o = SolverOptions.DEFAULT.withSeed(7);
    SolverResult r1 = new CpSolver().solve(m, Objective.EDP, o);
    SolverResult r2 = new CpSolver().solve(m, Objective.EDP, o);
    assertThat(r1.plan()).isEqualTo(r2.plan());
    assertThat(r1.statistics().get("nodes")).isEqualTo(r2.statistics().get("nodes"));
  }

  @Test
  void twoWorkersReachTheSameOptimum() {
    CostModel m = CostModel.of(chain(), chip(2, 2, Allocation.ARRAY, 1e-3), 4);
    for (Objective o : List.of(Objective.LATENCY, Objective.EDP)) {
      SolverResult one = new CpSolver().solve(m, o, SolverOptions.DEFAULT);
      SolverResult two = new CpSolver().solve(m, o, SolverOptions.DEFAULT.withWorkers(2).withSeed(3));
      assertThat(two.status()).isEqualTo(Status.OPTIMAL);
      assertThat(two.objectiveValue()).isCloseTo(one.objectiveValue(), Percentage.withPercentage(1e-9));
    }
  }

  @Test
  void progressIsReportedOnImprovingSolutions() {
    CostModel m = CostModel.of(chain(), chip(2, 2, Allocation.ARRAY, 1e-3), 4);
    List<double[]> reports = new ArrayList<>();
    SolverResult r = new CpSolver().solve(m, Objective.LATENCY,
        SolverOptions.DEFAULT.withProgress((s, best, bound, secs) -> reports.add(new double[] {best, bound})));
    assertThat(reports).isNotEmpty();
    for (int i = 1; i < reports.size(); i++) assertThat(reports.get(i)[0]).isLessThan(reports.get(i - 1)[0]);
    assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(r.objectiveValue());
    for (double[] rep : reports) assertThat(rep[1]).isLessThanOrEqualTo(rep[0]);
  }
}
