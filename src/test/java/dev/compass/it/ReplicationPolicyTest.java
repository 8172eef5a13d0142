package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.brute.BruteForceSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The replication scan against brute force: (1) over the bottleneck targets, it finds the same best
 * target (exactness of the scan); (2) over all replication vectors, it reports what FORMULATION.md
 * §4's policy (least replication per target) gives up.
 */
class ReplicationPolicyTest {

  @Test
  void scanEqualsBruteForceOverTargets() {
    int ranges = 0;
    for (long seed = 1; seed <= 150; seed++) {
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE), 1 + (int) (seed % 17));
      } catch (RuntimeException e) {
        continue;
      }
      RangeScanner sc = m.scanner();
      for (int j = 0; j < m.units(); j++) {
        for (int i = m.minFirst(j); i <= j; i++) {
          for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.weighted(2.5))) {
            sc.setRange(i, j);
            double a = o.kind() == Objective.Kind.LATENCY ? 1 : o.lambda();
            double scanned = sc.scan(a, 1 - (o.kind() == Objective.Kind.LATENCY ? 1 : 0), 0, 0);
            double brute = Double.POSITIVE_INFINITY;
            for (Map<String, Integer> rep : BruteForceSolver.targets(m, i, j)) {
              brute = Math.min(brute, o.value(cost(m, i, j, rep).latencySeconds(), cost(m, i, j, rep).energyJoules()));
            }
            assertThat(scanned).as("seed %d range %d..%d %s", seed, i, j, o).isCloseTo(brute, Percentage.withPercentage(1e-9));
            ranges++;
          }
        }
      }
    }
    assertThat(ranges).isGreaterThan(1000);
  }

  private static PartitionCost cost(CostModel m, int i, int j, Map<String, Integer> rep) {
    int s0 = m.unitStage(i);
    int[] d = new int[m.unitStage(j) - s0 + 1];
    for (int x = 0; x < d.length; x++) d[x] = rep.get(m.stageName(s0 + x));
    return m.scanner().cost(i, j, d);
  }

  /**
   * At batch 8 (bottleneck-dominated) and at batch 1, where version 2's fill (first-image loads and
   * the vector unit) weighs most and more replicas than the target needs could shorten it.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "batch {0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {8, 1})
  void whatThePolicyGivesUpAgainstAllReplicationVectors(int batch) {
    List<Double> gaps = new ArrayList<>();
    double worst = 0;
    String worstCase = "";
    for (long seed = 1; seed <= 120; seed++) {
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, Allocation.ARRAY), batch);
      } catch (RuntimeException e) {
        continue;
      }
      RangeScanner sc = m.scanner();
      for (int j = 0; j < m.units(); j++) {
        int i = m.minFirst(j);
        if (m.unitStage(j) - m.unitStage(i) > 3) continue;
        sc.setRange(i, j);
        double policy = sc.scan(1, 0, 0, 1);
        PartitionCost all = BruteForceSolver.bestOverAllReplications(m, i, j, Objective.LATENCY);
        double gap = policy / all.latencySeconds() - 1;
        assertThat(gap).as("the policy's space is a subset of all vectors").isGreaterThanOrEqualTo(-1e-12);
        gaps.add(gap);
        if (gap > worst) {
          worst = gap;
          worstCase = "seed " + seed + " units " + i + ".." + j;
        }
      }
    }
    double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    long zero = gaps.stream().filter(g -> g < 1e-12).count();
    System.out.printf("replication policy vs all vectors (LATENCY, batch %d): %d ranges, %d with no loss, mean loss %.3f%%, worst %.3f%% (%s)%n",
        batch, gaps.size(), zero, 100 * mean, 100 * worst, worstCase);
    assertThat(gaps.size()).isGreaterThan(100);
  }
}
