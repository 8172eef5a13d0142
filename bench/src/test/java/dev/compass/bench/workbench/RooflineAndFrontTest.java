package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import org.junit.jupiter.api.Test;

class RooflineAndFrontTest {
  /** Two convolutions: 4->8 channels 3x3 on 8x8 (pad 1), then 8->4 channels 1x1. */
  static Network twoConvs() {
    NetworkBuilder b = new NetworkBuilder("two-convs");
    String x = b.input("x", 1, 4, 8, 8);
    String c1 = b.conv("c1", x, 8, 3, 1, 1);
    String c2 = b.conv("c2", c1, 4, 1, 1, 0);
    return b.build(c2);
  }

  @Test
  void rooflineByHandOnTheTinyChip() {
    // tiny: 2 cores x 2 arrays = 4 arrays of 16x16, weightBits 4, cellBits 1 (4 slices), activationBits 4,
    // dacBits 1 (4 steps), tStep 2e-8 (MVM 8e-8 s), bwDram 2.56e10 B/s.
    // c1: H = 3*3*4 = 36, W = 8: R = ceil(36/16) = 3, C = ceil(8*4/16) = 2, a = 6 arrays; P = 8*8 = 64.
    // c2: H = 8, W = 4: R = 1, C = ceil(4*4/16) = 1, a = 1 array; P = 64.
    // array work per image: (64*6 + 64*1) * 8e-8 / 4 = 448 * 2e-8 = 8.96e-6 s; no attention.
    // weights: (36*8 + 8*4) weights * 4 bits / 8 = 160 bytes -> 160 / 2.56e10 = 6.25e-9 s; row writes
    // (v2): c1 36 rows x 2 column tiles + c2 8 rows = 80 rows x 2 ns / 2 ports = 8e-8 s, the larger.
    // B = 2: T_lb = 8e-8 + 2 * 8.96e-6 = 1.8e-5 s.
    CostModel m = CostModel.of(twoConvs(), HardwarePresets.get("tiny"), 2);
    assertThat(m.rooflineSeconds()).isCloseTo(1.8e-5, within(1e-15));
  }

  @Test
  void rooflineIsBelowTheOptimumOnTheZooInstances() {
    Problems p = Fixtures.problems();
    for (String model : List.of("squeezenet1_0", "resnet18")) {
      for (String hw : List.of("compass-s", "compass-l")) {
        CostModel m = p.model(model, hw, 16);
        double opt = new DpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT).objectiveValue();
        assertThat(m.rooflineSeconds()).as(model + " on " + hw).isPositive().isLessThanOrEqualTo(opt);
      }
    }
  }

  @Test
  void paretoFrontIsMonotoneAndHoldsTheDpOptima() {
    CostModel m = Fixtures.problems().model("squeezenet1_0", "compass-s", 16);
    List<ParetoFront.Point> front = ParetoFront.of(m);
    assertThat(front.size()).isGreaterThan(2);
    for (int k = 1; k < front.size(); k++) {
      assertThat(front.get(k).latencySeconds()).isGreaterThan(front.get(k - 1).latencySeconds());
      assertThat(front.get(k).energyJoules()).isLessThan(front.get(k - 1).energyJoules());
    }
    DpSolver dp = new DpSolver();
    double tMin = dp.solve(m, Objective.LATENCY, SolverOptions.DEFAULT).objectiveValue();
    double eMin = dp.solve(m, Objective.ENERGY, SolverOptions.DEFAULT).objectiveValue();
    double edp = dp.solve(m, Objective.EDP, SolverOptions.DEFAULT).objectiveValue();
    assertThat(front.get(0).latencySeconds()).isEqualTo(tMin);
    assertThat(front.get(front.size() - 1).energyJoules()).isEqualTo(eMin);
    assertThat(ParetoFront.edpOptimum(front).edp()).isCloseTo(edp, within(edp * 1e-12));
    // every supported point is a weighted optimum: no point of the front lies below the line through its neighbours
    for (int k = 1; k + 1 < front.size(); k++) {
      ParetoFront.Point a = front.get(k - 1);
      ParetoFront.Point b = front.get(k);
      ParetoFront.Point c = front.get(k + 1);
      double cross = (b.latencySeconds() - a.latencySeconds()) * (c.energyJoules() - a.energyJoules())
          - (b.energyJoules() - a.energyJoules()) * (c.latencySeconds() - a.latencySeconds());
      assertThat(cross).as("convex at point " + k).isGreaterThanOrEqualTo(0);
    }
  }
}
