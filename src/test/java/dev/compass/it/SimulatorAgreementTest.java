package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.PartitionCost;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.it.SimAgreement.Plan;
import dev.compass.it.SimAgreement.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator against the cost model (issue "simulator", item 4): the plans of the DP (LATENCY
 * and EDP), greedy and layerwise on squeezenet1_0, resnet18, resnet50, mobilenet_v2 and googlenet,
 * on compass-s/m/l, at batch 1 and 16, compiled and simulated. Per instance:
 *
 * <ul>
 *   <li><b>Dynamic energy equal</b>, in total and per partition, within {@link #ENERGY_REL} relative:
 *       the two count the same actions (bytes, rows, array steps, MACs) and differ only in the order
 *       of floating-point sums (measured: at most 1.1e-14).
 *   <li><b>Static energy</b> = {@code pStatic} x each one's own latency, per partition, within
 *       {@link #STATIC_REL}.
 *   <li><b>Latency</b> by {@link LatencyRule}: never below the lower bound on any execution
 *       ({@link dev.compass.pimsim.sim.ScheduleBound}), at most 10% below the model, and at most 10%
 *       above {@code max(model, bound)}. Where the bound is above the model (batch 1: a stage cannot
 *       finish an image before its inputs have arrived, and the stages after it still have it to
 *       process; effect 2 of docs/pimsim.md), that excess is the model's, proven, not the
 *       simulator's; elsewhere this is "within 10% of the model". Measured: every instance within
 *       10% of the model; the largest deviation +9.3% (mobilenet_v2's DP LATENCY plan on compass-l
 *       at B = 1, whose bound is +9.2% above the model), the largest from {@code max(model, bound)}
 *       +7.0% (effect 3 at B = 16).
 *   <li><b>Ranking</b>: the DP, greedy and layerwise LATENCY plans in the same order by latency.
 *       Two plans whose model latencies lie within {@link #LATENCY_TOL} of each other are a tie
 *       (the simulator may order them either way); every other pair must keep its order.
 * </ul>
 *
 * The default run covers everything but the DP's EDP plans of resnet50 and mobilenet_v2 (their EDP
 * search takes 5–15 s each; {@code @Tag("slow")}). The measured table is printed at the end and
 * pasted into docs/pimsim.md.
 */
class SimulatorAgreementTest {
  static final double ENERGY_REL = 1e-9;
  static final double STATIC_REL = 1e-12;
  static final double LATENCY_TOL = LatencyRule.TOL;

  static final List<String> MODELS = List.of("squeezenet1_0", "resnet18", "resnet50", "mobilenet_v2", "googlenet");
  static final List<String> SLOW_EDP = List.of("resnet50", "mobilenet_v2");
  static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());
  /** Ranking pairs: compared (model gap beyond 10%), ties, and ties the simulator orders the other way. */
  static final java.util.concurrent.atomic.AtomicInteger COMPARED = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger TIES = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger TIES_SWAPPED = new java.util.concurrent.atomic.AtomicInteger();

  static Stream<Arguments> instances() {
    List<Arguments> out = new ArrayList<>();
    for (String m : MODELS) for (String hw : List.of("compass-s", "compass-m", "compass-l")) for (int b : new int[] {1, 16}) out.add(Arguments.of(m, hw, b));
    return out.stream();
  }

  static Stream<Arguments> slowInstances() {
    return instances().filter(a -> SLOW_EDP.contains((String) a.get()[0]));
  }

  @ParameterizedTest(name = "{0} {1} B{2}")
  @MethodSource("instances")
  void simulatorAgreesWithTheCostModel(String model, String hw, int batch) {
    List<Row> latencyPlans = new ArrayList<>();
    for (Plan p : List.of(SimAgreement.DP_LATENCY, SimAgreement.GREEDY, SimAgreement.LAYERWISE)) {
      Row r = SimAgreement.run(model, hw, batch, p);
      check(r);
      latencyPlans.add(r);
    }
    if (!SLOW_EDP.contains(model)) check(SimAgreement.run(model, hw, batch, SimAgreement.DP_EDP));
    checkRanking(latencyPlans);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0} {1} B{2} dp-edp")
  @MethodSource("slowInstances")
  void edpPlansOfTheLargerNetworks(String model, String hw, int batch) {
    check(SimAgreement.run(model, hw, batch, SimAgreement.DP_EDP));
  }

  static void check(Row r) {
    ROWS.add(r);
    String at = r.key();
    double pStatic = r.costModel().hardware().pStatic();
    // dynamic energy: equal counts, so equal up to summation order
    assertThat(r.sim().dynamicEnergyJoules()).as("%s dynamic energy", at)
        .isCloseTo(r.cost().dynamicEnergy(), within(ENERGY_REL * r.cost().dynamicEnergy()));
    assertThat(r.sim().partitions()).as(at).hasSameSizeAs(r.cost().partitions());
    for (int k = 0; k < r.cost().partitions().size(); k++) {
      PartitionCost pc = r.cost().partitions().get(k);
      PartitionResult pr = r.sim().partitions().get(k);
      assertThat(pr.dynamicEnergyJoules()).as("%s partition %d dynamic energy", at, k)
          .isCloseTo(pc.dynamicEnergy(), within(ENERGY_REL * pc.dynamicEnergy()));
      // static energy follows each one's own latency
      assertThat(pr.energy().staticEnergy()).as("%s partition %d simulated static energy", at, k)
          .isCloseTo(pStatic * pr.latencySeconds(), within(STATIC_REL * pStatic * pr.latencySeconds()));
      assertThat(pc.staticEnergy()).as("%s partition %d model static energy", at, k)
          .isCloseTo(pStatic * pc.latencySeconds(), within(STATIC_REL * pStatic * pc.latencySeconds()));
    }
    LatencyRule.check(at, r.cost().latencySeconds(), r.sim().latencySeconds(), r.bound(), SimAgreement.partitionReport(r));
  }

  /** Same order by latency, ties (model latencies within 10% of each other) excepted. */
  static void checkRanking(List<Row> rows) {
    for (Row a : rows) {
      for (Row b : rows) {
        double ta = a.cost().latencySeconds();
        double tb = b.cost().latencySeconds();
        if (ta >= tb) continue;
        if (tb <= ta * (1 + LATENCY_TOL)) {
          TIES.incrementAndGet();
          if (a.sim().latencySeconds() > b.sim().latencySeconds()) {
            TIES_SWAPPED.incrementAndGet();
            System.out.printf(java.util.Locale.ROOT, "tie ordered the other way: %s %.6g s < %s %.6g s in the model, %.6g s > %.6g s simulated%n",
                a.key(), ta, b.plan(), tb, a.sim().latencySeconds(), b.sim().latencySeconds());
          }
          continue;
        }
        COMPARED.incrementAndGet();
        assertThat(a.sim().latencySeconds()).as("%s faster than %s in the model (%.6g s < %.6g s) but not simulated", a.key(), b.plan(), ta, tb)
            .isLessThan(b.sim().latencySeconds());
      }
    }
  }

  @AfterAll
  static void printTable() {
    if (ROWS.isEmpty()) return;
    System.out.println("Simulator vs cost model, latency deviation = T_sim / T_model - 1:");
    System.out.print(SimAgreement.summary(ROWS));
    System.out.printf("%nRanking of the dp, greedy and layerwise LATENCY plans: %d pairs more than 10%% apart in the model,"
        + " all in the same order simulated; %d ties (within 10%%), %d of them ordered the other way simulated%n",
        COMPARED.get(), TIES.get(), TIES_SWAPPED.get());
    System.out.println();
    System.out.print(SimAgreement.excessSplit(ROWS, LATENCY_TOL));
    System.out.println();
    System.out.print(SimAgreement.table(ROWS));
  }
}
