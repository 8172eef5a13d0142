package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.it.SimAgreement.Plan;
import dev.compass.it.SimAgreement.Row;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.sim.PartitionResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verification suite run with weight prefetch (FORMULATION.md §9; issue 14 item 4): the
 * networks of {@link SimulatorAgreementTest} on compass-s/m/l with {@code prefetch} switched on and
 * on puma-reram-prefetch (slow row writes), at B = 1 and 16, the DP's (pair DP), greedy's and
 * layerwise's LATENCY plans under §9's cost. Compiled with prefetch (the next partition's early rows
 * placed in arrays the running one does not use, read and written during its compute phase) and
 * simulated (the default run: squeezenet1_0 and resnet18; the rest {@code @Tag("slow")}). Per plan: dynamic energy equal to the model's (the same bytes and rows move), in total
 * and per partition; latency by {@link LatencyRule} (within 5% of §9's {@code T}, never below the
 * bound on any execution); the DP's plan no slower than the others (1%). The table is printed.
 */
class SimulatorPrefetchTest {
  static final List<String> MODELS = SimulatorAgreementTest.MODELS;
  /** The default run; the others are {@code @Tag("slow")} (about 150 s more). */
  static final List<String> FAST = List.of("squeezenet1_0", "resnet18");
  static final List<String> CHIPS = List.of("compass-s", "compass-m", "compass-l", "puma-reram-prefetch");
  static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());
  static final AtomicInteger EARLY = new AtomicInteger();
  static final AtomicInteger PAIRS = new AtomicInteger();

  static Stream<Arguments> all() {
    List<Arguments> out = new ArrayList<>();
    for (String m : MODELS) for (String hw : CHIPS) for (int b : new int[] {1, 16}) out.add(Arguments.of(m, hw, b));
    return out.stream();
  }

  static Stream<Arguments> instances() {
    return all().filter(a -> FAST.contains((String) a.get()[0]));
  }

  static Stream<Arguments> slowInstances() {
    return all().filter(a -> !FAST.contains((String) a.get()[0]));
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0} {1} B{2}")
  @MethodSource("slowInstances")
  void prefetchPlansOfTheLargerNetworksAgree(String model, String hw, int batch) {
    prefetchPlansAgree(model, hw, batch);
  }

  static HardwareSpec chip(String name) {
    return HardwarePresets.get(name).withPrefetch(true);
  }

  @ParameterizedTest(name = "{0} {1} B{2}")
  @MethodSource("instances")
  void prefetchPlansAgree(String model, String hw, int batch) {
    List<Row> rows = new ArrayList<>();
    List<AssertionError> failed = new ArrayList<>();
    for (Plan p : List.of(SimAgreement.DP_LATENCY, SimAgreement.GREEDY, SimAgreement.LAYERWISE)) {
      Row r = SimAgreement.run(model, chip(hw), hw + "+pf", batch, p);
      rows.add(r);
      ROWS.add(r);
      for (PartitionProgram pp : r.program().partitions()) if (!pp.earlyReads().isEmpty()) EARLY.incrementAndGet();
      try {
        assertThat(r.sim().dynamicEnergyJoules()).as("%s dynamic energy", r.key())
            .isCloseTo(r.cost().dynamicEnergy(), within(1e-9 * r.cost().dynamicEnergy()));
        for (int k = 0; k < r.cost().partitions().size(); k++) {
          PartitionCost pc = r.cost().partitions().get(k);
          PartitionResult pr = r.sim().partitions().get(k);
          assertThat(pr.dynamicEnergyJoules()).as("%s partition %d dynamic energy", r.key(), k)
              .isCloseTo(pc.dynamicEnergy(), within(1e-9 * pc.dynamicEnergy()));
        }
        LatencyRule.check(r.key(), r.cost().latencySeconds(), r.sim().latencySeconds(), r.bound(), SimAgreement.partitionReport(r));
      } catch (AssertionError e) {
        failed.add(e);
      }
    }
    try {
      PAIRS.addAndGet(SimAgreement.checkDpFastest(rows));
    } catch (AssertionError e) {
      failed.add(e);
    }
    SimAgreement.throwFirst(failed);
  }

  @AfterAll
  static void printTable() {
    if (ROWS.isEmpty()) return;
    long over = ROWS.stream().filter(r -> Math.abs(r.latencyDeviation()) > LatencyRule.TOL).count();
    System.out.printf(Locale.ROOT, "prefetch suite: %d plans, %d partitions with prefetched reads; beyond 5%% of the model: %d;"
        + " latency dev min %+.2f%% max %+.2f%%; ranking pairs %d%n", ROWS.size(), EARLY.get(), over,
        100 * ROWS.stream().mapToDouble(Row::latencyDeviation).min().orElseThrow(),
        100 * ROWS.stream().mapToDouble(Row::latencyDeviation).max().orElseThrow(), PAIRS.get());
    System.out.print(SimAgreement.excessSplit(ROWS, LatencyRule.TOL));
    System.out.println();
    System.out.print(SimAgreement.table(ROWS));
  }
}
