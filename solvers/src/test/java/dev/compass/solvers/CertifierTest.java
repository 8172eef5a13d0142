package dev.compass.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The certifier rejects what it must: overlapping units, capacity exceeded, a replication that is
 * not the least for any target, and a wrong objective value; and accepts the DP's certified plan.
 *
 * <p>Chip: 2 cores x 2 arrays (A = 4) of 4x4 cells, 2 outputs per column tile, MVM 20 ns. Network:
 * input [1,2,3,3] -> c1 (1x1 conv 2->2, P = 9: one unit of one array) -> c2 (the same).
 */
class CertifierTest {
  static HardwareSpec chip() {
    return new HardwareSpec("cert", 2, 2, 4, 4, 1, 2, 2, 8, 1, 10e-9, 1e-9, 2, 1e9, 1e-10, 1e-12, 1e-11, 1e-3, 1e9, 1e-12,
        Allocation.ARRAY, Map.of());
  }

  static Network net() {
    NetworkBuilder b = new NetworkBuilder("cert");
    String x = b.input("input", 1, 2, 3, 3);
    String c1 = b.conv("c1", x, 2, 1, 1, 0);
    return b.build(b.conv("c2", c1, 2, 1, 1, 0));
  }

  final CostModel model = CostModel.of(net(), chip(), 2);

  static PartitionPlan one(Map<String, Integer> rep) {
    return new PartitionPlan(List.of(new Partition(0, 1, rep)));
  }

  @Test
  void acceptsTheDpPlan() {
    SolverResult dp = new DpSolver().solve(model, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(Certifier.verify(model, dp.plan(), Objective.LATENCY, dp.objectiveValue())).isEmpty();
    assertThat(dp.certificate().orElseThrow().optimal()).isTrue();
  }

  @Test
  void rejectsOverlappingUnits() {
    // partitions 0..1 and 1..1 share unit 1
    assertThatThrownBy(() -> new PartitionPlan(List.of(new Partition(0, 1, Map.of()), new Partition(1, 1, Map.of()))))
        .isInstanceOf(InputException.class).hasMessageContaining("partitions[1].firstUnit").hasMessageContaining("contiguous");
  }

  @Test
  void rejectsExceededCapacity() {
    // c1 x3 + c2 x2 = 5 arrays > A = 4 (t_c1 = 3 MVMs, t_c2 = 5: both least for their own times)
    List<String> p = Certifier.check(model.mapping(), one(Map.of("c1", 3, "c2", 2)));
    assertThat(p).anySatisfy(s -> assertThat(s).contains("uses 5 arrays > 4"));
    var cost = dev.compass.costmodel.PlanCost.of(2, List.of(model.scanner().cost(0, 1, new int[] {3, 2})));
    Certificate c = Certifier.certify(model, cost, Objective.LATENCY, true, 0, "test");
    assertThat(c.optimal()).isFalse();
    assertThat(c.feasible()).isFalse();
    assertThat(c.objectiveValue()).isNaN();
  }

  @Test
  void rejectsAReplicationThatIsNotTheLeastForAnyTarget() {
    // target = max(t_c1(1) = 9 MVMs, t_c2(2) = 5) = 9 MVMs: c2 at d = 2 buys replicas the target does not need
    List<String> p = Certifier.check(model.mapping(), one(Map.of("c2", 2)));
    assertThat(p).singleElement().satisfies(s -> assertThat(s).contains("c2 has d = 2 but d = 1 already meets"));
    // c1 2, c2 2: both 5 MVMs, the least for target 5: accepted
    assertThat(Certifier.check(model.mapping(), one(Map.of("c1", 2, "c2", 2)))).isEmpty();
    // c1 at 3 (3 MVMs) with c2 at 2 (5 MVMs): c1 = 2 already meets 5 -> rejected
    assertThat(Certifier.check(model.mapping(), one(Map.of("c1", 3, "c2", 2)))).anySatisfy(s -> assertThat(s).contains("c1 has d = 3"));
  }

  @Test
  void rejectsAWrongObjectiveValue() {
    PartitionPlan plan = one(Map.of());
    double t = model.evaluate(plan).latencySeconds();
    assertThat(Certifier.verify(model, plan, Objective.LATENCY, t)).isEmpty();
    assertThat(Certifier.verify(model, plan, Objective.LATENCY, t * (1 - 1e-6))).singleElement()
        .satisfies(s -> assertThat(s).contains("claimed").contains("cost model gives"));
    assertThat(Certifier.verify(model, plan, Objective.EDP, t)).isNotEmpty();
  }
}
