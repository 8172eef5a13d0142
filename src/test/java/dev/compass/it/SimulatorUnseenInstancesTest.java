package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.PimSim;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.baseline.LayerwiseSolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Plans and instances not seen": seeded random networks (chains, residual Adds, concats, grouped
 * convolutions, attention-like products, row chunks) on seeded random small chips, ARRAY and CORE,
 * B in {1, 4, 16}; the DP's, greedy's, layerwise's and genetic's plans, all feasible. Every one is
 * accepted by the simulator with its dynamic energy equal to the model's (1e-9 relative); every one
 * made infeasible (one stage's replication raised past the chip's capacity) is rejected by both, the
 * simulator naming the partition and the rule. Latency by {@link LatencyRule} (within 5% of the
 * model, never below the bound on any execution); the DP's plan simulates no slower than the others
 * (1%). Plans beyond 5% are printed with their split (weight phases / compute phases, % of the
 * model's latency) and their bound.
 */
class SimulatorUnseenInstancesTest {
  @Test
  void feasiblePlansAreAcceptedAndAgree() {
    List<Double> devs = new ArrayList<>();
    List<Double> attainable = new ArrayList<>();
    int instances = 0;
    int rejected = 0;
    int pairs = 0;
    List<AssertionError> failed = new ArrayList<>();
    // -Dcompass.unseen.firstSeed=N -Dcompass.unseen.count=M run the same checks on other instances
    long first = Long.getLong("compass.unseen.firstSeed", 1000);
    long count = Long.getLong("compass.unseen.count", 80);
    for (long seed = first; seed < first + count; seed++) {
      Network net = RandomInstances.network(seed);
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      int batch = new int[] {1, 4, 16}[(int) (seed % 3)];
      CostModel m;
      try {
        m = CostModel.of(net, RandomInstances.chip(seed, alloc), batch);
      } catch (InputException e) {
        continue; // a unit larger than the chip: no plan exists
      }
      List<SimAgreement.Row> rows = new ArrayList<>();
      for (PartitionSolver s : List.of(new DpSolver(), new GreedySolver(), new LayerwiseSolver(), SimAgreement.GENETIC.solver())) {
        PlanCost c = s.solve(m, Objective.LATENCY, SolverOptions.DEFAULT).cost().orElseThrow();
        SimAgreement.Row r = SimAgreement.Row.of("seed " + seed, alloc.toString(), batch, s.name(), m, c);
        rows.add(r);
        String at = r.key() + " plan " + c.plan();
        instances++;
        assertThat(r.sim().dynamicEnergyJoules()).as(at).isCloseTo(c.dynamicEnergy(), within(1e-9 * c.dynamicEnergy()));
        devs.add(r.latencyDeviation());
        try {
          LatencyRule.check(at, c.latencySeconds(), r.sim().latencySeconds(), r.bound(), "");
        } catch (AssertionError e) {
          failed.add(e);
        }
        attainable.add(r.attainableDeviation());
        if (Math.abs(r.latencyDeviation()) > LatencyRule.TOL) {
          double[] x = r.phaseExcess();
          long att = 0;
          for (var st : m.graph().stages()) att += st.attentionMacs();
          System.out.printf(Locale.ROOT, "beyond 5%% of the model: %s: dev %+.1f%% write %+.1f%% compute %+.1f%% parts %d attention %d"
              + " ports %d; bound %+.1f%% of the model, simulator %+.1f%% of the bound%n",
              r.key(), 100 * r.latencyDeviation(), 100 * x[0], 100 * x[1], c.partitions().size(), att, m.hardware().writePorts(),
              100 * r.boundDeviation(), 100 * (r.sim().latencySeconds() / r.bound().latencySeconds() - 1));
        }
        rejected += rejectsOverCapacity(m, c.plan(), at) ? 1 : 0;
      }
      try {
        pairs += SimAgreement.checkDpFastest(rows);
      } catch (AssertionError e) {
        failed.add(e);
      }
    }
    devs.sort(null);
    double mean = devs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    long over = devs.stream().filter(d -> Math.abs(d) > LatencyRule.TOL).count();
    System.out.printf(Locale.ROOT, "unseen instances: %d plans simulated, %d made infeasible and rejected; latency deviation"
        + " min %+.2f%% median %+.2f%% mean %+.2f%% max %+.2f%%; beyond 5%% of the model: %d; against max(model, bound):"
        + " max %+.2f%%; ranking pairs %d%n", instances, rejected, 100 * devs.get(0), 100 * devs.get(devs.size() / 2), 100 * mean,
        100 * devs.get(devs.size() - 1), over, 100 * attainable.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), pairs);
    SimAgreement.throwFirst(failed);
    assertThat(instances).isGreaterThan((int) count);
  }

  /** Raises one stage's replication to the most its P allows; if that overflows the chip, both must reject. */
  private static boolean rejectsOverCapacity(CostModel m, PartitionPlan plan, String at) {
    for (int k = 0; k < plan.partitions().size(); k++) {
      Partition p = plan.partitions().get(k);
      int s = m.unitStage(p.firstUnit());
      long maxD = Math.min(m.stageMvms(s), 1 << 20);
      Map<String, Integer> rep = new LinkedHashMap<>(p.replication());
      rep.put(m.stageName(s), (int) maxD);
      List<Partition> parts = new ArrayList<>(plan.partitions());
      parts.set(k, new Partition(p.firstUnit(), p.lastUnit(), rep));
      PartitionPlan bad = new PartitionPlan(parts);
      boolean modelRejects;
      try {
        m.evaluate(bad);
        modelRejects = false;
      } catch (InputException e) {
        modelRejects = true;
      }
      if (!modelRejects) continue;
      int index = k;
      assertThatThrownBy(() -> PimSim.compile(m.mapping(), bad)).as(at).isInstanceOf(InputException.class)
          .hasMessageContaining("partition")
          .hasMessageContaining(m.hardware().allocation() == Allocation.ARRAY ? "sum d_s*a_s" : "ceil")
          .satisfies(e -> assertThat(e.getMessage()).contains(String.valueOf(index)));
      return true;
    }
    return false;
  }
}
