package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The optimized cost model equals the plain {@link ReferenceModel} on random instances and random plans. */
class CostModelMatchesReferenceTest {

  @Test
  void randomPlansWithRandomReplication() {
    int checked = 0;
    for (long seed = 1; seed <= 400; seed++) {
      Random r = new Random(seed);
      Allocation alloc = r.nextBoolean() ? Allocation.ARRAY : Allocation.CORE;
      CostModel m;
      try {
        m = CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed, alloc), 1 + r.nextInt(64));
      } catch (RuntimeException e) {
        continue;
      }
      // random valid cuts, random feasible replication (grown one stage at a time while capacity holds)
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
          try {
            m.evaluate(single(m, i, j, trial, parts));
            rep = trial;
          } catch (RuntimeException e) {
            // over capacity: keep the previous vector
          }
        }
        parts.add(new Partition(i, j, rep));
        i = j + 1;
      }
      PartitionPlan plan = new PartitionPlan(parts);
      PlanCost c = m.evaluate(plan);
      ReferenceModel.Result ref = ReferenceModel.evaluate(m.graph(), m.mapping(), m.hardware(), m.batch(), plan);
      String why = "seed " + seed + " plan " + plan;
      assertThat(c.latencySeconds()).as(why).isCloseTo(ref.latency(), Percentage.withPercentage(1e-9));
      assertThat(c.energyJoules()).as(why).isCloseTo(ref.energy(), Percentage.withPercentage(1e-9));
      for (int k = 0; k < plan.size(); k++) {
        assertThat(c.partitions().get(k).ioBytes()).as(why + " partition " + k).isCloseTo(ref.parts().get(k)[2], Percentage.withPercentage(1e-9));
        assertThat((double) c.partitions().get(k).rowsWritten()).as(why).isEqualTo(ref.parts().get(k)[3]);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(300);
  }

  /** A plan of the partitions so far + [i..j] + one unit per remaining partition, to test capacity of [i..j]. */
  private static PartitionPlan single(CostModel m, int i, int j, Map<String, Integer> rep, List<Partition> before) {
    List<Partition> ps = new ArrayList<>(before);
    ps.add(new Partition(i, j, rep));
    for (int u = j + 1; u < m.units(); u++) ps.add(new Partition(u, u, Map.of()));
    return new PartitionPlan(ps);
  }
}
